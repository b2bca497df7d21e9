// The read side of the rollups: a metric's value over an area and a day range, by child area, by day
// and by dimension, from the rollups only (dashboard_totals for a city or a town and a city's towns,
// dashboard_cells below). Used by the dashboard API and by targets.
import type { Db } from '../../core/db/client.ts';
import { METRIC_KEYS, type MetricDefinition, type MetricKey } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { cellSums, type CellGrouping, type CellSumsInput } from './dashboard.repo.ts';
import {
  dailySeries,
  daysBetween,
  indexCells,
  readingOf,
  readsTotals,
  sourcesOf,
  type CellSum,
  type DayRange,
  type MetricReading,
} from './dashboard.rules.ts';

export type { MetricReading } from './dashboard.rules.ts';

export interface MetricWindow {
  /** The area's path; null = everywhere. */
  areaPath: string | null;
  /** YYYY-MM-DD, inclusive. Stocks and gauges read "as of `to`" and ignore it. */
  from: string;
  to: string;
  /** One dimension value (an industry, a department code); omitted = all. */
  dim?: string;
}

const definitionOf = (key: MetricKey): MetricDefinition => METRICS[key];

/** The metrics that have cells of their own (ratios are computed from two of them). */
const STORED = METRIC_KEYS.filter((k) => METRICS[k].kind !== 'ratio');

/** The cells to fetch for the metrics: their base sources, split by how each adds up. */
function planOf(
  metrics: readonly MetricKey[],
): Pick<CellSumsInput, 'daily' | 'stocks' | 'gauges' | 'medians'> {
  const sources = new Set<MetricKey>();
  const medians = new Set<MetricKey>();
  for (const key of metrics) {
    const definition = definitionOf(key);
    if (definition.kind === 'median') medians.add(key);
    else for (const source of sourcesOf(definition)) sources.add(source);
  }
  const daily: MetricKey[] = [];
  const stocks: MetricKey[] = [];
  const gauges: MetricKey[] = [];
  for (const key of sources) {
    const aggregation = definitionOf(key).aggregation ?? 'flow';
    if (aggregation === 'stock') stocks.push(key);
    else daily.push(key);
    if (aggregation === 'gauge') gauges.push(key);
  }
  return { daily, stocks, gauges, medians: [...medians] };
}

async function fetchCells(
  db: Db,
  metrics: readonly MetricKey[],
  window: MetricWindow,
  grouping: CellGrouping,
): Promise<Map<string, Map<MetricKey, CellSum[]>>> {
  const cells = await cellSums(db, {
    ...planOf(metrics),
    rootPath: window.areaPath,
    from: window.from,
    to: window.to,
    dim: window.dim,
    grouping,
    stored: STORED,
    source: readsTotals(window.areaPath, grouping.by === 'child' ? grouping.depth : undefined)
      ? 'totals'
      : 'cells',
  });
  return indexCells(cells);
}

const NO_CELLS: readonly CellSum[] = [];

function reading(
  byMetric: Map<MetricKey, CellSum[]> | undefined,
  metric: MetricKey,
  range: DayRange,
): MetricReading {
  return readingOf(definitionOf(metric), (key) => byMetric?.get(key) ?? NO_CELLS, range, definitionOf);
}

/** A metric's value over the area and range (flow: summed; stock: as of `to`; gauge: latest ≤ `to`). */
export async function metricValue(db: Db, metric: MetricKey, window: MetricWindow): Promise<MetricReading> {
  const byKey = await fetchCells(db, [metric], window, { by: 'none' });
  return reading(byKey.get(''), metric, window);
}

/**
 * Several metrics over the area, each for every range given (e.g. the current and the previous
 * range), from one statement over the union of the ranges: per metric, one reading per range.
 */
export async function metricValues(
  db: Db,
  metrics: readonly MetricKey[],
  window: { areaPath: string | null; dim?: string },
  ranges: readonly DayRange[],
): Promise<Map<MetricKey, MetricReading[]>> {
  const readings = new Map<MetricKey, MetricReading[]>();
  const [first] = ranges;
  if (metrics.length === 0 || !first) return readings;
  const from = ranges.reduce((min, r) => (r.from < min ? r.from : min), first.from);
  const to = ranges.reduce((max, r) => (r.to > max ? r.to : max), first.to);
  const byMetric = (await fetchCells(db, metrics, { ...window, from, to }, { by: 'none' })).get('');
  for (const metric of metrics) {
    readings.set(
      metric,
      ranges.map((range) => reading(byMetric, metric, range)),
    );
  }
  return readings;
}

/**
 * A metric's value per child area: keyed by the cell paths cut to `childDepth` (a cell on the area
 * itself is keyed by the area's own path). One grouped statement.
 */
export async function metricByChild(
  db: Db,
  metric: MetricKey,
  window: MetricWindow & { childDepth: number },
): Promise<Map<string, MetricReading>> {
  const byKey = await fetchCells(db, [metric], window, { by: 'child', depth: window.childDepth });
  const out = new Map<string, MetricReading>();
  for (const [key, byMetric] of byKey) out.set(key, reading(byMetric, metric, window));
  return out;
}

/** A metric's value per dimension value (industry, department code). One grouped statement. */
export async function metricByDimension(
  db: Db,
  metric: MetricKey,
  window: MetricWindow,
): Promise<Map<string, MetricReading>> {
  const byKey = await fetchCells(db, [metric], window, { by: 'dim' });
  const out = new Map<string, MetricReading>();
  for (const [key, byMetric] of byKey) out.set(key, reading(byMetric, metric, window));
  return out;
}

export interface MetricTrend {
  days: string[];
  series: { key: MetricKey; values: (number | null)[] }[];
}

/** The metrics' values on each day of the range (stocks as of each day). One statement. */
export async function metricTrend(
  db: Db,
  metrics: readonly MetricKey[],
  window: MetricWindow,
): Promise<MetricTrend> {
  const byKey = await fetchCells(db, metrics, window, { by: 'none' });
  const byMetric = byKey.get('');
  return {
    days: daysBetween(window.from, window.to),
    series: metrics.map((key) => ({
      key,
      values: dailySeries(definitionOf(key), (k) => byMetric?.get(k) ?? NO_CELLS, window, definitionOf),
    })),
  };
}
