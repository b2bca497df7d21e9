// The dashboard's arithmetic over rollup cells: flows, stocks, gauges, ratios, medians, day ranges.
// Pure: the repo hands over per-day sums, these functions turn them into the figures.
import type { LocalisedFieldError } from '../../core/errors.ts';
import type {
  MetricAggregation,
  MetricDefinition,
  MetricKey,
  MetricUnit,
} from '../../../shared/dashboard.ts';
import { addDays, daysBetween, isDay } from '../records/compliance.rules.ts';

export { addDays, daysBetween, isDay };

/** The longest range any dashboard view reads at once (a leap year of days). */
export const MAX_DASHBOARD_DAYS = 366;

/** A default view covers the 30 days up to `to`. */
export const DEFAULT_DASHBOARD_DAYS = 30;

/** One day's sum of a metric's cells for one group (child area, dimension value or the whole area). */
export interface CellSum {
  metric: MetricKey;
  /** Child area path, dimension value, or '' when not grouped. */
  key: string;
  /**
   * The day; null for a stock's changes summed from the start of time up to the day before the
   * window fetched (so "as of" needs no scan of history per day).
   */
  day: string | null;
  value: number;
  /** Median metrics: the samples of that day's cells, unioned. */
  samples: number[] | null;
}

export interface MetricReading {
  value: number | null;
  /** Ratios: the two base values behind the value; null for other kinds. */
  numerator: number | null;
  denominator: number | null;
}

export interface DayRange {
  from: string;
  to: string;
}

/** Looks a metric's definition up (the catalogue, or a test's own). */
export type Definitions = (key: MetricKey) => MetricDefinition;

// ── ranges ───────────────────────────────────────────────────────────────────

/**
 * The range a view reads: the asked days, else `to` = today or — when no cell exists today (before
 * the day's first rollup, a historical demo city) — the latest day with cells, and `from` 29 days
 * before `to`. Refuses a backwards range or one longer than MAX_DASHBOARD_DAYS, naming `from`.
 */
export function resolveRange(
  asked: { from?: string; to?: string },
  today: string,
  latestDay: string | null,
): DayRange | LocalisedFieldError {
  const to = asked.to ?? (latestDay !== null && latestDay < today ? latestDay : today);
  const from = asked.from ?? addDays(to, -(DEFAULT_DASHBOARD_DAYS - 1));
  if (from > to) {
    return { field: 'from', reason: { zh: '开始日期不能晚于结束日期', en: 'must not be after to' } };
  }
  if (daysBetween(from, to).length > MAX_DASHBOARD_DAYS) {
    return {
      field: 'from',
      reason: {
        zh: `统计区间最多 ${MAX_DASHBOARD_DAYS} 天`,
        en: `the range may span at most ${MAX_DASHBOARD_DAYS} days`,
      },
    };
  }
  return { from, to };
}

export function isRangeError(value: DayRange | LocalisedFieldError): value is LocalisedFieldError {
  return 'field' in value;
}

/** The range of the same length just before (for "▲ 12 % on the previous 30 days"). */
export function previousRange(range: DayRange): DayRange {
  const length = daysBetween(range.from, range.to).length;
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}

// ── paths ────────────────────────────────────────────────────────────────────

/** The area path cut to `depth` (0 = the city); a shorter path is returned whole. */
export function cutPath(path: string, depth: number): string {
  return path
    .split('.')
    .slice(0, depth + 1)
    .join('.');
}

/**
 * The byte range [lo, hi) of a subtree on a text_pattern_ops index: the root and every path under
 * it (codes are [0-9A-Za-z], so nothing but '.' sorts between the root and `root/`). Equivalent to
 * `path = root or path like root || '.%'`, but a range the planner can use with bound parameters.
 */
export function subtreeBounds(rootPath: string): { lo: string; hi: string } {
  return { lo: rootPath, hi: `${rootPath}/` };
}

// ── arithmetic ───────────────────────────────────────────────────────────────

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/** numerator / denominator × scale to four decimals; null without a denominator (no rate, not 0 %). */
export function ratio(numerator: number | null, denominator: number | null, scale = 1): number | null {
  if (denominator === null || denominator === 0) return null;
  // No numerator cell under a denominator is none of them (no enterprise resumed yet): 0 %.
  return round(((numerator ?? 0) / denominator) * scale);
}

/**
 * A ratio's scale: × 100 for a percent of counts (resumed ÷ registered); × 1 when the numerator is
 * itself in percent (capacity percentages summed ÷ reports is already an average percent).
 */
export function ratioScale(unit: MetricUnit, numeratorUnit: MetricUnit | undefined): number {
  return unit === 'percent' && numeratorUnit !== 'percent' ? 100 : 1;
}

/** The median of the values (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return round(value);
}

const inRange = (day: string | null, range: DayRange): day is string =>
  day !== null && day >= range.from && day <= range.to;

/**
 * A base metric's value over a range from its per-day sums (one metric, one group):
 * flow = the range's days summed; stock = every change up to `to`; gauge = the latest day ≤ `to`.
 * Null when no cell counts (no data, not zero).
 */
