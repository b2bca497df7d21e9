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
import { areas } from '../areas/areas.tables.ts';

/**
 * People. Identity numbers and phones are stored encrypted (AES-256-GCM, core/crypto), with a keyed
 * hash for exact lookup and a precomputed mask for display; the clear value is never stored.
 */
export const people = pgTable(
  'people',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    idType: text('id_type').notNull().default('resident_id'),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    gender: text('gender'),
    birthDate: date('birth_date'),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    areaPath: text('area_path').notNull(),
    householdId: uuid('household_id').references((): AnyPgColumn => households.id),
    householdRole: text('household_role'),
    residentType: text('resident_type').notNull().default('registered'),
    specialGroups: text('special_groups')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('people_id_number_hash_key').on(t.idNumberHash),
    index('people_phone_hash_idx').on(t.phoneHash),
    index('people_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`, t.id),
    index('people_name_idx').on(t.name, t.id),
    index('people_household_idx').on(t.householdId),
  ],
);

/** A dwelling: compound (a residential_compound place) → building → unit → room. */
export const dwellings = pgTable(
  'dwellings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    compoundAreaId: uuid('compound_area_id')
      .notNull()
      .references(() => areas.id),
    areaPath: text('area_path').notNull(),
    building: text('building').notNull(),
    unit: text('unit').notNull().default(''),
    room: text('room').notNull(),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dwellings_location_key').on(t.compoundAreaId, t.building, t.unit, t.room),
    index('dwellings_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
  ],
);

export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    areaPath: text('area_path').notNull(),
    dwellingId: uuid('dwelling_id').references(() => dwellings.id),
    residentType: text('resident_type').notNull().default('registered'),
    /** A tenant household of one person renting alone (独自承租). */
    singleRenter: boolean('single_renter').notNull().default(false),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('households_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
    index('households_dwelling_idx').on(t.dwellingId),
  ],
);

/** A landlord's tie to a tenant household; the landlord is their contact and supervisor. */
export const tenancies = pgTable(
  'tenancies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    landlordId: uuid('landlord_id')
      .notNull()
      .references(() => people.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    dwellingId: uuid('dwelling_id').references(() => dwellings.id),
    areaPath: text('area_path').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('tenancies_active_household_key')
      .on(t.householdId)
      .where(sql`${t.endDate} is null`),
    index('tenancies_landlord_idx').on(t.landlordId),
    index('tenancies_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
  ],
);
