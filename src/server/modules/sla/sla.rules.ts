// SLA arithmetic on the working-day calendar of Asia/Shanghai, and the 12345 hotline's rates.
// Pure: no database, no clock; every function takes the times and the calendar it needs.

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Office hours of a working day, in minutes after local midnight: 08:30–12:00 and 13:30–17:30. */
export const WORKING_PERIODS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

/** 7.5 hours of office time per working day. */
export const WORKING_HOURS_PER_DAY = WORKING_PERIODS.reduce((sum, [from, to]) => sum + (to - from), 0) / 60;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A calendar with no working day for this long is a data error, not a reason to loop forever. */
const MAX_DAYS_SEARCHED = 3 * 366;

export type CalendarDayKind = 'holiday' | 'workday';

/** Exceptions to Monday–Friday, keyed by local date (YYYY-MM-DD). */
export interface WorkCalendar {
  readonly exceptions: ReadonlyMap<string, CalendarDayKind>;
}

export function calendarOf(days: Iterable<{ day: string; kind: string }>): WorkCalendar {
  const exceptions = new Map<string, CalendarDayKind>();
  for (const { day, kind } of days) {
    if (kind === 'holiday' || kind === 'workday') exceptions.set(day, kind);
  }
  return { exceptions };
}

export const EMPTY_CALENDAR: WorkCalendar = { exceptions: new Map() };

export class CalendarExhaustedError extends Error {}

/** The local (Shanghai) date of an instant, as YYYY-MM-DD. */
export function localDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as Shanghai wall-clock time, YYYY-MM-DD HH:MM. */
export function formatLocal(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of local midnight starting a YYYY-MM-DD day. */
export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Weekdays work unless a holiday row says otherwise; a weekend day works when it is a make-up day (调休). */
export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  const exception = calendar.exceptions.get(day);
  if (exception === 'holiday') return false;
  if (exception === 'workday') return true;
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The office periods of one local day as instants (empty on a day off). */
function periodsOf(day: string, calendar: WorkCalendar): [number, number][] {
  if (!isWorkingDay(day, calendar)) return [];
  const midnight = localMidnight(day).getTime();
  return WORKING_PERIODS.map(([from, to]) => [midnight + from * MINUTE_MS, midnight + to * MINUTE_MS]);
}

/**
 * The instant when `hours` of office time have passed after start. A start outside office hours
 * counts from the next opening; a deadline that lands exactly on a closing time stays there
 * (12:00, 17:30) rather than moving to the next opening.
 */
export function addWorkingHours(start: Date, hours: number, calendar: WorkCalendar): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('hours must be a finite number ≥ 0');
  let remaining = Math.round(hours * HOUR_MS);
  let day = localDay(start);
  const from = start.getTime();
  for (let i = 0; i < MAX_DAYS_SEARCHED; i += 1) {
    for (const [open, close] of periodsOf(day, calendar)) {
      if (close <= from) continue;
      const begin = Math.max(open, from);
      const available = close - begin;
      if (remaining <= available) return new Date(begin + remaining);
      remaining -= available;
    }
    day = nextDay(day);
  }
  throw new CalendarExhaustedError(`no working day within ${MAX_DAYS_SEARCHED} days of ${day}`);
}

/** Office hours between two instants; negative when b is before a. */
export function workingHoursBetween(a: Date, b: Date, calendar: WorkCalendar): number {
  if (b.getTime() < a.getTime()) return -workingHoursBetween(b, a, calendar);
  const from = a.getTime();
  const to = b.getTime();
  let total = 0;
  for (let day = localDay(a); localMidnight(day).getTime() < to; day = nextDay(day)) {
    for (const [open, close] of periodsOf(day, calendar)) {
      const overlap = Math.min(close, to) - Math.max(open, from);
      if (overlap > 0) total += overlap;
    }
  }
  return total / HOUR_MS;
}

export function addCalendarHours(start: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError('hours must be a finite number ≥ 0');
  return new Date(start.getTime() + Math.round(hours * HOUR_MS));
}

