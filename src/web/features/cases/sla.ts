// The SLA countdown shown on every case row: which clock runs, how long is left, and its colour.

export type SlaState = 'ok' | 'warning' | 'overdue';

export interface SlaClock {
  /** Which deadline the countdown is for. */
  clock: 'firstResponse' | 'resolution';
  dueAt: string;
  state: SlaState;
  /** Whole minutes left (negative once overdue). */
  minutesLeft: number;
}

const OPEN = new Set(['submitted', 'accepted', 'in_progress']);

/**
 * The clock that matters for a case now: the first response while nobody has accepted it, the
 * resolution otherwise; none once the case left the open statuses. Warning once `warnAtShare` of
 * the time from creation to the deadline has gone; overdue past it or when the server says so.
 */
export function slaClock(
  c: {
    status: string;
    createdAt: string;
    dueFirstResponseAt: string | null;
    dueResolutionAt: string | null;
    overdue: boolean;
  },
  now: number,
  warnAtShare = 0.8,
): SlaClock | null {
  if (!OPEN.has(c.status)) return null;
  const first = c.status === 'submitted' && c.dueFirstResponseAt ? c.dueFirstResponseAt : null;
  const dueAt = first ?? c.dueResolutionAt;
  if (!dueAt) return null;
  const due = Date.parse(dueAt);
  const start = Date.parse(c.createdAt);
  const minutesLeft = Math.floor((due - now) / 60_000);
  let state: SlaState = 'ok';
  if (now >= due || (c.overdue && !first)) state = 'overdue';
  else if (due > start && (now - start) / (due - start) >= warnAtShare) state = 'warning';
  return { clock: first ? 'firstResponse' : 'resolution', dueAt, state, minutesLeft };
}

/** "2d 3h", "5h 10m", "45m": the largest two units of a duration in minutes. */
export function durationParts(minutes: number): { days: number; hours: number; mins: number } {
  const total = Math.abs(minutes);
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), mins: total % 60 };
}
