import { randomInt } from 'node:crypto';
import { isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';

/** A code lives ten minutes, a phone gets at most five an hour, a code takes at most five wrong tries. */
export const CODE_TTL_MS = 10 * 60_000;
export const CODES_PER_HOUR = 5;
export const CODE_WINDOW_MS = 3600_000;
export const MAX_WRONG_ATTEMPTS = 5;
/** The SPA counts this down before it offers another code. */
export const RESEND_AFTER_SECONDS = 60;

export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Whether another code may be sent now, given when the phone's codes of the last hour were created.
 * When not, how many seconds until the oldest of them leaves the window.
 */
export function codeQuota(
  recent: readonly Date[],
  now: Date,
): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
  const inWindow = recent.filter((at) => now.getTime() - at.getTime() < CODE_WINDOW_MS);
  if (inWindow.length < CODES_PER_HOUR) return { allowed: true };
  const oldest = Math.min(...inWindow.map((at) => at.getTime()));
  return {
    allowed: false,
    retryAfterSeconds: Math.max(1, Math.ceil((oldest + CODE_WINDOW_MS - now.getTime()) / 1000)),
  };
}

export type CodeCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'expired' | 'exhausted' | 'wrong'; attemptsLeft: number };

/** Judges a submitted code against the newest unconsumed one sent to the phone (hashes compared). */
export function checkCode(
  stored: { codeHash: string; attempts: number; expiresAt: Date } | undefined,
  submittedHash: string,
  now: Date,
): CodeCheck {
  if (!stored) return { ok: false, reason: 'missing', attemptsLeft: 0 };
  if (stored.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', attemptsLeft: 0 };
  if (stored.attempts >= MAX_WRONG_ATTEMPTS) return { ok: false, reason: 'exhausted', attemptsLeft: 0 };
  if (stored.codeHash !== submittedHash) {
    return {
      ok: false,
      reason: 'wrong',
      attemptsLeft: Math.max(0, MAX_WRONG_ATTEMPTS - stored.attempts - 1),
    };
  }
  return { ok: true };
}

/** A case title from the resident's description: its first line, at most 40 characters. */
export function titleFromDescription(description: string): string {
  const firstLine = description.trim().split(/\r?\n/)[0] ?? '';
  const chars = [...firstLine];
  return chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : firstLine;
}

/** A resident's phone as typed (full-width digits, spaces, dashes) → digits; null when it is no mobile number. */
export function residentMobile(raw: string): string | null {
  const value = normaliseIdentifier(raw).replace(/-/g, '');
  return isValidPhone(value) && /^1\d{10}$/.test(value) ? value : null;
}
