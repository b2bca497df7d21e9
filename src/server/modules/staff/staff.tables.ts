import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';

/** City departments (市经信局, 市场监管局 …) and town offices. */
export const departments = pgTable('departments', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable code used in users.department and routing rules, e.g. market_regulation. */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  shortName: text('short_name'),
  areaPath: text('area_path').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
});

/** A cadre or worker; may or may not have a login (users row). */
export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    departmentId: uuid('department_id').references(() => departments.id),
    userId: uuid('user_id').references(() => users.id),
    title: text('title'),
    /** Where the person works; scopes who may see them. */
    areaPath: text('area_path').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('staff_user_key').on(t.userId),
    index('staff_phone_hash_idx').on(t.phoneHash),
    index('staff_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
    index('staff_name_idx').on(t.name, t.id),
  ],
);

/** Guidance groups, supervision groups, grid teams, and the 友邻 centre → station → point network. */
export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    parentTeamId: uuid('parent_team_id').references((): AnyPgColumn => teams.id),
    departmentId: uuid('department_id').references(() => departments.id),
    areaPath: text('area_path').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('teams_kind_idx').on(t.kind),
    index('teams_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    role: text('role').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
  },
  (t) => [
    uniqueIndex('team_members_active_key')
      .on(t.teamId, t.staffId)
      .where(sql`${t.endsOn} is null`),
    index('team_members_staff_idx').on(t.staffId),
  ],
);

/**
 * Who serves whom, with history: a liaison ↔ an enterprise (one active primary per enterprise),
 * a team ↔ the enterprises or areas it covers, a worker ↔ a grid. Ending sets ends_at; rows are not deleted.
 */
export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    staffId: uuid('staff_id').references(() => staff.id),
    teamId: uuid('team_id').references(() => teams.id),
    orgId: uuid('org_id').references(() => orgs.id),
    areaId: uuid('area_id').references(() => areas.id),
    /** Area path of the subject served (the enterprise's or the area's), for scoping. */
    areaPath: text('area_path').notNull(),
    isPrimary: boolean('is_primary').notNull().default(true),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    reason: text('reason'),
    createdBy: uuid('created_by'),
  },
  (t) => [
    uniqueIndex('assignments_one_primary_liaison_key')
      .on(t.orgId)
      .where(sql`${t.kind} = 'liaison' and ${t.isPrimary} and ${t.endsAt} is null`),
    uniqueIndex('assignments_grid_worker_key')
      .on(t.staffId, t.areaId)
      .where(sql`${t.kind} = 'grid_worker' and ${t.endsAt} is null`),
    index('assignments_staff_idx').on(t.staffId, t.kind),
    index('assignments_team_idx').on(t.teamId, t.kind),
    index('assignments_org_idx').on(t.orgId),
    index('assignments_area_idx').on(t.areaId),
    index('assignments_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
  ],
);
