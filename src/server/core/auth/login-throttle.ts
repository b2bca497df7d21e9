/** Failed sign-ins are counted over this window, per account and per address. */
export const THROTTLE_WINDOW_SECONDS = 15 * 60;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface FailureCount {
  count: number;
  /** When the oldest failure still inside the window happened. */
  oldestAt: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Pure rule: a sign-in is refused once either counter reaches its limit, until the window slides past. */
export function decideLogin(account: FailureCount, address: FailureCount, now: Date): ThrottleDecision {
  const blockers = [
    account.count >= MAX_FAILURES_PER_ACCOUNT ? account.oldestAt : null,
    address.count >= MAX_FAILURES_PER_ADDRESS ? address.oldestAt : null,
  ].filter((at): at is Date => at !== null);
  if (blockers.length === 0) return { allowed: true };
  const latestRelease = Math.max(...blockers.map((at) => at.getTime() + THROTTLE_WINDOW_SECONDS * 1000));
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((latestRelease - now.getTime()) / 1000)),
  };
}
