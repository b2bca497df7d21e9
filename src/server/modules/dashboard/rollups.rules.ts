// Pure arithmetic of the dashboard rollups: which cell a row lands in, which days a case touches, how
// cells add up (flows, stocks, gauges), ratios and medians. The SQL in rollups.repo.ts does the same
// set-based; these functions are its specification and what the readers use on cells.
import type { MetricAggregation, MetricUnit, RollupFamily } from '../../../shared/dashboard.ts';
import { metricsOfFamily } from '../../../shared/metric-catalogue.ts';

/** Cells go down to grid level: city.town.community.grid (places roll into their grid). */
export const CELL_SEGMENTS = 4;

/** Statuses of an organisation that count as working (resumed after a stop, or never stopped). */
export const WORKING_STATUSES: readonly string[] = ['operating', 'resumed'];

/** Open case statuses (a problem past its deadline in one of these is overdue). */
export const OPEN_CASE_STATUSES: readonly string[] = ['submitted', 'accepted', 'in_progress'];

/** The record forms the records family reads; the trigger in drizzle/0010 names the same forms. */
export const ROLLUP_FORMS = ['enterprise_daily', 'resident_screening', 'checkpoint_pass'] as const;

/** The cell path of a row's area path: cut to at most grid depth. */
export function cellPath(areaPath: string): string {
  return areaPath.split('.').slice(0, CELL_SEGMENTS).join('.');
}

/** Whether a cell belongs to an area: the cell path is the area's path or below it. */
export function cellInArea(cell: string, areaPath: string): boolean {
  return cell === areaPath || cell.startsWith(`${areaPath}.`);
}

/** The Asia/Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The days whose cases cells a case lands in: the day created and, once resolved, the day resolved. */
export function caseDays(c: { createdAt: Date; resolvedAt: Date | null }): string[] {
  const days = [shanghaiDay(c.createdAt)];
  if (c.resolvedAt) {
    const resolved = shanghaiDay(c.resolvedAt);
    if (!days.includes(resolved)) days.push(resolved);
  }
  return days;
}

/** Numerator ÷ denominator (× 100 for percent); null when there is nothing to divide by. */
export function ratio(numerator: number, denominator: number, unit: MetricUnit): number | null {
  if (!(denominator > 0)) return null;
  const value = numerator / denominator;
  return unit === 'percent' ? value * 100 : value;
}

/** The median of samples (the reader takes it over the union of the cells' samples); null when none. */
export function median(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export interface CellValue {
  day: string;
  value: number;
}

/**
 * The value of a metric over [from, to] from its cells (already restricted to the area):
 * flow → the sum of the range's days; stock → every change up to `to` (from the start of time);
 * gauge → the latest cell's day, summed over the area's cells of that day.
 */
export function aggregate(
  aggregation: MetricAggregation,
  cells: readonly CellValue[],
  from: string,
  to: string,
): number {
  if (aggregation === 'flow') {
    return cells.reduce((sum, c) => (c.day >= from && c.day <= to ? sum + c.value : sum), 0);
  }
  if (aggregation === 'stock') {
    return cells.reduce((sum, c) => (c.day <= to ? sum + c.value : sum), 0);
  }
  const latest = cells.reduce<string | null>(
    (max, c) => (c.day <= to && (max === null || c.day > max) ? c.day : max),
    null,
  );
  return latest === null ? 0 : cells.reduce((sum, c) => (c.day === latest ? sum + c.value : sum), 0);
}

export interface StatusChange {
  status: string;
  effectiveDate: string;
}

export interface StockChange {
  day: string;
  aboveScale: number;
  resumed: number;
}

/**
 * The stock changes one above-scale enterprise contributes: +1 above scale on its registration day
 * (the earlier of its creation and its first status), −1 the day it closes (+1 if it reopens);
 * +1 resumed on each day it starts working, −1 on each day it stops again. History in order.
 */
export function orgStockChanges(registeredDay: string, history: readonly StatusChange[]): StockChange[] {
  const changes = new Map<string, StockChange>();
  const at = (day: string): StockChange => {
    let change = changes.get(day);
    if (!change) {
      change = { day, aboveScale: 0, resumed: 0 };
      changes.set(day, change);
    }
    return change;
  };
  const firstDay = history.reduce((min, h) => (h.effectiveDate < min ? h.effectiveDate : min), registeredDay);
  at(firstDay).aboveScale += 1;
  let previous: string | null = null;
  for (const h of history) {
    const wasClosed = previous === 'closed';
    const isClosed = h.status === 'closed';
    if (wasClosed !== isClosed) at(h.effectiveDate).aboveScale += isClosed ? -1 : 1;
    const wasWorking = previous !== null && WORKING_STATUSES.includes(previous);
    const isWorking = WORKING_STATUSES.includes(h.status);
    if (wasWorking !== isWorking) at(h.effectiveDate).resumed += isWorking ? 1 : -1;
    previous = h.status;
  }
  return [...changes.values()]
    .filter((c) => c.aboveScale !== 0 || c.resumed !== 0)
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** The base metrics a family's recompute replaces (gauges are refreshed on their own). */
export function familyCellMetrics(family: RollupFamily): string[] {
  return metricsOfFamily(family).filter((m) => m !== 'problems_overdue');
}

// ── area totals ──

/** An ancestor whose totals are recomputed, for one day or (null) every day. */
export interface TotalPair {
  path: string;
  day: string | null;
}

/** The ancestors a cell's totals roll into: its city and town prefixes (depth 0 and 1). */
export function totalAncestors(cellPath: string): string[] {
  const [city, town] = cellPath.split('.');
  if (city === undefined) return [];
  return town === undefined ? [city] : [city, `${city}.${town}`];
}

/** The (ancestor, day) pairs the changed cells roll into. */
export function ancestorPairs(cells: readonly { areaPath: string; day: string | null }[]): TotalPair[] {
  const seen = new Map<string, TotalPair>();
  for (const cell of cells) {
    for (const path of totalAncestors(cell.areaPath))
      seen.set(`${path}\u0000${cell.day ?? ''}`, { path, day: cell.day });
  }
  return [...seen.values()];
}
