import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  uniqueIndex,
  pgTable,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

export const areas = pgTable(
  'areas',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The segment this area adds to its parent's path (e.g. "03" for a town). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => areas.id),
    /** Materialised path, e.g. 330482.03.12.0007: "everything in my area" is one prefix scan. */
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('areas_path_key').using('btree', sql`${t.path} text_pattern_ops`),
    index('areas_parent_idx').on(t.parentId, t.sortOrder),
    index('areas_name_idx').on(t.name),
    check('areas_level_check', sql`${t.level} in ('city','town','community','grid','place')`),
  ],
);