/** A case type's clocks (case_types.sla). */
export interface SlaPolicy {
  /** working: office hours on the working-day calendar; calendar: wall-clock hours. */
  basis: 'working' | 'calendar';
  firstResponseHours: number;
  updateIntervalHours: number;
  resolutionHours: number;
  /** Share of the time after which the warning fires, 0 < share < 1 (0.8 → at 80 %). */
  warnAtShare: number;
}

export type SlaClock = 'first_response' | 'update' | 'resolution' | 'task';

export interface ClockTimes {
  warnAt: Date;
  dueAt: Date;
}

export interface CaseDeadlines {
  firstResponse: ClockTimes;
  update: ClockTimes;
  resolution: ClockTimes;
}

/** Warning and due time of one clock of `hours` started at `start`, in the policy's basis. */
export function clockTimes(
  policy: Pick<SlaPolicy, 'basis' | 'warnAtShare'>,
  hours: number,
  start: Date,
  calendar: WorkCalendar,
): ClockTimes {
  const add = (h: number): Date =>
    policy.basis === 'working' ? addWorkingHours(start, h, calendar) : addCalendarHours(start, h);
  return { warnAt: add(hours * policy.warnAtShare), dueAt: add(hours) };
}

/** Every clock of a policy started at one instant. */
export function deadlinesFor(policy: SlaPolicy, start: Date, calendar: WorkCalendar): CaseDeadlines {
  return {
    firstResponse: clockTimes(policy, policy.firstResponseHours, start, calendar),
    update: clockTimes(policy, policy.updateIntervalHours, start, calendar),
    resolution: clockTimes(policy, policy.resolutionHours, start, calendar),
  };
}

/** Why a stored policy cannot drive clocks, or null when it can. */
export function slaPolicyError(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const v = value as Record<string, unknown>;
  if (v.basis !== 'working' && v.basis !== 'calendar') return 'basis must be working or calendar';
  for (const key of ['firstResponseHours', 'updateIntervalHours', 'resolutionHours'] as const) {
    const hours = v[key];
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > 24 * 366)
      return `${key} must be a positive number of hours`;
  }
  const share = v.warnAtShare;
  if (typeof share !== 'number' || !(share > 0 && share < 1)) return 'warnAtShare must be between 0 and 1';
  return null;
}

export function parseSlaPolicy(value: unknown): SlaPolicy {
  const problem = slaPolicyError(value);
  if (problem !== null) throw new RangeError(`invalid SLA policy: ${problem}`);
  const v = value as SlaPolicy;
  return {
    basis: v.basis,
    firstResponseHours: v.firstResponseHours,
    updateIntervalHours: v.updateIntervalHours,
    resolutionHours: v.resolutionHours,
    warnAtShare: v.warnAtShare,
  };
}

// ── escalation ───────────────────────────────────────────────────────────────

/** 0 none, 1 the owner's supervisor, 2 the command office. */
export const MAX_ESCALATION_LEVEL = 2;

/** A breach raises the case one level; past the command office it stays there (and they are told again). */
export function nextEscalationLevel(current: number): number {
  return Math.min(Math.max(current, 0) + 1, MAX_ESCALATION_LEVEL);
}

// ── metrics ──────────────────────────────────────────────────────────────────

