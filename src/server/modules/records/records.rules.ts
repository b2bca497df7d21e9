import {
  normaliseFields,
  validateFields,
  type FieldAnswers,
  type FieldError,
  type FieldSpec,
} from '../../../shared/form-fields.ts';
import { recordCrossFieldErrors } from '../../../shared/record-checks.ts';
import { reportingDay, type RecordChannel } from '../../../shared/record-forms.ts';

/** The slice of a form row the submission rules read. */
export interface FormVersion {
  key: string;
  version: number;
  active: boolean;
  subjectKind: string;
  fields: FieldSpec[];
  channels: string[];
}

/** Device clocks drift: an observation up to this far ahead of the server's clock is still accepted. */
export const CLOCK_SKEW_MS = 10 * 60_000;

const err = (field: string, zh: string, en: string): FieldError => ({ field, reason: { zh, en } });

/** The highest active version of each key among the given rows (all versions of some keys). */
export function currentVersions<F extends FormVersion>(rows: readonly F[]): Map<string, F> {
  const out = new Map<string, F>();
  for (const row of rows) {
    if (!row.active) continue;
    const best = out.get(row.key);
    if (!best || row.version > best.version) out.set(row.key, row);
  }
  return out;
}

/**
 * The form version a submission is made under: the one it names (an offline client may still hold an
 * older one, which stays valid) or the current one. A form whose every version is inactive takes no
 * new records.
 */
export function pickFormVersion<F extends FormVersion>(
  rows: readonly F[],
  key: string,
  version: number | undefined,
): { form: F } | { error: FieldError } {
  const ofKey = rows.filter((r) => r.key === key);
  const current = currentVersions(ofKey).get(key);
  if (!current) return { error: err('formKey', '没有这个在用的表单', 'is not an active form') };
  if (version === undefined) return { form: current };
  const named = ofKey.find((r) => r.version === version);
  if (!named) return { error: err('formVersion', '表单没有这个版本', 'is not a version of this form') };
  return { form: named };
}

/**
 * Checks a submission's values against its form version, plus what one field's rule cannot say alone
 * (src/shared/record-checks.ts, the same function the field-entry screens run); a field already
 * refused is not named twice.
 */
export function recordValueErrors(
  form: Pick<FormVersion, 'key' | 'fields'>,
  values: FieldAnswers,
): FieldError[] {
  const errors = validateFields(form.fields, values, 'values');
  const named = new Set(errors.map((e) => e.field));
  return [...errors, ...recordCrossFieldErrors(form.key, values).filter((e) => !named.has(e.field))];
}

export function normaliseValues(form: Pick<FormVersion, 'fields'>, values: FieldAnswers): FieldAnswers {
  return normaliseFields(form.fields, values);
}

/** When the observation was made (default: now) and its reporting day; a time in the future is refused. */
export function observation(
  observedAt: string | undefined,
  now: Date,
): { at: Date; day: string } | { error: FieldError } {
  const at = observedAt === undefined ? now : new Date(observedAt);
  if (Number.isNaN(at.getTime()))
    return { error: err('observedAt', '时间格式不正确', 'is not a valid time') };
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    return { error: err('observedAt', '不能晚于当前时间', 'must not be in the future') };
  if (at.getUTCFullYear() < 2000) return { error: err('observedAt', '时间过早', 'is too far in the past') };
  return { at, day: reportingDay(at) };
}

/** A form names the channels it accepts (an enterprise's own report, a resident's QR code, a gate's feed). */
export function channelError(form: Pick<FormVersion, 'channels'>, channel: RecordChannel): FieldError | null {
  return form.channels.includes(channel)
    ? null
    : err('formKey', '此表单不接受这种提交方式', 'does not take records through this channel');
}

/** What the schema cannot say about a form's fields: keys unique, choices with options, ranges the right way round. */
export function formSpecErrors(fields: readonly FieldSpec[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const at = `fields.${index}`;
    if (seen.has(field.key)) errors.push(err(`${at}.key`, '字段代码重复', 'is used by another field'));
    seen.add(field.key);
    if ((field.type === 'select' || field.type === 'multi_select') && !field.options?.length)
      errors.push(err(`${at}.options`, '选择题须有选项', 'must list the choices'));
    const values = (field.options ?? []).map((o) => o.value);
    if (new Set(values).size !== values.length)
      errors.push(err(`${at}.options`, '选项重复', 'lists a value twice'));
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      errors.push(err(`${at}.min`, '最小值大于最大值', 'is above the maximum'));
  });
  return errors;
}
