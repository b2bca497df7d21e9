import { createHash, randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'gridline_session';
export const CSRF_HEADER = 'x-csrf-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
