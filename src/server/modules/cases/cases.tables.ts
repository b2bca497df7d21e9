import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../core/db/core.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { people } from '../people/people.tables.ts';
import { teams } from '../staff/staff.tables.ts';

/**
 * A kind of case as data: its form fields, categories with their default department, its states and
 * SLA clocks. Later capabilities (filings, refunds, community services) are rows here, not code.
 */
export const caseTypes = pgTable('case_types', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable code used by seeds, rules and Open311 (service_code), e.g. enterprise_problem. */
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionZh: text('description_zh'),
  descriptionEn: text('description_en'),
  /** What a case of this type is about: org | person | area | none. */
  subjectKind: text('subject_kind').notNull(),
  /** Form schema: [{key, label:{zh,en}, type, required, options?, max?}], validated on both sides. */
  fields: jsonb('fields')
    .notNull()
    .default(sql`'[]'::jsonb`),
  /** [{code, name:{zh,en}, departmentCode}] — the default handling department per category. */
  categories: jsonb('categories')
    .notNull()
    .default(sql`'[]'::jsonb`),
  defaultDepartmentCode: text('default_department_code'),
  /** The subset of the lifecycle this type uses (every type has submitted … closed). */
  states: jsonb('states')
    .notNull()
    .default(sql`'[]'::jsonb`),
  /** {basis: 'working'|'calendar', firstResponseHours, updateIntervalHours, resolutionHours, warnAtShare}. */
  sla: jsonb('sla').notNull(),
  /** Who may file it: staff | enterprise | public (QR form and Open311). */
  submitters: jsonb('submitters')
    .notNull()
    .default(sql`'["staff"]'::jsonb`),
  /** Service code for Open311 GeoReport v2 when residents may file it; null = not published. */
  open311Code: text('open311_code').unique(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Guides and answers written once and shown to later similar cases (《隔离衣备案指导》). */
export const guides = pgTable(
  'guides',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    caseTypeCode: text('case_type_code'),
    category: text('category'),
    departmentCode: text('department_code'),
    areaPath: text('area_path').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('guides_type_idx').on(t.caseTypeCode, t.category)],
);

/**
 * Every problem, application and request. The owner is whoever accepted it first (首问责任制) and
 * changes only by an accepted or ordered handover. region_code leads the big indexes for Citus.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Human number shown on screens and to requesters (GL + number). */
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    regionCode: text('region_code').notNull(),
    typeId: uuid('type_id')
      .notNull()
      .references(() => caseTypes.id),
    typeCode: text('type_code').notNull(),
    category: text('category'),
    status: text('status').notNull(),
    priority: text('priority').notNull().default('normal'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** Answers to the type's form fields. */
    fields: jsonb('fields')
      .notNull()
      .default(sql`'{}'::jsonb`),
    subjectOrgId: uuid('subject_org_id').references(() => orgs.id),
    subjectPersonId: uuid('subject_person_id').references(() => people.id),
    areaPath: text('area_path').notNull(),
    address: text('address'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    /** staff | enterprise | resident_qr | open311 | record_rule */
    source: text('source').notNull(),
    requesterUserId: uuid('requester_user_id').references(() => users.id),
    requesterOrgId: uuid('requester_org_id').references(() => orgs.id),
    requesterName: text('requester_name'),
    requesterPhoneEnc: text('requester_phone_enc'),
    requesterPhoneHash: text('requester_phone_hash'),
    requesterPhoneMasked: text('requester_phone_masked'),
    /** Department expected to act (from the category) until someone owns it. */
    handlingDepartmentCode: text('handling_department_code'),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    ownerTeamId: uuid('owner_team_id').references(() => teams.id),
    mergedIntoId: uuid('merged_into_id'),
    resolution: text('resolution'),
    guideId: uuid('guide_id').references(() => guides.id),
    rating: smallint('rating'),
    ratingComment: text('rating_comment'),
    /** How many times the clocks escalated this case (0 none, 1 supervisor, 2 command office). */
    escalationLevel: smallint('escalation_level').notNull().default(0),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    lastUpdateAt: timestamp('last_update_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    dueFirstResponseAt: timestamp('due_first_response_at', { withTimezone: true }),
    dueResolutionAt: timestamp('due_resolution_at', { withTimezone: true }),
    /** Token handed to Open311 clients before the request id is known. */
    open311Token: text('open311_token').unique(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('cases_owner_idx').on(t.ownerUserId, t.status, t.createdAt),
    // The inbox ("mine", newest first) reads an owner's page without sorting all they ever owned.
    index('cases_owner_created_idx').on(t.ownerUserId, t.createdAt, t.id),
    // Overdue lists: only open cases, by deadline (a few thousand rows of a million).
    index('cases_open_due_idx')
      .on(t.dueResolutionAt, t.id)
      .where(sql`${t.status} in ('submitted', 'accepted', 'in_progress')`),
    index('cases_owner_team_idx').on(t.ownerTeamId, t.status),
    index('cases_department_idx').on(t.handlingDepartmentCode, t.status),
    index('cases_due_idx')
      .on(t.regionCode, t.dueResolutionAt)
      .where(sql`${t.status} in ('submitted', 'accepted', 'in_progress')`),
    index('cases_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
    index('cases_created_idx').on(t.regionCode, t.createdAt, t.id),
    index('cases_subject_org_idx').on(t.subjectOrgId, t.typeCode, t.category),
    index('cases_requester_user_idx').on(t.requesterUserId, t.createdAt),
    index('cases_requester_org_idx').on(t.requesterOrgId, t.createdAt),
    index('cases_type_idx').on(t.typeCode, t.category, t.status),
  ],
);

/** The timeline: append-only (a trigger refuses UPDATE and DELETE). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    /** created, accepted, status, comment, attachment, handover_*, task_*, escalated, sla_warning, rated, merged, reopened, guide_linked */
    kind: text('kind').notNull(),
    /** public: the requester sees it; internal: staff only. */
    visibility: text('visibility').notNull().default('internal'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    body: text('body'),
    data: jsonb('data'),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.id)],
);

/** A change of owner: requested by the owner and accepted by the new one, or ordered by a supervisor. */
export const caseHandovers = pgTable(
  'case_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    fromUserId: uuid('from_user_id').references(() => users.id),
    toUserId: uuid('to_user_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    /** pending | accepted | declined | cancelled | ordered */
    status: text('status').notNull(),
    orderedBy: uuid('ordered_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('case_handovers_one_pending_key')
      .on(t.caseId)
      .where(sql`${t.status} = 'pending'`),
    index('case_handovers_to_idx').on(t.toUserId, t.status),
  ],
);

/** Coordination tasks the owner opens straight to a department or another region's contact (扁平化). */
export const caseTasks = pgTable(
  'case_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    /** department | region */
    assigneeKind: text('assignee_kind').notNull(),
    departmentCode: text('department_code'),
    /** Another district's name and contact, for cross-region coordination. */
    regionName: text('region_name'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneHash: text('contact_phone_hash'),
    contactPhoneMasked: text('contact_phone_masked'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** open | done | closed (closed by the owner with a reason, without a result) */
    status: text('status').notNull().default('open'),
    result: text('result'),
    closeReason: text('close_reason'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('case_tasks_case_idx').on(t.caseId),
    index('case_tasks_department_idx').on(t.departmentCode, t.status),
  ],
);

/** Files on a case; the bytes live on disk (embedded) under storage_key, never in the table. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    visibility: text('visibility').notNull().default('internal'),
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId)],
);

/**
 * SLA clocks as rows: each warning and breach is a row with due_at, swept under an advisory lock and
 * marked fired in the same transaction as its effect, so a restart loses none and fires none twice.
 */
export const caseDeadlines = pgTable(
  'case_deadlines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    taskId: uuid('task_id').references(() => caseTasks.id),
    /** first_response | update | resolution | task */
    clock: text('clock').notNull(),
    /** warning | breach */
    kind: text('kind').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('case_deadlines_pending_idx')
      .on(t.dueAt)
      .where(sql`${t.firedAt} is null and ${t.cancelledAt} is null`),
    index('case_deadlines_case_idx').on(t.caseId),
  ],
);

/** Exceptions to Monday–Friday: public holidays and the make-up working days (调休). */
export const calendarDays = pgTable('calendar_days', {
  day: date('day').primaryKey(),
  /** holiday | workday */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
});

/** One-enterprise-one-policy plans (一企一策) for key enterprises. */
export const enterprisePlans = pgTable(
  'enterprise_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    title: text('title').notNull(),
    /** [{measure, departmentCode, status}] */
    measures: jsonb('measures')
      .notNull()
      .default(sql`'[]'::jsonb`),
    areaPath: text('area_path').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('enterprise_plans_org_key').on(t.orgId)],
);

/** Codes sent to a resident's phone before a public submission is accepted. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneHash: text('phone_hash').notNull(),
    codeHash: text('code_hash').notNull(),
    purpose: text('purpose').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verification_codes_phone_idx').on(t.phoneHash, t.createdAt)],
);

/** Keys for Open311 clients that file requests (POST requests needs api_key). */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** sha256 of the key; the key itself is shown once. */
  keyHash: text('key_hash').notNull().unique(),
  keyPrefix: text('key_prefix').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
});

export type CaseRow = typeof cases.$inferSelect;
export type CaseTypeRow = typeof caseTypes.$inferSelect;
