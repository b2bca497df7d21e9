// Targets as pure functions: the window a target reads, its progress and status, who lags, and the
// checks on a target's input. No database here; the service feeds these the rollups' readings.
import type { LocalisedFieldError } from '../../core/errors.ts';
import type {
  MetricAggregation,
  MetricDefinition,
  MetricKey,
  MetricUnit,
  TargetDto,
} from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';

export type TargetStatus = TargetDto['status'];

export const TARGET_STATUSES: readonly TargetStatus[] = ['met', 'on_track', 'lagging', 'missed', 'no_data'];

/** Statuses that call for a progress supervision sheet. */
export const LAGGING_STATUSES: readonly TargetStatus[] = ['lagging', 'missed'];

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date((dayNumber(day) + n) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (b − a); negative when b is earlier. */
export function daysFrom(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * Metrics a target may name: every catalogue metric except the percent sums kept only as a ratio's
 * numerator (capacity_percent_sum: a sum of percentages means nothing on its own).
 */
export function isTargetable(def: MetricDefinition): boolean {
  return !(def.kind === 'base' && def.unit === 'percent');
}

export const TARGETABLE_METRICS: readonly MetricKey[] = Object.values(METRICS)
  .filter(isTargetable)
  .map((m) => m.key);

/**
 * How a metric adds up over a target's window. A ratio adds up as its parts do (the numerator's
 * aggregation: a rate of flows is the period's rate, a rate of stocks the level as of the day); a
 * median is taken over the period's samples.
 */
export function aggregationOf(
  def: MetricDefinition,
  catalogue: Record<MetricKey, MetricDefinition> = METRICS,
) {
  if (def.kind === 'ratio') {
    const part = def.numerator ? catalogue[def.numerator] : undefined;
    return part?.aggregation ?? 'flow';
  }
  return def.aggregation ?? 'flow';
}

export interface TargetWindow {
  from: string;
  to: string;
  /** The day the reading stands for: min(today, due day). */
  asOf: string;
  /** False before the start day: nothing to read yet. */
  started: boolean;
}

/**
 * The days a target reads: flows sum from the start day to min(today, due day); stocks and gauges
 * are read as of that day (from = to = that day; the rollups sum a stock's changes from the start of
 * time themselves).
 */
export function targetWindow(
  aggregation: MetricAggregation,
  target: { startDay: string; dueDay: string },
  today: string,
): TargetWindow {
  const asOf = today < target.dueDay ? today : target.dueDay;
  const started = asOf >= target.startDay;
  if (aggregation === 'flow') return { from: target.startDay, to: asOf, asOf, started };
  return { from: asOf, to: asOf, asOf, started };
}

/** Share of the target's period elapsed as of today, 0..1 (both ends counted as whole days). */
export function elapsedShare(target: { startDay: string; dueDay: string }, today: string): number {
  const total = daysFrom(target.startDay, target.dueDay) + 1;
  const done = daysFrom(target.startDay, today) + 1;
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, done / total));
}

/**
 * actual / target, or target / actual when lower is better; null without a reading. A zero target met
 * by a zero reading is complete (1); beating a lower-is-better target with zero is complete too.
 */
export function progressOf(
  actual: number | null,
  targetValue: number,
  higherIsBetter: boolean,
): number | null {
  if (actual === null || !Number.isFinite(actual)) return null;
  if (higherIsBetter) {
    if (targetValue <= 0) return 1;
    return Math.max(0, actual / targetValue);
  }
  if (actual <= 0) return 1;
  return Math.max(0, targetValue / actual);
}

export interface StatusInput {
  actual: number | null;
  targetValue: number;
  higherIsBetter: boolean;
  aggregation: MetricAggregation;
  startDay: string;
  dueDay: string;
  today: string;
}

export interface TargetReading {
  progress: number | null;
  status: TargetStatus;
}

/**
 * Progress and status. met: the value reached the target; on_track: progress ≥ the share of the
 * period elapsed; lagging: behind that pace; missed: the due day passed without meeting it; no_data:
 * nothing to read. A lower-is-better flow (fever alerts, problems opened) only grows, so it is met
 * only once its period is over, and exceeding the cap misses it at once.
 */
export function targetStatus(input: StatusInput): TargetReading {
  const progress = progressOf(input.actual, input.targetValue, input.higherIsBetter);
  if (progress === null || input.actual === null) return { progress: null, status: 'no_data' };
  const over = input.today > input.dueDay;
  if (!input.higherIsBetter && input.aggregation === 'flow') {
    if (input.actual > input.targetValue) return { progress, status: 'missed' };
    return { progress, status: over ? 'met' : 'on_track' };
  }
  const met = input.higherIsBetter ? input.actual >= input.targetValue : input.actual <= input.targetValue;
  if (met) return { progress, status: 'met' };
  if (over) return { progress, status: 'missed' };
  return {
    progress,
    status: progress >= elapsedShare(input, input.today) ? 'on_track' : 'lagging',
  };
}

