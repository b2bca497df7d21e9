// The dashboard's arithmetic over rollup cells: flows, stocks, gauges, ratios, medians, day ranges.
// Pure: the repo hands over per-day sums, these functions turn them into the figures.
import type { LocalisedFieldError } from '../../core/errors.ts';
import type {
  MetricAggregation,
  MetricDefinition,
  MetricDimension,
  MetricKey,
  MetricUnit,
} from '../../../shared/dashboard.ts';
import type { Localised } from '../../../shared/form-fields.ts';
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

/**
 * Whether a read can come from dashboard_totals, which hold the city- and town-depth (0 and 1)
 * subtrees pre-summed: the root is a city, a town or null (every city), and a breakdown by child goes
 * at most to towns. Deeper reads scan their few thousand cells.
 */
export function readsTotals(rootPath: string | null, childDepth?: number): boolean {
  const depth = rootPath === null ? 0 : rootPath.split('.').length - 1;
  if (childDepth !== undefined) return depth === 0 && childDepth <= 1;
  return depth <= 1;
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

// ── the rows behind a number ─────────────────────────────────────────────────

/** Which source rows make a metric's number, for the drill-down list. */
export type RowSource =
  | { kind: 'record'; forms: readonly string[]; fever?: boolean }
  | {
      kind: 'case';
      cases: 'problems' | 'refunds';
      /** The day a case counts on: opened, resolved, or — for the overdue gauge — open past its deadline now. */
      on: 'created' | 'resolved' | 'overdue';
      only?: 'responded_on_time' | 'resolved_on_time' | 'rated' | 'satisfied';
    }
  | { kind: 'org'; resumed: boolean };

const ENTERPRISE_DAILY: RowSource = { kind: 'record', forms: ['enterprise_daily'] };
const SCREENINGS: RowSource = { kind: 'record', forms: ['resident_screening'] };

/**
 * The rows behind each metric, mirroring the rollups (rollups.repo.ts): a ratio lists its
 * denominator's rows (the population the rate is taken over), a stock the enterprises it counts.
 */
export const ROW_SOURCES: Record<MetricKey, RowSource> = {
  enterprises_above_scale: { kind: 'org', resumed: false },
  enterprises_resumed: { kind: 'org', resumed: true },
  resumption_rate: { kind: 'org', resumed: false },
  enterprise_reports: ENTERPRISE_DAILY,
  staff_on_duty: ENTERPRISE_DAILY,
  staff_returned: ENTERPRISE_DAILY,
  capacity_percent_sum: ENTERPRISE_DAILY,
  capacity_rate: ENTERPRISE_DAILY,
  problems_opened: { kind: 'case', cases: 'problems', on: 'created' },
  problems_responded_on_time: { kind: 'case', cases: 'problems', on: 'created', only: 'responded_on_time' },
  response_rate: { kind: 'case', cases: 'problems', on: 'created' },
  problems_resolved: { kind: 'case', cases: 'problems', on: 'resolved' },
  problems_resolved_on_time: { kind: 'case', cases: 'problems', on: 'resolved', only: 'resolved_on_time' },
  on_time_resolution_rate: { kind: 'case', cases: 'problems', on: 'resolved' },
  problems_rated: { kind: 'case', cases: 'problems', on: 'resolved', only: 'rated' },
  problems_satisfied: { kind: 'case', cases: 'problems', on: 'resolved', only: 'satisfied' },
  satisfaction_rate: { kind: 'case', cases: 'problems', on: 'resolved', only: 'rated' },
  problems_overdue: { kind: 'case', cases: 'problems', on: 'overdue' },
  refunds_paid: { kind: 'case', cases: 'refunds', on: 'resolved' },
  refunds_amount: { kind: 'case', cases: 'refunds', on: 'resolved' },
  refund_turnaround_median: { kind: 'case', cases: 'refunds', on: 'resolved' },
  screenings_expected: SCREENINGS,
  screenings_done: SCREENINGS,
  screening_coverage: SCREENINGS,
  fever_alerts: { kind: 'record', forms: ['checkpoint_pass', 'resident_screening'], fever: true },
  checkpoint_passes: { kind: 'record', forms: ['checkpoint_pass'] },
};

/** The SPA path that opens a row: the case page, the organisation drawer, the record drawer. */
export function rowLink(kind: 'record' | 'case' | 'org', id: string): string {
  if (kind === 'case') return `/cases/${id}`;
  if (kind === 'org') return `/orgs/${id}`;
  return `/records?record=${id}`;
}

// ── dimension labels ─────────────────────────────────────────────────────────

/** GB/T 4754-2017 sections (门类), as the orgs screens name them. */
export const INDUSTRY_LABELS: Record<string, Localised> = {
  A: { zh: 'A 农、林、牧、渔业', en: 'A Agriculture, forestry, animal husbandry, fishery' },
  B: { zh: 'B 采矿业', en: 'B Mining' },
  C: { zh: 'C 制造业', en: 'C Manufacturing' },
  D: { zh: 'D 电力、热力、燃气及水生产和供应业', en: 'D Electricity, heat, gas and water' },
  E: { zh: 'E 建筑业', en: 'E Construction' },
  F: { zh: 'F 批发和零售业', en: 'F Wholesale and retail' },
  G: { zh: 'G 交通运输、仓储和邮政业', en: 'G Transport, storage and post' },
  H: { zh: 'H 住宿和餐饮业', en: 'H Accommodation and catering' },
  I: { zh: 'I 信息传输、软件和信息技术服务业', en: 'I Information technology services' },
  J: { zh: 'J 金融业', en: 'J Finance' },
  K: { zh: 'K 房地产业', en: 'K Real estate' },
  L: { zh: 'L 租赁和商务服务业', en: 'L Leasing and business services' },
  M: { zh: 'M 科学研究和技术服务业', en: 'M Research and technical services' },
  N: { zh: 'N 水利、环境和公共设施管理业', en: 'N Water, environment and public facilities' },
  O: { zh: 'O 居民服务、修理和其他服务业', en: 'O Resident, repair and other services' },
  P: { zh: 'P 教育', en: 'P Education' },
  Q: { zh: 'Q 卫生和社会工作', en: 'Q Health and social work' },
  R: { zh: 'R 文化、体育和娱乐业', en: 'R Culture, sports and entertainment' },
  S: { zh: 'S 公共管理、社会保障和社会组织', en: 'S Public administration and social organisations' },
  T: { zh: 'T 国际组织', en: 'T International organisations' },
};

const UNCLASSIFIED: Localised = { zh: '未分类', en: 'Unclassified' };

/** A department code as English words when the registry has no English name (market_regulation → Market regulation). */
function codeAsWords(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : code;
}

/** The label of a dimension value: an industry section, a department (by its registry name), or unclassified. */
export function dimensionLabel(
  dimension: MetricDimension,
  dim: string,
  departmentNames: ReadonlyMap<string, string>,
): Localised {
  if (dim === '') return UNCLASSIFIED;
  if (dimension === 'industry') return INDUSTRY_LABELS[dim] ?? { zh: dim, en: dim };
  const name = departmentNames.get(dim);
  return { zh: name ?? dim, en: codeAsWords(dim) };
}
