import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { areas } from '../areas/areas.tables.ts';

/** Every organisation the city serves, one registry with kinds (enterprise, producer, merchant …). */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    /** 统一社会信用代码; the natural key for upserts. Small merchants may lack one. */
    creditCode: text('credit_code'),
    name: text('name').notNull(),
    aboveScale: boolean('above_scale').notNull().default(false),
    /** GB/T 4754 section letter. */
    industry: text('industry'),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    areaPath: text('area_path').notNull(),
    address: text('address'),
    contactName: text('contact_name'),
    contactPhoneEnc: text('contact_phone_enc'),
    contactPhoneHash: text('contact_phone_hash'),
    contactPhoneMasked: text('contact_phone_masked'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status').notNull().default('operating'),
    statusSince: date('status_since'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('orgs_credit_code_key').on(t.creditCode),
    index('orgs_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
    index('orgs_name_idx').on(t.name, t.id),
    index('orgs_kind_idx').on(t.kind, t.status),
    index('orgs_tags_idx').using('gin', t.tags),
    index('orgs_contact_phone_hash_idx').on(t.contactPhoneHash),
  ],
);

/** Operating status over time: suspended, resumed on a date, closed. */
export const orgStatusHistory = pgTable(
  'org_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    effectiveDate: date('effective_date').notNull(),
    note: text('note'),
    actorId: uuid('actor_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('org_status_history_org_idx').on(t.orgId, t.effectiveDate)],
);