/**
 * The value a child area is held to. A rate, a level or a median applies as it is to every child; an
 * additive total (passes, refunds, enterprises) is split evenly between the children, the only split
 * that needs no further data.
 */
export function childTargetValue(def: MetricDefinition, targetValue: number, childCount: number): number {
  const additive = def.kind === 'base' && def.unit !== 'percent';
  if (!additive || childCount <= 1) return targetValue;
  return targetValue / childCount;
}

const STATUS_RANK: Record<TargetStatus, number> = {
  missed: 0,
  lagging: 1,
  no_data: 2,
  on_track: 3,
  met: 4,
};

/** Laggards first (missed, lagging, then no data), and within a status the least progress first. */
export function compareByUrgency(
  a: { status: TargetStatus; progress: number | null; name: string },
  b: { status: TargetStatus; progress: number | null; name: string },
): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (a.progress ?? -1) - (b.progress ?? -1) ||
    a.name.localeCompare(b.name, 'zh-CN')
  );
}

export function isLagging(status: TargetStatus): boolean {
  return LAGGING_STATUSES.includes(status);
}

// ── validation ───────────────────────────────────────────────────────────────

export interface TargetInput {
  metric: string;
  title: string;
  startDay: string;
  dueDay: string;
  targetValue: number;
}

const error = (field: string, zh: string, en: string): LocalisedFieldError => ({ field, reason: { zh, en } });

/** Every problem with a target's fields, each naming its field in both languages (empty = valid). */
export function targetErrors(input: TargetInput): LocalisedFieldError[] {
  const out: LocalisedFieldError[] = [];
  const def = (METRICS as Record<string, MetricDefinition | undefined>)[input.metric];
  if (!def || !isTargetable(def))
    out.push(error('metric', '没有这个指标', 'is not a metric that takes targets'));
  if (input.title.trim() === '') out.push(error('title', '必填', 'is required'));
  if (input.dueDay < input.startDay)
    out.push(error('dueDay', '截止日期不能早于开始日期', 'must not be before the start day'));
  if (!Number.isFinite(input.targetValue) || input.targetValue < 0)
    out.push(error('targetValue', '目标值不能为负数', 'must not be negative'));
  else if (def?.unit === 'percent' && input.targetValue > 100)
    out.push(error('targetValue', '百分比目标不能超过 100', 'a percentage cannot exceed 100'));
  return out;
}

// ── the sheet ────────────────────────────────────────────────────────────────

const UNIT_ZH: Record<MetricUnit, string> = {
  count: '件',
  people: '人',
  percent: '%',
  cny: '元',
  hours: '小时',
  enterprises: '家',
};

/** A value as the sheet's Chinese text shows it: 95.3%, 1,234 件, — when there is none. */
export function formatValueZh(value: number | null, unit: MetricUnit): string {
  if (value === null) return '—';
  const rounded = Math.round(value * 10) / 10;
  const text = rounded.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return unit === 'percent' ? `${text}%` : `${text} ${UNIT_ZH[unit]}`;
}

export interface SheetText {
  title: string;
  description: string;
}

/** The progress supervision sheet's title and description (the timeline and notifications show them). */
export function sheetText(input: {
  targetTitle: string;
  areaName: string;
  metricName: string;
  unit: MetricUnit;
  targetValue: number;
  actual: number | null;
  progress: number | null;
  status: TargetStatus;
  asOf: string;
  dueDay: string;
}): SheetText {
  const progress = input.progress === null ? '无数据' : `${Math.round(input.progress * 1000) / 10}%`;
  const state =
    input.status === 'missed'
      ? '已逾期未完成'
      : input.status === 'no_data'
        ? '暂无数据'
        : '进度落后于时间进度';
  return {
    title: `进度督促单：${input.targetTitle} — ${input.areaName}`.slice(0, 200),
    description: [
      `${input.areaName}「${input.metricName}」截至 ${input.asOf} 为 ${formatValueZh(input.actual, input.unit)}，`,
      `目标 ${formatValueZh(input.targetValue, input.unit)}（完成 ${progress}，${state}），截止日期 ${input.dueDay}。`,
      '请属地单位说明原因、制定追赶措施并按期反馈。',
    ].join(''),
  };
}