export function baseValue(
  aggregation: MetricAggregation,
  cells: readonly CellSum[],
  range: DayRange,
): number | null {
  let total: number | null = null;
  if (aggregation === 'flow') {
    for (const c of cells) if (inRange(c.day, range)) total = (total ?? 0) + c.value;
    return total;
  }
  if (aggregation === 'stock') {
    for (const c of cells) if (c.day === null || c.day <= range.to) total = (total ?? 0) + c.value;
    return total;
  }
  let latest: string | null = null;
  for (const c of cells)
    if (c.day !== null && c.day <= range.to && (latest === null || c.day > latest)) latest = c.day;
  if (latest === null) return null;
  for (const c of cells) if (c.day === latest) total = (total ?? 0) + c.value;
  return total;
}

/** The median of the union of the range's samples. */
export function medianValue(cells: readonly CellSum[], range: DayRange): number | null {
  const values: number[] = [];
  for (const c of cells) if (inRange(c.day, range) && c.samples) values.push(...c.samples);
  return median(values);
}

/** The base metrics whose cells a metric is read from (itself, or a ratio's two). */
export function sourcesOf(definition: MetricDefinition): MetricKey[] {
  if (definition.kind === 'ratio') {
    return [definition.numerator, definition.denominator].filter((k): k is MetricKey => k !== undefined);
  }
  return [definition.key];
}

const aggregationOf = (definition: MetricDefinition): MetricAggregation => definition.aggregation ?? 'flow';

/** A metric's reading over a range, given its sources' per-day sums for one group. */
export function readingOf(
  definition: MetricDefinition,
  cellsOf: (key: MetricKey) => readonly CellSum[],
  range: DayRange,
  definitions: Definitions,
): MetricReading {
  if (definition.kind === 'median') {
    return { value: medianValue(cellsOf(definition.key), range), numerator: null, denominator: null };
  }
  if (definition.kind === 'ratio' && definition.numerator && definition.denominator) {
    const numerator = baseValue(
      aggregationOf(definitions(definition.numerator)),
      cellsOf(definition.numerator),
      range,
    );
    const denominator = baseValue(
      aggregationOf(definitions(definition.denominator)),
      cellsOf(definition.denominator),
      range,
    );
    const scale = ratioScale(definition.unit, definitions(definition.numerator).unit);
    return {
      value: ratio(numerator, denominator, scale),
      numerator: numerator ?? (denominator === null ? null : 0),
      denominator,
    };
  }
  return {
    value: baseValue(aggregationOf(definition), cellsOf(definition.key), range),
    numerator: null,
    denominator: null,
  };
}

/** Per-day sums indexed by group key, then metric (what the readers look cells up by). */
export function indexCells(cells: readonly CellSum[]): Map<string, Map<MetricKey, CellSum[]>> {
  const byKey = new Map<string, Map<MetricKey, CellSum[]>>();
  for (const cell of cells) {
    let byMetric = byKey.get(cell.key);
    if (!byMetric) byKey.set(cell.key, (byMetric = new Map()));
    const list = byMetric.get(cell.metric);
    if (list) list.push(cell);
    else byMetric.set(cell.metric, [cell]);
  }
  return byKey;
}

/**
 * A metric's value on each day of the range: flows per day (0 on a day without cells once the
 * series has any), stocks as of each day (cumulative), gauges on their days, ratios and medians from
 * the day's own components. A series with no cell at all is all null.
 */
export function dailySeries(
  definition: MetricDefinition,
  cellsOf: (key: MetricKey) => readonly CellSum[],
  range: DayRange,
  definitions: Definitions,
): (number | null)[] {
  const days = daysBetween(range.from, range.to);
  const hasAny = sourcesOf(definition).some((k) => cellsOf(k).length > 0);
  if (!hasAny) return days.map(() => null);
  const perDay = (key: MetricKey): ((day: string) => number | null) => {
    const aggregation = aggregationOf(definitions(key));
    const cells = cellsOf(key);
    const sums = new Map<string, number>();
    let before = 0;
    for (const c of cells) {
      if (c.day === null || c.day < range.from) before += c.value;
      else sums.set(c.day, (sums.get(c.day) ?? 0) + c.value);
    }
    if (aggregation === 'flow') return (day) => sums.get(day) ?? 0;
    if (aggregation === 'gauge') return (day) => sums.get(day) ?? null;
    // Stocks: a running total, starting from the changes before the range.
    const running = new Map<string, number>();
    let total = before;
    for (const day of days) running.set(day, (total += sums.get(day) ?? 0));
    return (day) => running.get(day) ?? null;
  };
  if (definition.kind === 'median') {
    return days.map((day) => medianValue(cellsOf(definition.key), { from: day, to: day }));
  }
  if (definition.kind === 'ratio' && definition.numerator && definition.denominator) {
    const numerator = perDay(definition.numerator);
    const denominator = perDay(definition.denominator);
    const scale = ratioScale(definition.unit, definitions(definition.numerator).unit);
    return days.map((day) => ratio(numerator(day), denominator(day), scale));
  }
  const values = perDay(definition.key);
  return days.map(values);
}

/**
 * Sorts rows for a ranking: best first by the metric's direction, rows without a value last, ties in
 * the given (tree) order.
 */
export function rankRows<Row extends { value: number | null }>(
  rows: readonly Row[],
  higherIsBetter: boolean,
): Row[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      if (a.row.value === null || b.row.value === null) {
        if (a.row.value === b.row.value) return a.index - b.index;
        return a.row.value === null ? 1 : -1;
      }
      const diff = higherIsBetter ? b.row.value - a.row.value : a.row.value - b.row.value;
      return diff !== 0 ? diff : a.index - b.index;
    })
    .map(({ row }) => row);
}
