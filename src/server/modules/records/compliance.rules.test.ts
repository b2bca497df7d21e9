import { describe, expect, it } from 'vitest';
import {
  MAX_RATE_DAYS,
  addDays,
  childPathOf,
  dayRangeError,
  daysBetween,
  isDay,
  rate,
  reminderMessage,
  remindersByUser,
  rollUpToChildren,
  shiftStatus,
  subtreeRange,
} from './compliance.rules.ts';

describe('compliance rules', () => {
  it('a checkpoint with one of two shifts is partly reported; a daily form is reported or missing', () => {
    expect(shiftStatus(0, 2)).toBe('missing');
    expect(shiftStatus(1, 2)).toBe('partly');
    expect(shiftStatus(2, 2)).toBe('reported');
    expect(shiftStatus(3, 2)).toBe('reported');
    expect(shiftStatus(0, 1)).toBe('missing');
    expect(shiftStatus(1, 1)).toBe('reported');
    expect(shiftStatus(1, 0)).toBe('reported');
  });

  it('rates: reported over expected to four decimals, no rate without expected subjects', () => {
    expect(rate(3, 1)).toBe(0.3333);
    expect(rate(2, 2)).toBe(1);
    expect(rate(0, 0)).toBeNull();
    expect(rate(4, 9)).toBe(1);
  });

  it('days: real calendar days only, ranges inclusive, across months and leap days', () => {
    expect(isDay('2020-02-29')).toBe(true);
    expect(isDay('2021-02-29')).toBe(false);
    expect(isDay('2020-2-1')).toBe(false);
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
    expect(daysBetween('2020-02-27', '2020-03-02')).toEqual([
      '2020-02-27',
      '2020-02-28',
      '2020-02-29',
      '2020-03-01',
      '2020-03-02',
    ]);
    expect(daysBetween('2020-02-02', '2020-02-01')).toEqual([]);
  });

  it('refuses a period that is backwards or longer than 62 days, naming the field', () => {
    expect(dayRangeError('2020-02-10', '2020-02-01')?.field).toBe('from');
    expect(dayRangeError('2020-01-01', addDays('2020-01-01', MAX_RATE_DAYS - 1))).toBeNull();
    expect(dayRangeError('2020-01-01', addDays('2020-01-01', MAX_RATE_DAYS))?.field).toBe('to');
  });

  it('finds the child of the root holding a path (the root itself for subjects filed on it)', () => {
    expect(childPathOf('33.01.001.0001', '33.01')).toBe('33.01.001');
    expect(childPathOf('33.01.001', '33.01')).toBe('33.01.001');
    expect(childPathOf('33.01', '33.01')).toBe('33.01');
    expect(childPathOf('33.010.001', '33.01')).toBeNull();
    expect(childPathOf('34.01', '33')).toBeNull();
    expect(childPathOf('33.01.001', null)).toBe('33');
  });

  it('rolls area counts up to the root’s children, ignoring rows outside it', () => {
    const { byChild, total } = rollUpToChildren(
      [
        { areaPath: '33.01.001.0001', expected: 10, reported: 7, partly: 1 },
        { areaPath: '33.01.001.0002.P1', expected: 5, reported: 5, partly: 0 },
        { areaPath: '33.01.002', expected: 4, reported: 0, partly: 2 },
        { areaPath: '33.01', expected: 1, reported: 1, partly: 0 },
        { areaPath: '33.02.001', expected: 100, reported: 0, partly: 0 },
      ],
      '33.01',
    );
    expect(Object.fromEntries(byChild)).toEqual({
      '33.01.001': { expected: 15, reported: 12, partly: 1 },
      '33.01.002': { expected: 4, reported: 0, partly: 2 },
      '33.01': { expected: 1, reported: 1, partly: 0 },
    });
    expect(total).toEqual({ expected: 20, reported: 13, partly: 3 });
  });

  it('a subtree is the byte range [root, root/) — siblings with a longer code stay out', () => {
    const { lo, hi } = subtreeRange('33.01');
    const inside = (p: string) => p >= lo && p < hi;
    expect(inside('33.01')).toBe(true);
    expect(inside('33.01.001.0001')).toBe(true);
    expect(inside('33.010')).toBe(false);
    expect(inside('33.01A')).toBe(false);
    expect(inside('33.02')).toBe(false);
    expect(inside('33.0')).toBe(false);
  });

  it('one message per user listing their subjects, at most ten names', () => {
    const byUser = remindersByUser([
      { subjectId: 's1', subjectName: '乙', userId: 'u1' },
      { subjectId: 's2', subjectName: '甲', userId: 'u1' },
      { subjectId: 's2', subjectName: '甲', userId: 'u1' },
      { subjectId: 's1', subjectName: '乙', userId: 'u2' },
    ]);
    expect(byUser.get('u1')).toHaveLength(2);
    expect(byUser.get('u2')).toEqual(['乙']);
    const names = Array.from({ length: 12 }, (_, i) => `企业${i}`);
    const message = reminderMessage('企业日报', '2020-02-10', names);
    expect(message.title).toContain('12');
    expect(message.body).toContain('等 12 个');
    expect(message.body).not.toContain('企业11');
  });
});
