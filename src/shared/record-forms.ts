// Daily records: the shapes shared by the server and the SPA (forms, expectations, rules, templates).
import type { Localised } from './form-fields.ts';

/** What a record is about: an organisation, a person, a household (door visits) or a place (checkpoint, market). */
export const RECORD_SUBJECT_KINDS = ['org', 'person', 'household', 'place'] as const;
export type RecordSubjectKind = (typeof RECORD_SUBJECT_KINDS)[number];

/** How a record arrived. */
export const RECORD_CHANNELS = ['staff', 'subject', 'public', 'ingest'] as const;
export type RecordChannel = (typeof RECORD_CHANNELS)[number];

/**
 * Who is expected to report a form, and how often:
 * - resumed_enterprises: every enterprise whose status is `resumed`, daily;
 * - screened_residents: every person with an open screening period covering the day, daily;
 * - checkpoints: every active place of kind `checkpoint`, per shift (`shifts` a day);
 * - venues: every active place of kind market / supermarket / venue, daily.
 */
export const EXPECTED_SUBJECT_SETS = [
  'resumed_enterprises',
  'screened_residents',
  'checkpoints',
  'venues',
] as const;
export type ExpectedSubjectSet = (typeof EXPECTED_SUBJECT_SETS)[number];

export interface FormExpectation {
  subjects: ExpectedSubjectSet;
  /** Records expected per subject per day (checkpoints: one per shift); 1 for daily forms. */
  perDay: number;
}

/**
 * A rule's condition on one record's values (evaluated when a record is stored), or on silence
 * (evaluated by the daily sweep). `conditionKey` of a hit: the item's name for item_below, the day
 * for value conditions (one alert per subject per day), the first missed day for missed_days.
 */
export type RuleCondition =
  | {
      kind: 'value';
      field: string;
      op: 'lt' | 'lte' | 'gt' | 'gte' | 'eq' | 'neq';
      value: number | string | boolean;
    }
  | { kind: 'item_below'; field: string; value: number }
  | { kind: 'missed_days'; days: number };

/** What a rule does when its condition starts to hold. */
export type RuleAction =
  /** Open a case of a type (for an org subject the enterprise problem goes to its liaison by first-ask). */
  | { kind: 'open_case'; caseType: string; category?: string; title: Localised; alert?: boolean }
  /** An in-app alert to the staff in charge of the subject's area (no case). */
  | { kind: 'alert'; title: Localised };

/**
 * How a report column aggregates. The record-counting kinds (count_value, count_where, count_any) count
 * records, or distinct subjects when `per` is 'subject'; items_below always counts subjects.
 */
export const TEMPLATE_AGGREGATES = [
  'count',
  'subjects',
  'sum',
  'avg',
  'min',
  'max',
  'share_true',
  'count_value',
  'count_where',
  'count_any',
  'items_below',
] as const;
export type TemplateAggregate = (typeof TEMPLATE_AGGREGATES)[number];

export const TEMPLATE_COMPARISONS = ['lt', 'lte', 'gt', 'gte', 'eq', 'neq'] as const;
export type TemplateComparison = (typeof TEMPLATE_COMPARISONS)[number];

/** A column of a department's report: an aggregate of one field (or a count) over the group's records. */
export interface TemplateColumn {
  key: string;
  label: Localised;
  /**
   * count · subjects (distinct) · sum/avg/min/max of a number · share_true of a yes/no (0–1) ·
   * count_value: records whose field equals (a multi-choice: contains) `value` ·
   * count_where: records whose number compares to `value` by `op` (temperature ≥ 37.3) ·
   * count_any: records whose choice is (or multi-choice contains) any of `values` ·
   * items_below: subjects with any item of an item list below `value` (raw material < 7 days).
   */
  agg: TemplateAggregate;
  /** The form field aggregated; absent for count and subjects. */
  field?: string;
  /** For count_value: the value counted (e.g. 'torn'); count_where and items_below: the threshold. */
  value?: string | number | boolean;
  /** For count_where: how the field compares to `value`. */
  op?: TemplateComparison;
  /** For count_any: the choices counted. */
  values?: string[];
  /** For count_value, count_where and count_any: count distinct subjects instead of records. */
  per?: 'record' | 'subject';
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The reporting day of an instant, in Asia/Shanghai (no DST there), as YYYY-MM-DD. */
export function reportingDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
