// Forms as data — a case type's fields and a daily-record form's fields — and the one validator the
// server and the SPA both run on the answers.

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'boolean',
  'multi_select',
  'temperature',
  'photo',
  'item_list',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The types a case type's form may use; record forms may use them all. */
export const CASE_FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'boolean'] as const;
export type CaseFieldType = (typeof CASE_FIELD_TYPES)[number];

/** Body temperature in °C outside which a reading is a typing error, not a fever. */
export const TEMPERATURE_RANGE = { min: 34, max: 43 } as const;
const ITEM_LIST_MAX = 50;
const ITEM_NAME_MAX = 50;

export interface Localised {
  zh: string;
  en: string;
}

export interface FieldOption {
  value: string;
  label: Localised;
}

export interface FieldSpec {
  /** Key of the answer in the case's `fields` object. */
  key: string;
  label: Localised;
  type: FieldType;
  required: boolean;
  /** For select and multi_select: the allowed values; for item_list: suggested item names. */
  options?: FieldOption[];
  /** Text and textarea: the longest answer in characters; number, temperature, item_list: the largest value. */
  max?: number;
  /** Number, temperature, item_list: the smallest value. */
  min?: number;
  /** Number and item_list: the unit shown beside the value (人, 天, %, 元/斤). */
  unit?: Localised;
  /** Shown under the input. */
  help?: Localised;
}

/** A case type's field: the subset of types a case form uses. */
export interface CaseFieldSpec extends FieldSpec {
  type: CaseFieldType;
}

export interface FieldError {
  /** `<prefix>.<key>` (fields.… on cases, values.… on records), so the form marks the input. */
  field: string;
  reason: Localised;
}

export type FieldAnswers = Record<string, unknown>;

const DEFAULT_TEXT_MAX = 500;
const DEFAULT_TEXTAREA_MAX = 4000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

function validDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkOne(spec: FieldSpec, value: unknown): Localised | null {
  switch (spec.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return { zh: '应为文字', en: 'must be text' };
      const max = spec.max ?? (spec.type === 'text' ? DEFAULT_TEXT_MAX : DEFAULT_TEXTAREA_MAX);
      if ([...value].length > max)
        return { zh: `不能超过 ${max} 个字`, en: `must be at most ${max} characters` };
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { zh: '应为数字', en: 'must be a number' };
      if (spec.min !== undefined && value < spec.min)
        return { zh: `不能小于 ${spec.min}`, en: `must be at least ${spec.min}` };
      if (spec.max !== undefined && value > spec.max)
        return { zh: `不能大于 ${spec.max}`, en: `must be at most ${spec.max}` };
      return null;
    }
    case 'date':
      if (typeof value !== 'string' || !validDate(value))
        return { zh: '应为日期（年-月-日）', en: 'must be a date (YYYY-MM-DD)' };
      return null;
    case 'select': {
      const allowed = (spec.options ?? []).map((o) => o.value);
      if (typeof value !== 'string' || !allowed.includes(value))
        return {
          zh: `取值无效（可选：${allowed.join('、')}）`,
          en: `is not allowed (one of: ${allowed.join(', ')})`,
        };
      return null;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return { zh: '应为是或否', en: 'must be yes or no' };
      return null;
    case 'multi_select': {
      const allowed = (spec.options ?? []).map((o) => o.value);
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !allowed.includes(v)))
        return {
          zh: `应为若干选项（可选：${allowed.join('、')}）`,
          en: `must be a list of options (from: ${allowed.join(', ')})`,
        };
      if (new Set(value).size !== value.length) return { zh: '选项重复', en: 'lists an option twice' };
      return null;
    }
    case 'temperature': {
      const min = spec.min ?? TEMPERATURE_RANGE.min;
      const max = spec.max ?? TEMPERATURE_RANGE.max;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return { zh: '应为体温数值（°C）', en: 'must be a temperature in °C' };
      if (value < min || value > max)
        return { zh: `体温应在 ${min}–${max} °C 之间`, en: `must be between ${min} and ${max} °C` };
      return null;
    }
    case 'photo':
      if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/.test(value))
        return { zh: '应为已上传的照片', en: 'must be an uploaded photo' };
      return null;
    case 'item_list':
      return checkItemList(spec, value);
  }
}

function checkItemList(spec: FieldSpec, value: unknown): Localised | null {
  if (!Array.isArray(value)) return { zh: '应为条目列表', en: 'must be a list of items' };
  if (value.length > ITEM_LIST_MAX)
    return { zh: `最多 ${ITEM_LIST_MAX} 条`, en: `must have at most ${ITEM_LIST_MAX} items` };
  const seen = new Set<string>();
  for (const [index, entry] of value.entries()) {
    const item: unknown = entry && typeof entry === 'object' ? (entry as { item?: unknown }).item : undefined;
    const amount: unknown =
      entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    const at = { zh: `第 ${index + 1} 条`, en: `item ${index + 1}` };
    if (typeof item !== 'string' || item.trim() === '' || [...item].length > ITEM_NAME_MAX)
      return {
        zh: `${at.zh}名称应为 1–${ITEM_NAME_MAX} 个字`,
        en: `${at.en} must be named in 1–${ITEM_NAME_MAX} characters`,
      };
    if (seen.has(item.trim())) return { zh: `“${item}”重复`, en: `"${item}" is listed twice` };
    seen.add(item.trim());
    if (typeof amount !== 'number' || !Number.isFinite(amount))
      return { zh: `${at.zh}数值应为数字`, en: `${at.en} value must be a number` };
    if (spec.min !== undefined && amount < spec.min)
      return { zh: `${at.zh}不能小于 ${spec.min}`, en: `${at.en} must be at least ${spec.min}` };
    if (spec.max !== undefined && amount > spec.max)
      return { zh: `${at.zh}不能大于 ${spec.max}`, en: `${at.en} must be at most ${spec.max}` };
  }
  return null;
}

/**
 * Checks answers against a form's fields: required answers present, each of its type, options among
 * the allowed, text within its length, numbers and temperatures within range, no unknown keys.
 * Returns one error per bad field, named `<prefix>.<key>`, with reasons in both languages.
 */
export function validateFields(
  specs: readonly FieldSpec[],
  answers: FieldAnswers,
  prefix = 'fields',
): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(specs.map((s) => s.key));
  for (const spec of specs) {
    const value = answers[spec.key];
    if (isBlank(value)) {
      if (spec.required)
        errors.push({ field: `${prefix}.${spec.key}`, reason: { zh: '必填', en: 'is required' } });
      continue;
    }
    const problem = checkOne(spec, value);
    if (problem) errors.push({ field: `${prefix}.${spec.key}`, reason: problem });
  }
  for (const key of Object.keys(answers)) {
    if (!known.has(key))
      errors.push({
        field: `${prefix}.${key}`,
        reason: { zh: '不是此表单的字段', en: 'is not a field of this form' },
      });
  }
  return errors;
}

/** The answers with blanks dropped and text trimmed, as stored. */
export function normaliseFields(specs: readonly FieldSpec[], answers: FieldAnswers): FieldAnswers {
  const out: FieldAnswers = {};
  for (const spec of specs) {
    const value = answers[spec.key];
    if (isBlank(value)) continue;
    if (typeof value === 'string') out[spec.key] = value.trim();
    else if (spec.type === 'item_list' && Array.isArray(value))
      out[spec.key] = value.map((e: { item: string; value: number }) => ({
        item: e.item.trim(),
        value: e.value,
      }));
    else out[spec.key] = value;
  }
  return out;
}
