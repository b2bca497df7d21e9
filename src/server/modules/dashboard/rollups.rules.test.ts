import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { METRIC_KEYS } from '../../../shared/dashboard.ts';
import {
  aggregate,
  ancestorPairs,
  totalAncestors,
  caseDays,
  cellInArea,
  cellPath,
  familyCellMetrics,
  median,
  orgStockChanges,
  ratio,
  shanghaiDay,
} from './rollups.rules.ts';

describe('rollups rules', () => {
  it('cuts a path to grid depth: places roll into their grid, shallower paths stay', () => {
    expect(cellPath('330482.03.12.0007.P001')).toBe('330482.03.12.0007');
    expect(cellPath('330482.03.12.0007')).toBe('330482.03.12.0007');
    expect(cellPath('330482.03.12')).toBe('330482.03.12');
    expect(cellPath('330482')).toBe('330482');
  });

  it('a cell belongs to an area by path prefix at a segment boundary', () => {
    expect(cellInArea('330482.03.12', '330482.03')).toBe(true);
    expect(cellInArea('330482.03', '330482.03')).toBe(true);
    expect(cellInArea('330482.031', '330482.03')).toBe(false);
  });

  it('a case touches its created day and its resolved day (Asia/Shanghai)', () => {
    expect(caseDays({ createdAt: new Date('2020-02-03T17:00:00Z'), resolvedAt: null })).toEqual([
      '2020-02-04',
    ]);
    expect(
      caseDays({ createdAt: new Date('2020-02-03T01:00:00Z'), resolvedAt: new Date('2020-02-05T15:59:00Z') }),
    ).toEqual(['2020-02-03', '2020-02-05']);
    expect(
      caseDays({ createdAt: new Date('2020-02-03T01:00:00Z'), resolvedAt: new Date('2020-02-03T09:00:00Z') }),
    ).toEqual(['2020-02-03']);
    expect(shanghaiDay(new Date('2020-02-29T16:00:00Z'))).toBe('2020-03-01');
  });

  it('ratios are null without a denominator and × 100 for percent', () => {
    expect(ratio(3, 4, 'percent')).toBe(75);
    expect(ratio(3, 0, 'percent')).toBeNull();
    expect(ratio(9, 3, 'count')).toBe(3);
  });

  it('medians of odd, even and empty samples', () => {
    expect(median([22, 3, 10])).toBe(10);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('flows sum the range, stocks everything up to its end, gauges the latest day', () => {
    const cells = [
      { day: '2020-01-24', value: 5 },
      { day: '2020-02-10', value: 2 },
      { day: '2020-02-20', value: -1 },
    ];
    expect(aggregate('flow', cells, '2020-02-01', '2020-02-15')).toBe(2);
    expect(aggregate('stock', cells, '2020-02-01', '2020-02-15')).toBe(7);
    expect(aggregate('stock', cells, '2020-02-01', '2020-02-29')).toBe(6);
    expect(aggregate('gauge', cells, '2020-02-01', '2020-02-15')).toBe(2);
    expect(aggregate('gauge', [], '2020-02-01', '2020-02-15')).toBe(0);
  });

  it('an enterprise: registered on its first status, resumed, suspended again, resumed, closed', () => {
    expect(
      orgStockChanges('2026-01-01', [
        { status: 'suspended', effectiveDate: '2020-01-24' },
        { status: 'resumed', effectiveDate: '2020-02-10' },
        { status: 'suspended', effectiveDate: '2020-02-12' },
        { status: 'resumed', effectiveDate: '2020-02-14' },
        { status: 'closed', effectiveDate: '2020-03-01' },
      ]),
    ).toEqual([
      { day: '2020-01-24', aboveScale: 1, resumed: 0 },
      { day: '2020-02-10', aboveScale: 0, resumed: 1 },
      { day: '2020-02-12', aboveScale: 0, resumed: -1 },
      { day: '2020-02-14', aboveScale: 0, resumed: 1 },
      { day: '2020-03-01', aboveScale: -1, resumed: -1 },
    ]);
    // Never stopped: working from the day registered.
    expect(orgStockChanges('2020-01-02', [{ status: 'operating', effectiveDate: '2020-01-02' }])).toEqual([
      { day: '2020-01-02', aboveScale: 1, resumed: 1 },
    ]);
  });

  it('the catalogue covers every key; ratios name base metrics; a family replaces its base metrics', () => {
    expect(Object.keys(METRICS).sort()).toEqual([...METRIC_KEYS].sort());
    for (const m of Object.values(METRICS)) {
      expect(m.key in METRICS).toBe(true);
      if (m.kind === 'ratio') {
        expect(METRICS[m.numerator!].kind).toBe('base');
        expect(METRICS[m.denominator!].kind).toBe('base');
      } else {
        expect(m.family && m.aggregation).toBeTruthy();
      }
    }
    expect(familyCellMetrics('orgs')).toEqual(['enterprises_above_scale', 'enterprises_resumed']);
    expect(familyCellMetrics('cases')).not.toContain('problems_overdue');
  });

  it('a cell rolls into its city and town totals; pairs are unique per ancestor and day', () => {
    expect(totalAncestors('c')).toEqual(['c']);
    expect(totalAncestors('c.t')).toEqual(['c', 'c.t']);
    expect(totalAncestors('c.t.m.g')).toEqual(['c', 'c.t']);
    expect(
      ancestorPairs([
        { areaPath: 'c.t1.m.g', day: '2020-02-01' },
        { areaPath: 'c.t1.m', day: '2020-02-01' },
        { areaPath: 'c.t2.m', day: '2020-02-01' },
        { areaPath: 'c.t1.m.g', day: null },
      ]),
    ).toEqual([
      { path: 'c', day: '2020-02-01' },
      { path: 'c.t1', day: '2020-02-01' },
      { path: 'c.t2', day: '2020-02-01' },
      { path: 'c', day: null },
      { path: 'c.t1', day: null },
    ]);
  });
});
