import type { FieldSpec, FieldType, Localised } from '../../../shared/form-fields.ts';
import type { TemplateColumn } from '../../../shared/record-forms.ts';
import type { LocalisedFieldError } from '../../core/errors.ts';

export const TEMPLATE_GROUPS = ['town', 'community', 'grid', 'subject'] as const;
export type TemplateGroup = (typeof TEMPLATE_GROUPS)[number];

/** A report covers at most this many days: a quarter, so a sheet stays one bounded scan. */
export const MAX_REPORT_DAYS = 92;

/** A per-subject sheet lists at most this many subjects; a larger area must be narrowed first. */
export const MAX_SUBJECT_ROWS = 2_000;

/**
 * Path segments of an area at the group's level: city (1) → town (2) → community (3) → grid (4).
 * The area tree nests those levels strictly (places hang below any of them), so the prefix of that
 * many segments is the group's area.
 */
export const GROUP_DEPTH: Record<Exclude<TemplateGroup, 'subject'>, number> = {
  town: 2,
  community: 3,
  grid: 4,
};

const NUMERIC: readonly FieldType[] = ['number', 'temperature'];
const CHOICE: readonly FieldType[] = ['select', 'multi_select'];
const VALUE_TYPES: readonly FieldType[] = ['select', 'multi_select', 'boolean', 'number', 'text'];

const err = (field: string, zh: string, en: string): LocalisedFieldError => ({ field, reason: { zh, en } });

function labelOf(types: readonly FieldType[]): Localised {
  return { zh: types.join('、'), en: types.join(', ') };
}

/**
 * Checks a template's columns against its form's fields: each aggregate names a field of a type it
 * can aggregate, with the value, operator or choices it needs, and column keys are unique. Errors are
 * named `columns[i].<prop>` so the editor marks the input.
 */
export function columnErrors(
  fields: readonly FieldSpec[],
  columns: readonly TemplateColumn[],
): LocalisedFieldError[] {
  const errors: LocalisedFieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const seen = new Set<string>();
  columns.forEach((column, i) => {
    const at = `columns[${i}]`;
    if (seen.has(column.key)) errors.push(err(`${at}.key`, '列代码重复', 'is used by another column'));
    seen.add(column.key);

    if (column.agg === 'count' || column.agg === 'subjects') {
      if (column.field !== undefined)
        errors.push(err(`${at}.field`, '计数列不指定字段', 'must be left out for a count'));
      return;
    }
    if (column.field === undefined) {
      errors.push(err(`${at}.field`, '必填', 'is required'));
      return;
    }
    const spec = byKey.get(column.field);
    if (!spec) {
      errors.push(err(`${at}.field`, '不是此表单的字段', 'is not a field of the form'));
      return;
    }
    const wrongType = (types: readonly FieldType[]) => {
      const label = labelOf(types);
      errors.push(err(`${at}.field`, `字段类型应为 ${label.zh}`, `must be a field of type ${label.en}`));
    };
    const options = (spec.options ?? []).map((o) => o.value);
    switch (column.agg) {
      case 'sum':
      case 'avg':
      case 'min':
      case 'max':
        if (!NUMERIC.includes(spec.type)) wrongType(NUMERIC);
        return;
      case 'share_true':
        if (spec.type !== 'boolean') wrongType(['boolean']);
        return;
      case 'count_where':
        if (!NUMERIC.includes(spec.type)) wrongType(NUMERIC);
        if (column.op === undefined) errors.push(err(`${at}.op`, '必填', 'is required'));
        if (typeof column.value !== 'number') errors.push(err(`${at}.value`, '应为数字', 'must be a number'));
        return;
      case 'items_below':
        if (spec.type !== 'item_list') wrongType(['item_list']);
        if (typeof column.value !== 'number') errors.push(err(`${at}.value`, '应为数字', 'must be a number'));
        return;
      case 'count_any':
        if (!CHOICE.includes(spec.type)) {
          wrongType(CHOICE);
          return;
        }
        if (!column.values || column.values.length === 0)
          errors.push(err(`${at}.values`, '至少选择一项', 'must list at least one choice'));
        else if (column.values.some((v) => !options.includes(v)))
          errors.push(
            err(
              `${at}.values`,
              `含无效选项（可选：${options.join('、')}）`,
              `lists a choice the field does not have (one of: ${options.join(', ')})`,
            ),
          );
        return;
      case 'count_value': {
        if (!VALUE_TYPES.includes(spec.type)) {
          wrongType(VALUE_TYPES);
          return;
        }
        const value = column.value;
        const fits = CHOICE.includes(spec.type)
          ? typeof value === 'string' && options.includes(value)
          : spec.type === 'boolean'
            ? typeof value === 'boolean'
            : spec.type === 'number'
              ? typeof value === 'number'
              : typeof value === 'string';
        if (!fits)
          errors.push(
            err(
              `${at}.value`,
              CHOICE.includes(spec.type) ? `取值无效（可选：${options.join('、')}）` : '与字段类型不符',
              CHOICE.includes(spec.type)
                ? `is not allowed (one of: ${options.join(', ')})`
                : 'does not match the field’s type',
            ),
          );
        return;
      }
    }
  });
  return errors;
}

/** Whole days from `from` to `to`, both included (ISO dates). */
export function daySpan(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The report's day range: `to` defaults to today and `from` to `to` (a daily sheet); `to` before
 * `from` or a range over 92 days is refused.
 */
export function reportWindow(
  query: { from?: string; to?: string },
  today: string,
): { from: string; to: string } | LocalisedFieldError {
  const to = query.to ?? today;
  const from = query.from ?? to;
  const span = daySpan(from, to);
  if (span < 1) return err('to', '不能早于开始日期', 'must not be before from');
  if (span > MAX_REPORT_DAYS)
    return err(
      'to',
      `时间范围不能超过 ${MAX_REPORT_DAYS} 天`,
      `must be within ${MAX_REPORT_DAYS} days of from`,
    );
  return { from, to };
}

/** Rounds what a report shows: averages to two places, shares to four; counts and sums stay. */
export function roundValue(column: Pick<TemplateColumn, 'agg'>, value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (column.agg === 'avg') return Math.round(value * 100) / 100;
  if (column.agg === 'share_true') return Math.round(value * 10_000) / 10_000;
  return value;
}

/** What a group header reads in the sheet. */
export const GROUP_LABEL: Record<TemplateGroup, Localised> = {
  town: { zh: '镇街', en: 'Town' },
  community: { zh: '社区（村）', en: 'Community' },
  grid: { zh: '网格', en: 'Grid' },
  subject: { zh: '对象', en: 'Subject' },
};