export const METRIC_GROUPS = ['department', 'area', 'type'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

const OPEN = new Set(['submitted', 'accepted', 'in_progress']);
const SOLVED = new Set(['resolved', 'closed']);

/** The columns of one case the rates are computed from. */
export interface MetricCase {
  key: string;
  status: string;
  createdAt: Date;
  dueFirstResponseAt: Date | null;
  firstResponseAt: Date | null;
  dueResolutionAt: Date | null;
  resolvedAt: Date | null;
  rating: number | null;
}

export interface UnitMetrics {
  key: string;
  cases: number;
  /** Cases whose first-response deadline has passed or that were answered. */
  dueForResponse: number;
  respondedInTime: number;
  /** respondedInTime / dueForResponse; null when nothing was due. */
  responseRate: number | null;
  resolved: number;
  resolvedOnTime: number;
  onTimeResolutionRate: number | null;
  rated: number;
  satisfied: number;
  /** rating ≥ 4 of 5 among rated cases. */
  satisfactionRate: number | null;
  medianHoursToResolve: number | null;
  open: number;
  overdue: number;
  /** Problems solved to date: status resolved or closed. */
  solved: number;
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? null)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Rates for one unit's cases, as of `now`. */
export function unitMetrics(key: string, rows: readonly MetricCase[], now: Date): UnitMetrics {
  let dueForResponse = 0;
  let respondedInTime = 0;
  let resolved = 0;
  let resolvedOnTime = 0;
  let rated = 0;
  let satisfied = 0;
  let open = 0;
  let overdue = 0;
  let solved = 0;
  const hoursToResolve: number[] = [];
  const t = now.getTime();
  for (const row of rows) {
    const due = row.dueFirstResponseAt?.getTime();
    const answered = row.firstResponseAt?.getTime();
    if (due !== undefined && (answered !== undefined || due <= t)) {
      dueForResponse += 1;
      if (answered !== undefined && answered <= due) respondedInTime += 1;
    }
    if (row.resolvedAt !== null) {
      resolved += 1;
      // A case without a resolution clock cannot be late.
      if (row.dueResolutionAt === null || row.resolvedAt.getTime() <= row.dueResolutionAt.getTime())
        resolvedOnTime += 1;
      hoursToResolve.push((row.resolvedAt.getTime() - row.createdAt.getTime()) / HOUR_MS);
    }
    if (row.rating !== null) {
      rated += 1;
      if (row.rating >= 4) satisfied += 1;
    }
    if (OPEN.has(row.status)) {
      open += 1;
      if (row.dueResolutionAt !== null && row.dueResolutionAt.getTime() < t) overdue += 1;
    }
    if (SOLVED.has(row.status)) solved += 1;
  }
  return {
    key,
    cases: rows.length,
    dueForResponse,
    respondedInTime,
    responseRate: rate(respondedInTime, dueForResponse),
    resolved,
    resolvedOnTime,
    onTimeResolutionRate: rate(resolvedOnTime, resolved),
    rated,
    satisfied,
    satisfactionRate: rate(satisfied, rated),
    medianHoursToResolve: median(hoursToResolve),
    open,
    overdue,
    solved,
  };
}

/** Metrics per unit (the row's key), units in key order, plus the total over every row. */
export function metricsByUnit(
  rows: readonly MetricCase[],
  now: Date,
): { units: UnitMetrics[]; total: UnitMetrics } {
  const groups = new Map<string, MetricCase[]>();
  for (const row of rows) {
    const list = groups.get(row.key);
    if (list) list.push(row);
    else groups.set(row.key, [row]);
  }
  const units = [...groups.keys()].sort().map((key) => unitMetrics(key, groups.get(key) ?? [], now));
  return { units, total: unitMetrics('total', rows, now) };
}

/**
 * The unit of a case when grouping by area under a root: the root's child the case lies in, or the
 * root itself for a case filed at the root. A null root (everywhere) groups by the top segment.
 */
export function areaUnitOf(casePath: string, rootPath: string | null): string {
  if (rootPath === null) return casePath.split('.')[0] ?? casePath;
  if (casePath === rootPath) return rootPath;
  const rest = casePath.slice(rootPath.length + 1);
  const child = rest.split('.')[0];
  return child ? `${rootPath}.${child}` : rootPath;
}

/** Wall-clock hours a case is past its due time (0 when not yet due), one decimal. */
export function hoursOverdue(dueAt: Date, now: Date): number {
  return Math.max(0, Math.round(((now.getTime() - dueAt.getTime()) / HOUR_MS) * 10) / 10);
}
