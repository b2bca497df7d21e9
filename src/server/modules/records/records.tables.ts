import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../core/db/core.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { people } from '../people/people.tables.ts';
import type { FieldSpec, Localised } from '../../../shared/form-fields.ts';
import type {
  FormExpectation,
  RecordSubjectKind,
  RuleAction,
  RuleCondition,
  TemplateColumn,
} from '../../../shared/record-forms.ts';

/**
 * A form as data, one row per version. Records name the version they were made under, so a new version
 * never invalidates an old record; the current version of a key is the highest active one.
 */
export const recordForms = pgTable(
  'record_forms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable code, e.g. checkpoint_pass. */
    key: text('key').notNull(),
    version: integer('version').notNull(),
    name: jsonb('name').$type<Localised>().notNull(),
    description: jsonb('description').$type<Localised>(),
    subjectKind: text('subject_kind').$type<RecordSubjectKind>().notNull(),
    fields: jsonb('fields').$type<FieldSpec[]>().notNull(),
    /** Who must report how often; null → reported when something happens (no compliance list). */
    expectation: jsonb('expectation').$type<FormExpectation>(),
    /** Health data are purged or anonymised after retentionDays; null → kept. */
    healthData: boolean('health_data').notNull().default(false),
    retentionDays: integer('retention_days'),
    retentionAction: text('retention_action').$type<'delete' | 'anonymise'>().notNull().default('anonymise'),
    /** Usable with the network cut (the PWA queues it). */
    offline: boolean('offline').notNull().default(false),
    /** staff · subject (the enterprise itself) · public (a resident through a place's QR code). */
    channels: text('channels')
      .array()
      .notNull()
      .default(sql`'{staff}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('record_forms_key_version_key').on(t.key, t.version)],
);

/**
 * Dated observations. Partitioned by month on `day` (migration 0007 declares the partitioning; the
 * service creates a month's partition before its first insert), so the primary key carries the day.
 * Each row is one revision: a correction inserts revision n+1 of the same record_id and clears
 * `current` on the earlier one, which stays.
 */
export const records = pgTable(
  'records',
  {
    id: uuid('id').notNull().defaultRandom(),
    /** The reporting day (Asia/Shanghai). */
    day: date('day').notNull(),
    /** Stable across corrections. */
    recordId: uuid('record_id').notNull(),
    revision: integer('revision').notNull().default(1),
    current: boolean('current').notNull().default(true),
    formKey: text('form_key').notNull(),
    formVersion: integer('form_version').notNull(),
    subjectKind: text('subject_kind').$type<RecordSubjectKind>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** The subject's area path at the time of the record; region code = its first segment. */
    areaPath: text('area_path').notNull(),
    /** The region (county) code, derived from the path: the distribution key for Citus (docs/scaling.md). */
    regionCode: text('region_code')
      .notNull()
      .generatedAlwaysAs(sql`split_part(area_path, '.', 1)`),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    channel: text('channel').$type<'staff' | 'subject' | 'public' | 'ingest'>().notNull(),
    submittedBy: uuid('submitted_by'),
    /** The client's idempotency key: a replay of the same key on the same day is recognised. */
    clientKey: text('client_key').notNull(),
    /** Set when the retention purge anonymised the values. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'records_pkey', columns: [t.id, t.day] }),
    uniqueIndex('records_client_key').on(t.clientKey, t.day),
    index('records_form_day_subject_idx')
      .on(t.formKey, t.day, t.subjectId)
      .where(sql`${t.current}`),
    index('records_subject_idx').on(t.subjectId, t.day),
    index('records_record_id_idx').on(t.recordId),
    index('records_area_day_idx').using('btree', sql`${t.areaPath} text_pattern_ops`, t.day),
  ],
);

/** Rules on records as data: a condition on a form's values (or on missed days) and what it opens. */
export const recordRules = pgTable('record_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  formKey: text('form_key').notNull(),
  name: jsonb('name').$type<Localised>().notNull(),
  condition: jsonb('condition').$type<RuleCondition>().notNull(),
  action: jsonb('action').$type<RuleAction>().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per (rule, subject, condition) while the condition holds: the unique index makes a rule fire
 * once per condition, not once per record. Cleared when a later record no longer meets it.
 */
export const recordRuleHits = pgTable(
  'record_rule_hits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => recordRules.id),
    subjectId: uuid('subject_id').notNull(),
    /** What holds, e.g. the raw material's name, or the day for a one-day condition. */
    conditionKey: text('condition_key').notNull(),
    areaPath: text('area_path').notNull(),
    firstRecordId: uuid('first_record_id'),
    caseId: uuid('case_id').references(() => cases.id),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('record_rule_hits_open_key')
      .on(t.ruleId, t.subjectId, t.conditionKey)
      .where(sql`${t.clearedAt} is null`),
    index('record_rule_hits_case_idx').on(t.caseId),
  ],
);

/** Residents under daily screening (每日排摸): a returnee's 14 days, home quarantine, a whole community. */
export const screenings = pgTable(
  'screenings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    areaPath: text('area_path').notNull(),
    fromDay: date('from_day').notNull(),
    /** Inclusive; null → until ended. */
    untilDay: date('until_day'),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The not-yet-reported list walks residents in (area path, person) order; migration 0008 adds
    // INCLUDE (from_day, until_day) so the walk never visits the table.
    index('screenings_area_person_idx').using('btree', sql`${t.areaPath} text_pattern_ops`, t.personId),
    index('screenings_person_idx').on(t.personId),
  ],
);

/** One reminder per subject, form and day: a second click tells the user it was already sent. */
export const recordReminders = pgTable(
  'record_reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    formKey: text('form_key').notNull(),
    day: date('day').notNull(),
    subjectKind: text('subject_kind').$type<RecordSubjectKind>().notNull(),
    subjectId: uuid('subject_id').notNull(),
    areaPath: text('area_path').notNull(),
    sentBy: uuid('sent_by').references(() => users.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('record_reminders_once_key').on(t.formKey, t.day, t.subjectId)],
);

/** A department's view of the same records ("one form, many uses"): grouping and aggregated columns. */
export const reportTemplates = pgTable('report_templates', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull().unique(),
  name: jsonb('name').$type<Localised>().notNull(),
  /** The department that asked for it (display). */
  department: jsonb('department').$type<Localised>().notNull(),
  formKey: text('form_key').notNull(),
  groupBy: text('group_by').$type<'town' | 'community' | 'grid' | 'subject'>().notNull(),
  columns: jsonb('columns').$type<TemplateColumn[]>().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each retention run, per form: how many records were purged or anonymised (also in the audit log). */
export const recordPurges = pgTable('record_purges', {
  id: uuid('id').primaryKey().defaultRandom(),
  formKey: text('form_key').notNull(),
  action: text('action').$type<'delete' | 'anonymise'>().notNull(),
  beforeDay: date('before_day').notNull(),
  count: integer('count').notNull(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull().defaultNow(),
});
