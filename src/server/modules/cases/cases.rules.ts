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

// ── case numbers and text similarity ──────────────────────────────────────────

/** The human code of a case number: GL-000123 (at least six digits). */
export function caseCode(number: number): string {
  return `GL-${String(number).padStart(6, '0')}`;
}

/** The number in a typed code ('GL-000123', 'gl000123', 'GL-123'), or null when the text is not a code. */
export function parseCaseCode(text: string): number | null {
  const match = /^\s*GL-?(\d{1,12})\s*$/i.exec(text);
  if (!match?.[1]) return null;
  const number = Number(match[1]);
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/**
 * Character bigrams of a text, lower-cased, ignoring spaces and punctuation: Chinese has no spaces
 * between words, so pairs of characters stand in for words. A one-character text is its own gram.
 */
export function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  const grams = new Set<string>();
  if (chars.length === 1 && chars[0]) grams.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/** Dice coefficient of the two texts' bigrams: 1 for the same text, 0 for nothing in common. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/** Texts at least this similar are offered as "similar cases". */
export const SIMILAR_THRESHOLD = 0.3;

/** The region code of an area path: its first segment (leads the big indexes for Citus). */
export function regionCodeOf(areaPath: string): string {
  return areaPath.split('.')[0] ?? areaPath;
}

/** Actions that need a reason: refusing, withdrawing, reopening. */
export function actionNeedsReason(action: CaseAction): boolean {
  return action === 'reject' || action === 'withdraw' || action === 'reopen';
}
