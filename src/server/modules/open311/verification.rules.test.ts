import { describe, expect, it } from 'vitest';
import {
  CODE_WINDOW_MS,
  checkCode,
  codeQuota,
  newVerificationCode,
  residentMobile,
  titleFromDescription,
} from './verification.rules.ts';

const now = new Date('2024-03-01T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('verification codes', () => {
  it('are six digits', () => {
    for (let i = 0; i < 50; i++) expect(newVerificationCode()).toMatch(/^\d{6}$/);
  });

  it('allow five codes an hour and say when the sixth may go', () => {
    const four = [ago(50 * 60_000), ago(40 * 60_000), ago(30 * 60_000), ago(1000)];
    expect(codeQuota(four, now)).toEqual({ allowed: true });
    const five = [...four, ago(500)];
    // the oldest (50 minutes ago) leaves the window in 10 minutes
    expect(codeQuota(five, now)).toEqual({ allowed: false, retryAfterSeconds: 600 });
    // codes older than an hour do not count
    expect(codeQuota([...four, ago(CODE_WINDOW_MS + 1)], now)).toEqual({ allowed: true });
  });

  it('judges a submitted code: missing, expired, exhausted, wrong with tries left, right', () => {
    const stored = { codeHash: 'h', attempts: 0, expiresAt: new Date(now.getTime() + 60_000) };
    expect(checkCode(undefined, 'h', now)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkCode({ ...stored, expiresAt: now }, 'h', now)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(checkCode({ ...stored, attempts: 5 }, 'h', now)).toMatchObject({ ok: false, reason: 'exhausted' });
    expect(checkCode(stored, 'x', now)).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect(checkCode({ ...stored, attempts: 4 }, 'x', now)).toEqual({
      ok: false,
      reason: 'wrong',
      attemptsLeft: 0,
    });
    expect(checkCode(stored, 'h', now)).toEqual({ ok: true });
  });

  it('titles a request by the first line of its description, shortened', () => {
    expect(titleFromDescription('  路灯坏了\n第二行')).toBe('路灯坏了');
    const long = '一'.repeat(60);
    expect([...titleFromDescription(long)]).toHaveLength(40);
    expect(titleFromDescription(long).endsWith('…')).toBe(true);
  });
});

describe('resident phone numbers', () => {
  it('accept mobile numbers as typed, refuse landlines and nonsense', () => {
    expect(residentMobile('138 1234 5678')).toBe('13812345678');
    expect(residentMobile('１３８１２３４５６７８')).toBe('13812345678');
    expect(residentMobile('0573-85123456')).toBeNull();
    expect(residentMobile('12812345678')).toBeNull();
    expect(residentMobile('1381234567')).toBeNull();
  });
});
