// The command dashboard's contract, shared by the server and the SPA: the metric catalogue (what each
// figure means and where it comes from) and the shapes the dashboard API answers with. The server's
// TypeBox schemas in src/server/modules/dashboard/*.schema.ts must produce exactly these shapes.
import type { Localised } from './form-fields.ts';

/**
 * Which rollup family maintains a metric's cells: `records` from daily records, `cases` from cases,
 * `orgs` from the organisation registry and its status history. A family's cells for one (area, day)
 * are recomputed together whenever a row of that family changes there.
 */
export const ROLLUP_FAMILIES = ['records', 'cases', 'orgs'] as const;
export type RollupFamily = (typeof ROLLUP_FAMILIES)[number];

/**
 * How cells add up over an area and a date range.
 * - `flow`: events on a day (passes, cases opened); a range sums its days.
 * - `stock`: a level as of a day, kept as the day's change (+1 resumed, −1 suspended again); the value
 *   as of day D is the sum of every change up to D (from the start of time, not from the range start).
 * - `gauge`: a level on a day (staff on duty in the day's reports; open cases past their deadline,
 *   measured at refresh time on today's cell only); a range reads its latest day with cells.
 */
export type MetricAggregation = 'flow' | 'stock' | 'gauge';

/** A base metric is stored in rollup cells; a ratio is computed from two base metrics at read time. */
export type MetricKind = 'base' | 'ratio' | 'median';

export type MetricUnit = 'count' | 'people' | 'percent' | 'cny' | 'hours' | 'enterprises';

/** The dimension a metric can be broken down by besides area and day (a cell's `dim`). */
export type MetricDimension = 'none' | 'industry' | 'department';

export type MetricDomain = 'economy' | 'cases' | 'health';

export interface MetricDefinition {
  key: MetricKey;
  domain: MetricDomain;
  name: Localised;
  /** What the number means, in words a leader reads (also printed in docs/metrics.md). */
  definition: Localised;
  unit: MetricUnit;
  kind: MetricKind;
  /** Base metrics: the family that maintains them and how cells add up. */
  family?: RollupFamily;
  aggregation?: MetricAggregation;
  /** Ratio metrics: numerator / denominator (× 100 for percent). */
  numerator?: MetricKey;
  denominator?: MetricKey;
  dimension: MetricDimension;
  /** Higher is better (rankings and laggard lists sort by it). */
  higherIsBetter: boolean;
}

