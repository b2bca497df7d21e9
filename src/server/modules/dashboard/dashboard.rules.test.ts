import { describe, expect, it } from 'vitest';
import type { MetricDefinition, MetricKey } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import {
  MAX_DASHBOARD_DAYS,
  addDays,
  baseValue,
  cutPath,
  dailySeries,
  isRangeError,
  median,
  previousRange,
  rankRows,
  ratio,
  ratioScale,
  readingOf,
  resolveRange,
  subtreeBounds,
  type CellSum,
  readsTotals,
} from './dashboard.rules.ts';

const cell = (
  metric: MetricKey,
  day: string | null,
  value: number,
  samples: number[] | null = null,
): CellSum => ({
  metric,
  key: '',
  day,
  value,
  samples,
});
const definitions = (key: MetricKey): MetricDefinition => METRICS[key];

describe('dashboard rules', () => {
  it('default range: today, else the latest day with cells, and the 29 days before', () => {
    expect(resolveRange({}, '2025-06-01', '2020-02-29')).toEqual({ from: '2020-01-31', to: '2020-02-29' });
    expect(resolveRange({}, '2025-06-01', '2025-06-01')).toEqual({ from: '2025-05-03', to: '2025-06-01' });
    expect(resolveRange({}, '2025-06-01', null)).toEqual({ from: '2025-05-03', to: '2025-06-01' });
    expect(resolveRange({ to: '2020-02-10' }, '2025-06-01', null)).toEqual({
      from: '2020-01-12',
      to: '2020-02-10',
    });
    expect(resolveRange({ from: '2020-02-01', to: '2020-02-10' }, '2025-06-01', null)).toEqual({
      from: '2020-02-01',
      to: '2020-02-10',
    });
  });

  it('refuses a backwards range or one over 366 days, naming from', () => {
    const backwards = resolveRange({ from: '2020-02-10', to: '2020-02-01' }, '2025-06-01', null);
    expect(isRangeError(backwards) && backwards.field).toBe('from');
    const long = resolveRange(
      { from: '2020-01-01', to: addDays('2020-01-01', MAX_DASHBOARD_DAYS) },
      '2025-06-01',
      null,
    );
    expect(isRangeError(long) && long.field).toBe('from');
    expect(
      isRangeError(resolveRange({ from: '2020-01-01', to: addDays('2020-01-01', 365) }, '2025-06-01', null)),
    ).toBe(false);
  });

  it('the previous equal range ends the day before', () => {
    expect(previousRange({ from: '2020-02-01', to: '2020-02-29' })).toEqual({
      from: '2020-01-03',
      to: '2020-01-31',
    });
    expect(previousRange({ from: '2020-03-01', to: '2020-03-01' })).toEqual({
      from: '2020-02-29',
      to: '2020-02-29',
    });
  });

  it('paths: cut to a depth; a subtree is the byte range root … root/', () => {
    expect(cutPath('33.01.001.0001', 1)).toBe('33.01');
    expect(cutPath('33.01', 3)).toBe('33.01');
    const { lo, hi } = subtreeBounds('33.01');
    for (const inside of ['33.01', '33.01.001', '33.01.zz']) expect(inside >= lo && inside < hi).toBe(true);
    for (const outside of ['33.010', '33.02', '33.0', '33.01A'])
      expect(outside >= lo && outside < hi).toBe(false);
  });

  it('ratio: null on a zero or missing denominator, × 100 for percent of counts, 4 decimals', () => {
    expect(ratio(1, 3, 100)).toBe(33.3333);
    expect(ratio(1, 0, 100)).toBeNull();
    expect(ratio(5, null, 100)).toBeNull();
    expect(ratio(null, 4, 100)).toBe(0);
    expect(ratioScale('percent', 'enterprises')).toBe(100);
    expect(ratioScale('percent', 'percent')).toBe(1);
  });

  it('median: odd, even, none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('flow sums the range, stock sums every change to `to`, gauge reads the latest day', () => {
    const range = { from: '2020-02-02', to: '2020-02-03' };
    const cells = [
      cell('checkpoint_passes', null, 100),
      cell('checkpoint_passes', '2020-02-01', 1),
      cell('checkpoint_passes', '2020-02-02', 2),
      cell('checkpoint_passes', '2020-02-03', 3),
      cell('checkpoint_passes', '2020-02-04', 4),
    ];
    expect(baseValue('flow', cells, range)).toBe(5);
    expect(baseValue('stock', cells, range)).toBe(106);
    expect(baseValue('gauge', cells, range)).toBe(3);
    expect(baseValue('flow', [], range)).toBeNull();
    expect(baseValue('gauge', [cell('problems_overdue', '2020-02-05', 1)], range)).toBeNull();
  });

  it('readings: ratio of two stocks, median of the union of samples', () => {
    const cells = new Map<MetricKey, CellSum[]>([
      [
        'enterprises_resumed',
        [cell('enterprises_resumed', null, 1), cell('enterprises_resumed', '2020-02-02', 2)],
      ],
      ['enterprises_above_scale', [cell('enterprises_above_scale', null, 4)]],
      [
        'refund_turnaround_median',
        [
          cell('refund_turnaround_median', '2020-02-02', 2, [1, 9]),
          cell('refund_turnaround_median', '2020-02-03', 1, [4]),
        ],
      ],
    ]);
    const of = (key: MetricKey) => cells.get(key) ?? [];
    const range = { from: '2020-02-01', to: '2020-02-03' };
    expect(readingOf(METRICS.resumption_rate, of, range, definitions)).toEqual({
      value: 75,
      numerator: 3,
      denominator: 4,
    });
    expect(readingOf(METRICS.refund_turnaround_median, of, range, definitions).value).toBe(4);
    expect(dailySeries(METRICS.resumption_rate, of, range, definitions)).toEqual([25, 75, 75]);
    expect(dailySeries(METRICS.checkpoint_passes, of, range, definitions)).toEqual([null, null, null]);
  });

  it('rankings: best first by direction, no value last, ties in tree order', () => {
    const rows = [
      { id: 'a', value: 2 },
      { id: 'b', value: null },
      { id: 'c', value: 5 },
      { id: 'd', value: 2 },
    ];
    expect(rankRows(rows, true).map((r) => r.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankRows(rows, false).map((r) => r.id)).toEqual(['a', 'd', 'c', 'b']);
  });

  it('reads a city, a town and a city by town from the totals; anything deeper from the cells', () => {
    expect(readsTotals(null)).toBe(true);
    expect(readsTotals('c')).toBe(true);
    expect(readsTotals('c.t')).toBe(true);
    expect(readsTotals('c.t.m')).toBe(false);
    expect(readsTotals(null, 1)).toBe(true);
    expect(readsTotals('c', 1)).toBe(true);
    expect(readsTotals('c.t', 2)).toBe(false);
    expect(readsTotals('c', 2)).toBe(false);
  });
});
