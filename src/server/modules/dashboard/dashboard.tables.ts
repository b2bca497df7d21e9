import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import type { MetricKey, RollupFamily } from '../../../shared/dashboard.ts';

/** The columns of a rollup row, shared by the cells and the area totals (one shape, two tables). */
const rollupColumns = () => ({
  metric: text('metric').$type<MetricKey>().notNull(),
  areaPath: text('area_path').notNull(),
  day: date('day').notNull(),
  /** Industry, department code, … ('' when the metric has no dimension). */
  dim: text('dim').notNull().default(''),
  value: doublePrecision('value').notNull().default(0),
  /** Sample values for median metrics (e.g. refund turnaround hours). */
  samples: doublePrecision('samples').array(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The dashboard's rollups: one row per metric, cell area, day and dimension value. A cell's area is
 * the source row's area path cut to grid depth (places roll into their grid), so a town's figure is a
 * prefix scan over a few thousand cells, never over the raw records or cases.
 */
export const dashboardCells = pgTable('dashboard_cells', rollupColumns(), (t) => [
  primaryKey({ columns: [t.metric, t.areaPath, t.day, t.dim] }),
  index('dashboard_cells_metric_path_idx').using(
    'btree',
    t.metric,
    sql`${t.areaPath} text_pattern_ops`,
    t.day,
  ),
  index('dashboard_cells_metric_day_idx').on(t.metric, t.day),
]);

/**
 * Area totals: for every city- and town-depth path (depth 0 and 1), the sum of dashboard_cells over its
 * subtree per metric, day and dimension (samples: the union, for median metrics). Maintained by the
 * rollups in the same transaction as the cells, so a city or town figure reads a few hundred rows
 * instead of summing the city's ~200,000 cells per request. A group that sums to 0 keeps its row (a
 * day with cells reads 0, not "no data", exactly as from the cells).
 */
export const dashboardTotals = pgTable('dashboard_totals', rollupColumns(), (t) => [
  primaryKey({ columns: [t.metric, t.areaPath, t.day, t.dim] }),
]);

/**
 * Cells whose source rows changed and must be recomputed: written by triggers on records, cases and
 * orgs (so every write path — API, import, demo load, jobs — marks them), drained by the refresher.
 */
export const rollupDirty = pgTable(
  'rollup_dirty',
  {
    family: text('family').$type<RollupFamily>().notNull(),
    areaPath: text('area_path').notNull(),
    day: date('day').notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.family, t.areaPath, t.day] })],
);

/** The shape of an area on the dashboard map (GeoJSON geometry, WGS-84 lon/lat), shipped with a scenario. */
export const areaShapes = pgTable('area_shapes', {
  areaId: uuid('area_id')
    .primaryKey()
    .references(() => areas.id, { onDelete: 'cascade' }),
  geometry: jsonb('geometry').$type<{ type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A target: metric × area × due day × value; progress is computed from the rollups, never stored. */
export const targets = pgTable(
  'targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    metric: text('metric').$type<MetricKey>().notNull(),
    areaId: uuid('area_id')
      .notNull()
      .references(() => areas.id),
    areaPath: text('area_path').notNull(),
    title: text('title').notNull(),
    startDay: date('start_day').notNull(),
    dueDay: date('due_day').notNull(),
    targetValue: doublePrecision('target_value').notNull(),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('targets_area_path_idx').using('btree', sql`${t.areaPath} text_pattern_ops`),
    index('targets_due_idx').on(t.active, t.dueDay),
  ],
);
