// A case type's form as data, and the one validator the server and the SPA both run on the answers.

export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

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
  /** For select: the allowed values. */
  options?: FieldOption[];
  /** Text and textarea: the longest answer in characters; number: the largest value. */
  max?: number;
  /** Number: the smallest value. */
  min?: number;
  /** Shown under the input. */
  help?: Localised;
}

export interface CaseFieldError {
  /** `fields.<key>`, so the form marks the input. */
  field: string;
  reason: Localised;
}

export type FieldAnswers = Record<string, unknown>;

const DEFAULT_TEXT_MAX = 500;
const DEFAULT_TEXTAREA_MAX = 4000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
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
  }
}

/**
 * Checks a case's answers against its type's fields: required answers present, each of its type,
 * select values among the options, text within its length, numbers within range, no unknown keys.
 * Returns one error per bad field, named `fields.<key>`, with reasons in both languages.
 */
export function validateCaseFields(specs: readonly FieldSpec[], answers: FieldAnswers): CaseFieldError[] {
  const errors: CaseFieldError[] = [];
  const known = new Set(specs.map((s) => s.key));
  for (const spec of specs) {
    const value = answers[spec.key];
    if (isBlank(value)) {
      if (spec.required)
        errors.push({ field: `fields.${spec.key}`, reason: { zh: '必填', en: 'is required' } });
      continue;
    }
    const problem = checkOne(spec, value);
    if (problem) errors.push({ field: `fields.${spec.key}`, reason: problem });
  }
  for (const key of Object.keys(answers)) {
    if (!known.has(key))
      errors.push({
        field: `fields.${key}`,
        reason: { zh: '不是此类事项的字段', en: 'is not a field of this case type' },
      });
  }
  return errors;
}

/** The answers with blanks dropped and text trimmed, as stored. */
export function normaliseCaseFields(specs: readonly FieldSpec[], answers: FieldAnswers): FieldAnswers {
  const out: FieldAnswers = {};
  for (const spec of specs) {
    const value = answers[spec.key];
    if (isBlank(value)) continue;
    out[spec.key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}
