import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { concernsArea, createThrottle, parseChangeEvent } from './useDashboardEvents.ts';

describe('concernsArea', () => {
  const town = '330482.01';

  it('is concerned by a change inside the viewed area or at the area itself', () => {
    expect(concernsArea(['330482.01.001.0001'], town)).toBe(true);
    expect(concernsArea(['330482.01'], town)).toBe(true);
  });

  it('is concerned by a change above it (the city row the trail shows)', () => {
    expect(concernsArea(['330482'], town)).toBe(true);
  });

  it('is not concerned by a sibling, even one whose code starts alike', () => {
    expect(concernsArea(['330482.02.001'], town)).toBe(false);
    expect(concernsArea(['330482.011.001'], town)).toBe(false);
  });

  it('takes any change when no area is chosen (the server already kept to the user’s scope)', () => {
    expect(concernsArea(['330482.02'], undefined)).toBe(true);
    expect(concernsArea(['330482.02'], null)).toBe(true);
    expect(concernsArea([], null)).toBe(false);
  });
});

describe('parseChangeEvent', () => {
  it('reads a well-formed event and refuses the rest', () => {
    expect(parseChangeEvent('{"paths":["a"],"families":["records"],"at":"t"}')).toEqual({
      paths: ['a'],
      families: ['records'],
      at: 't',
    });
    expect(parseChangeEvent('nope')).toBeNull();
    expect(parseChangeEvent('{"paths":[1]}')).toBeNull();
    expect(parseChangeEvent('null')).toBeNull();
  });
});

describe('createThrottle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the first trigger at once and a burst after it once, at the end of the interval', () => {
    const run = vi.fn();
    const throttle = createThrottle(500, run);
    throttle.trigger();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i += 1) {
      vi.advanceTimersByTime(10);
      throttle.trigger();
    }
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('never runs twice within the interval', () => {
    const times: number[] = [];
    const throttle = createThrottle(500, () => times.push(Date.now()));
    for (let i = 0; i < 300; i += 1) {
      throttle.trigger();
      vi.advanceTimersByTime(7);
    }
    vi.advanceTimersByTime(1000);
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(500);
    }
    expect(times.length).toBeGreaterThanOrEqual(4);
  });

  it('runs at once again after a quiet interval, and not at all once cancelled', () => {
    const run = vi.fn();
    const throttle = createThrottle(500, run);
    throttle.trigger();
    vi.advanceTimersByTime(600);
    throttle.trigger();
    expect(run).toHaveBeenCalledTimes(2);
    throttle.trigger();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
