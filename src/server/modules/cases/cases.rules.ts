// The case lifecycle as data: one table of moves, read by the service (to refuse an illegal move
// with the moves that are allowed) and by the policy (to tell the SPA which buttons to show).

export const CASE_STATUSES = [
  'submitted',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'in_progress'];
/** Statuses with no move out except reopen (resolved, closed) or none at all. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['closed', 'rejected', 'withdrawn', 'merged'];

export const CASE_ACTIONS = [
  'accept',
  'start',
  'resolve',
  'close',
  'confirm',
  'reject',
  'withdraw',
  'merge',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * from → action → to. `close` is staff closing a resolved case; `confirm` is the requester accepting
 * the resolution; both end in closed. Reopen brings a resolved or closed case back into work.
 */
const MOVES: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  submitted: { accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn', merge: 'merged' },
  accepted: {
    start: 'in_progress',
    resolve: 'resolved',
    reject: 'rejected',
    withdraw: 'withdrawn',
    merge: 'merged',
  },
  in_progress: { resolve: 'resolved', withdraw: 'withdrawn', merge: 'merged' },
  resolved: { close: 'closed', confirm: 'closed', reopen: 'in_progress' },
  closed: { reopen: 'in_progress' },
  rejected: {},
  withdrawn: {},
  merged: {},
};

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

/** The status an action leads to, or null when the move is not allowed from this status. */
export function nextStatus(from: CaseStatus, action: CaseAction): CaseStatus | null {
  return MOVES[from][action] ?? null;
}

/** Every action the lifecycle allows from a status (before asking who the actor is). */
export function actionsFrom(from: CaseStatus): CaseAction[] {
  return CASE_ACTIONS.filter((action) => MOVES[from][action] !== undefined);
}
