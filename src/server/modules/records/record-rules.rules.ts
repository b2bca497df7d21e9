import type { FieldSpec, FieldType, Localised } from '../../../shared/form-fields.ts';
import type { RuleAction, RuleCondition } from '../../../shared/record-forms.ts';
import type { LocalisedFieldError } from '../../core/errors.ts';
import {
  isWorkingDay,
  localDay,
  localMidnight,
  WORKING_PERIODS,
  type WorkCalendar,
} from '../sla/sla.rules.ts';

// Pure rules on daily records: which conditions a record meets, which open hits it ends, whether a
// rule fits its form, and the texts a hit produces. No database.

/** What a rule looks at in a record. */
export interface RecordFacts {
  day: string;
  values: Record<string, unknown>;
}

/** One condition that holds: its key (item name, or the day) and the value that made it hold. */
export interface ConditionMatch {
  key: string;
  observed: unknown;
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD plus n days (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function compare(op: 'lt' | 'lte' | 'gt' | 'gte', left: number, right: number): boolean {
  if (op === 'lt') return left < right;
  if (op === 'lte') return left <= right;
  if (op === 'gt') return left > right;
  return left >= right;
}

/**
 * Whether one answer meets a value condition. Order comparisons need a number on both sides (a
 * missing or non-numeric answer never fires); eq/neq compare exactly, and on a multi-choice answer
 * mean "contains" / "does not contain". A missing answer meets nothing, neq included: an unanswered
 * question is not evidence of anything.
 */
export function valueHolds(
  op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'neq',
  answer: unknown,
  expected: number | string | boolean,
): boolean {
  if (answer === undefined || answer === null) return false;
  if (op === 'eq' || op === 'neq') {
    const contains = Array.isArray(answer) ? answer.includes(expected) : answer === expected;
    return op === 'eq' ? contains : !contains;
  }
  if (!isNumber(answer) || !isNumber(expected)) return false;
  return compare(op, answer, expected);
}

interface ItemEntry {
  item: string;
  value: number;
}

/** The well-formed entries of an item_list answer (names trimmed; malformed entries skipped). */
export function itemEntries(answer: unknown): ItemEntry[] {
  if (!Array.isArray(answer)) return [];
  const entries: ItemEntry[] = [];
  for (const entry of answer) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { item, value } = entry as { item?: unknown; value?: unknown };
    if (typeof item !== 'string' || item.trim() === '' || !isNumber(value)) continue;
    entries.push({ item: item.trim(), value });
  }
  return entries;
}

/**
 * The conditions a record meets. item_below: one per item below the threshold (its name is the key,
 * so 硫酸 and 液碱 fire separately and each only once); value: the record's day (one hit per subject
 * per day); missed_days: none here — silence is found by the sweep, not by a record.
 */
export function evaluateCondition(condition: RuleCondition, record: RecordFacts): ConditionMatch[] {
  if (condition.kind === 'missed_days') return [];
  const answer = record.values[condition.field];
  if (condition.kind === 'value') {
    return valueHolds(condition.op, answer, condition.value) ? [{ key: record.day, observed: answer }] : [];
  }
  const matches = new Map<string, ConditionMatch>();
  for (const { item, value } of itemEntries(answer)) {
    if (value < condition.value && !matches.has(item)) matches.set(item, { key: item, observed: value });
  }
  return [...matches.values()];
}

/** The keys of the conditions a record meets. */
export function holdingKeys(condition: RuleCondition, record: RecordFacts): string[] {
  return evaluateCondition(condition, record).map((m) => m.key);
}

/**
 * Which of a subject's open hits (by condition key) a new record ends, so the rule can fire again later:
 * - item_below: an item the record reports at or above the threshold (硫酸 back to 7 days or more); an
 *   item the record leaves out says nothing about its stock and keeps its hit;
 * - value: hits of earlier days (each day is its own condition; a late record of an earlier day ends nothing);
 * - missed_days: the silence run ends with any record on or after its first missed day.
 */
export function clears(condition: RuleCondition, record: RecordFacts, openKeys: readonly string[]): string[] {
  if (condition.kind === 'missed_days') return openKeys.filter((key) => key <= record.day);
  if (condition.kind === 'value') return openKeys.filter((key) => key < record.day);
  const recovered = new Set(
    itemEntries(record.values[condition.field])
      .filter((e) => e.value >= condition.value)
      .map((e) => e.item),
  );
  return openKeys.filter((key) => recovered.has(key));
}

/**
 * The first day of a silence run: the day after the last record, but not before the subject was
 * expected to report; with neither known, the first day of the window looked at.
 */
export function firstMissedDay(
  lastRecordDay: string | null,
  expectedFrom: string | null,
  windowStart: string,
): string {
  const afterLast = lastRecordDay === null ? null : addDays(lastRecordDay, 1);
  if (afterLast !== null && expectedFrom !== null) return afterLast > expectedFrom ? afterLast : expectedFrom;
  return afterLast ?? expectedFrom ?? windowStart;
}

/** Replaces {name} placeholders; unknown names stay as written so a typo shows. */
export function renderTemplate(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A hit's texts in both languages, from the action's title template. */
export function hitTitle(title: Localised, vars: Record<string, string | number>): Localised {
  return { zh: renderTemplate(title.zh, vars), en: renderTemplate(title.en, vars) };
}

/** Case types a rule opens as same-day work: due at the close of the working day (a torn notice, a follow-up). */
export const SAME_DAY_CASE_TYPES: readonly string[] = ['field_revisit'];

const HOUR_MS = 3_600_000;
/** Less office time than this left today, and the work is due at the next working day's close. */
const MIN_SAME_DAY_HOURS = 1;

/**
 * The close of office hours of the working day a same-day task is opened on; opened after (or within
 * an hour of) the close, or on a day off, the close of the next working day.
 */
export function sameDayDue(now: Date, calendar: WorkCalendar): Date {
  const closingMinute = WORKING_PERIODS.at(-1)?.[1] ?? 17 * 60 + 30;
  let day = localDay(now);
  for (let i = 0; i < 60; i += 1) {
    if (isWorkingDay(day, calendar)) {
      const close = new Date(localMidnight(day).getTime() + closingMinute * 60_000);
      if (close.getTime() - now.getTime() >= MIN_SAME_DAY_HOURS * HOUR_MS) return close;
    }
    day = addDays(day, 1);
  }
  return new Date(now.getTime() + 24 * HOUR_MS);
}

// ── a rule's fit with its form ────────────────────────────────────────────────

const NUMERIC: readonly FieldType[] = ['number', 'temperature'];
const EQUALITY: readonly FieldType[] = [
  'number',
  'temperature',
  'select',
  'multi_select',
  'boolean',
  'text',
  'date',
];

const err = (field: string, zh: string, en: string): LocalisedFieldError => ({ field, reason: { zh, en } });

/**
 * Problems of a condition against the fields of its form's current version: the field must exist
 * and have a type the operator can read, and the compared value must be one the field can hold.
 * `expectsReports`: whether the form has an expectation (missed days need one).
 */
export function conditionErrors(
  condition: RuleCondition,
  fields: readonly FieldSpec[],
  expectsReports: boolean,
): LocalisedFieldError[] {
  if (condition.kind === 'missed_days') {
    return expectsReports
      ? []
      : [
          err(
            'condition.kind',
            '此表单没有报送要求，无法判断漏报',
            'this form has no reporting expectation, so days cannot be missed',
          ),
        ];
  }
  const spec = fields.find((f) => f.key === condition.field);
  if (!spec)
    return [err('condition.field', '表单当前版本没有此字段', 'is not a field of the form’s current version')];
  if (condition.kind === 'item_below') {
    return spec.type === 'item_list'
      ? []
      : [err('condition.field', '“低于”条件只能用于清单字段', 'item_below needs an item-list field')];
  }
  const ordered = condition.op !== 'eq' && condition.op !== 'neq';
  if (ordered) {
    if (!NUMERIC.includes(spec.type))
      return [
        err(
          'condition.field',
          '大小比较只能用于数字或体温字段',
          'comparisons need a number or temperature field',
        ),
      ];
    if (typeof condition.value !== 'number') return [err('condition.value', '应为数字', 'must be a number')];
    return [];
  }
  if (!EQUALITY.includes(spec.type))
    return [
      err('condition.field', '此类字段不能用于等值比较', 'this field type cannot be compared for equality'),
    ];
  if (NUMERIC.includes(spec.type) && typeof condition.value !== 'number')
    return [err('condition.value', '应为数字', 'must be a number')];
  if (spec.type === 'boolean' && typeof condition.value !== 'boolean')
    return [err('condition.value', '应为是或否', 'must be true or false')];
  if (spec.type === 'select' || spec.type === 'multi_select') {
    const allowed = (spec.options ?? []).map((o) => o.value);
    if (typeof condition.value !== 'string' || !allowed.includes(condition.value))
      return [
        err(
          'condition.value',
          `不是此字段的选项（可选：${allowed.join('、')}）`,
          `is not an option of the field (one of: ${allowed.join(', ')})`,
        ),
      ];
  }
  if ((spec.type === 'text' || spec.type === 'date') && typeof condition.value !== 'string')
    return [err('condition.value', '应为文字', 'must be text')];
  return [];
}

/** Problems of an action against its case type (undefined = no such active type). */
export function actionErrors(
  action: RuleAction,
  caseType: { categories: readonly { code: string }[] } | undefined,
): LocalisedFieldError[] {
  if (action.kind === 'alert') return [];
  if (!caseType) return [err('action.caseType', '没有这种事项类型', 'no such case type')];
  if (action.category !== undefined && !caseType.categories.some((c) => c.code === action.category))
    return [err('action.category', '此类事项没有这个类别', 'not a category of this case type')];
  return [];
}