export const METRIC_KEYS = [
  // economy (orgs family, stocks by industry)
  'enterprises_above_scale',
  'enterprises_resumed',
  'resumption_rate',
  // economy (records family: enterprise daily reports)
  'enterprise_reports',
  'staff_on_duty',
  'staff_returned',
  'capacity_percent_sum',
  'capacity_rate',
  // cases family, by handling department
  'problems_opened',
  'problems_resolved',
  'problems_resolved_on_time',
  'problems_responded_on_time',
  'problems_overdue',
  'problems_rated',
  'problems_satisfied',
  'response_rate',
  'on_time_resolution_rate',
  'satisfaction_rate',
  'refunds_paid',
  'refunds_amount',
  'refund_turnaround_median',
  // health (records family)
  'screenings_expected',
  'screenings_done',
  'screening_coverage',
  'fever_alerts',
  'checkpoint_passes',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * Case types whose cases are "problems" in the dashboard's problem metrics: the problems enterprises
 * raise with their liaisons (the source's "1,560 problems solved").
 */
export const PROBLEM_CASE_TYPES = ['enterprise_problem'] as const;
/** The case type whose resolved cases are refunds paid (amount from its `amount_cny` field). */
export const REFUND_CASE_TYPE = 'export_tax_refund';

/** Query of every dashboard view: an area (none = the actor's own scope) and an inclusive day range. */
export interface DashboardQuery {
  areaId?: string;
  /** YYYY-MM-DD, inclusive; default: 29 days before `to`. */
  from?: string;
  /** YYYY-MM-DD, inclusive; default: today, or the latest day with data when nothing happened today. */
  to?: string;
}

export interface AreaRefDto {
  id: string;
  name: string;
  path: string;
  level: string;
}

/** One metric's value over the query's area and range, with the value of the previous equal range. */
export interface MetricValueDto {
  key: MetricKey;
  value: number | null;
  /** The same range just before (for "▲ 12 %"); null when no data. */
  previous: number | null;
  unit: MetricUnit;
}

/** GET /api/dashboard/summary */
export interface DashboardSummaryDto {
  area: AreaRefDto;
  /** The area's ancestors, root first, for the drill-down breadcrumb. */
  trail: AreaRefDto[];
  from: string;
  to: string;
  metrics: MetricValueDto[];
  /** Facts of the structure (registries), counted at request time from small tables. */
  structure: {
    towns: number;
    communities: number;
    grids: number;
    aboveScaleEnterprises: number;
    keyEnterprisePlans: number;
    cadres: number;
    guidanceGroups: number;
    markets: number;
    supermarkets: number;
    problemsSolved: number;
  };
  /** When the rollups behind these figures were last refreshed (ISO time). */
  refreshedAt: string | null;
}

/** GET /api/dashboard/breakdown?metric=…: one row per child area (the map and the ranking). */
export interface BreakdownRowDto {
  area: AreaRefDto;
  value: number | null;
  /** For ratios: the numerator and denominator behind the value. */
  numerator: number | null;
  denominator: number | null;
}
export interface DashboardBreakdownDto {
  metric: MetricKey;
  area: AreaRefDto;
  from: string;
  to: string;
  rows: BreakdownRowDto[];
}

/** GET /api/dashboard/trend?metrics=a,b: one series per metric, one point per day. */
export interface DashboardTrendDto {
  area: AreaRefDto;
  from: string;
  to: string;
  days: string[];
  series: { key: MetricKey; values: (number | null)[] }[];
}

/** GET /api/dashboard/dimension?metric=…: by industry or department. */
export interface DashboardDimensionDto {
  metric: MetricKey;
  dimension: MetricDimension;
  rows: { dim: string; label: Localised; value: number | null }[];
}

/** GET /api/dashboard/geo?areaId=…: the child areas' shapes as GeoJSON (empty when none shipped). */
export interface GeoFeatureCollectionDto {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    /** `name` is what ECharts joins on; `areaId` and `path` drive the drill-down. */
    properties: { name: string; areaId: string; path: string; level: string };
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  }[];
}

/** Server-sent event `dashboard` on GET /api/dashboard/events. */
export interface DashboardChangeEvent {
  /** Area paths (cell level) whose figures changed; a dashboard refreshes when its area is a prefix. */
  paths: string[];
  families: RollupFamily[];
  at: string;
}

/** A target: metric × area × due day × value. */
export interface TargetDto {
  id: string;
  metric: MetricKey;
  area: AreaRefDto;
  title: string;
  /** The first day the target counts from (flows sum from here). */
  startDay: string;
  dueDay: string;
  targetValue: number;
  /** Value now (as of min(today, dueDay)). */
  actual: number | null;
  /** actual / targetValue, 0..1+ (for lower-is-better metrics, targetValue / actual). */
  progress: number | null;
  /** On pace: progress ≥ share of the period elapsed; `met` once the value reaches the target. */
  status: 'met' | 'on_track' | 'lagging' | 'missed' | 'no_data';
  /** Open progress supervision sheets (case ids) issued for this target. */
  openSheets: { caseId: string; number: number; areaId: string }[];
  canEdit: boolean;
  /** Targets additions: the editable rest of the row and the pace the status compares with. */
  note: string | null;
  active: boolean;
  /** Optimistic concurrency: send it back with an update (stale → 409). */
  version: number;
  /** The day the reading stands for: min(today, dueDay). */
  asOf: string;
  /** Share of the period elapsed as of today, 0..1 (on_track when progress ≥ it). */
  elapsed: number;
}

/** GET /api/targets/:id/laggards: the child areas behind pace. */
export interface LaggardDto {
  area: AreaRefDto;
  actual: number | null;
  progress: number | null;
  status: TargetDto['status'];
  /** The open sheet already issued to this area for this target, if any. */
  sheet: { caseId: string; number: number } | null;
  /** Targets addition: the value this child is held to (a rate as it is; a total split evenly). */
  targetValue: number;
}
