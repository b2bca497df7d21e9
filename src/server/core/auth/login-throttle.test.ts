import { describe, expect, it } from 'vitest';
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  THROTTLE_WINDOW_SECONDS,
  decideLogin,
  type FailureCount,
} from './login-throttle.ts';

const now = new Date('2020-02-10T08:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
const none: FailureCount = { count: 0, oldestAt: null };

describe('decideLogin', () => {
  it('uses the documented limits', () => {
    expect(MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(MAX_FAILURES_PER_ADDRESS).toBe(20);
    expect(THROTTLE_WINDOW_SECONDS).toBe(900);
  });

  it('allows a sign-in with no failures', () => {
    expect(decideLogin(none, none, now)).toEqual({ allowed: true });
  });

  it('allows a sign-in just under both limits', () => {
    expect(
      decideLogin({ count: 4, oldestAt: secondsAgo(60) }, { count: 19, oldestAt: secondsAgo(60) }, now),
    ).toEqual({ allowed: true });
  });

  it('blocks at 5 failures for one account, until the oldest one leaves the window', () => {
    expect(decideLogin({ count: 5, oldestAt: secondsAgo(300) }, none, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 600,
    });
  });

  it('blocks at 20 failures from one address, even for an account with none', () => {
    expect(decideLogin(none, { count: 20, oldestAt: secondsAgo(100) }, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 800,
    });
  });

  it('waits for the later release when both limits are reached', () => {
    const decision = decideLogin(
      { count: 5, oldestAt: secondsAgo(800) },
      { count: 25, oldestAt: secondsAgo(200) },
      now,
    );
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 700 });
  });

  it('rounds partial seconds up and never answers less than one second', () => {
    expect(decideLogin({ count: 5, oldestAt: new Date(now.getTime() - 899_500) }, none, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    expect(decideLogin({ count: 5, oldestAt: secondsAgo(900) }, none, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });
});
