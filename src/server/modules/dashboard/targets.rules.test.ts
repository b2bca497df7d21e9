import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import {
  addDays,
  aggregationOf,
  childTargetValue,
  compareByUrgency,
  elapsedShare,
  formatValueZh,
  isLagging,
  progressOf,
  sheetText,
  TARGETABLE_METRICS,
  targetErrors,
  targetStatus,
  targetWindow,
  type StatusInput,
} from './targets.rules.ts';

const period = { startDay: '2020-02-10', dueDay: '2020-02-29' };

describe('targets: window', () => {
  it('a ratio adds up as its numerator; medians and flows over the period; gauges as of the day', () => {
    expect(aggregationOf(METRICS.resumption_rate)).toBe('stock');
    expect(aggregationOf(METRICS.capacity_rate)).toBe('flow');
    expect(aggregationOf(METRICS.screening_coverage)).toBe('flow');
    expect(aggregationOf(METRICS.checkpoint_passes)).toBe('flow');
    expect(aggregationOf(METRICS.problems_overdue)).toBe('gauge');
    expect(aggregationOf(METRICS.refund_turnaround_median)).toBe('flow');
  });

  it('flows sum from the start day to min(today, due); stocks and gauges are read as of that day', () => {
    expect(targetWindow('flow', period, '2020-02-20')).toEqual({
      from: '2020-02-10',
      to: '2020-02-20',
      asOf: '2020-02-20',
      started: true,
    });
    expect(targetWindow('flow', period, '2026-01-01')).toMatchObject({
      from: '2020-02-10',
      to: '2020-02-29',
    });
    expect(targetWindow('stock', period, '2020-02-20')).toMatchObject({
      from: '2020-02-20',
      to: '2020-02-20',
    });
    expect(targetWindow('gauge', period, '2026-01-01')).toMatchObject({
      from: '2020-02-29',
      to: '2020-02-29',
    });
    expect(targetWindow('flow', period, '2020-02-01').started).toBe(false);
  });

  it('elapsed share counts both ends as whole days and stays within 0..1', () => {
    expect(elapsedShare(period, '2020-02-09')).toBe(0);
    expect(elapsedShare(period, '2020-02-10')).toBeCloseTo(1 / 20);
    expect(elapsedShare(period, '2020-02-19')).toBeCloseTo(0.5);
    expect(elapsedShare(period, '2020-02-29')).toBe(1);
    expect(elapsedShare(period, '2021-01-01')).toBe(1);
    expect(elapsedShare({ startDay: '2020-02-10', dueDay: '2020-02-10' }, '2020-02-10')).toBe(1);
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
  });
});

describe('targets: progress and status', () => {
  const base: StatusInput = {
    actual: 50,
    targetValue: 100,
    higherIsBetter: true,
    aggregation: 'stock',
    ...period,
    today: '2020-02-19',
  };

  it('progress is actual / target, or target / actual when lower is better', () => {
    expect(progressOf(45, 90, true)).toBeCloseTo(0.5);
    expect(progressOf(120, 100, true)).toBeCloseTo(1.2);
    expect(progressOf(10, 5, false)).toBeCloseTo(0.5);
    expect(progressOf(0, 5, false)).toBe(1);
    expect(progressOf(0, 0, true)).toBe(1);
    expect(progressOf(null, 100, true)).toBeNull();
  });

  it('met, on track (progress ≥ elapsed share), lagging, missed after the due day, no data', () => {
    expect(targetStatus({ ...base, actual: 100 }).status).toBe('met');
    expect(targetStatus({ ...base, actual: 50 }).status).toBe('on_track');
    expect(targetStatus({ ...base, actual: 40 })).toEqual({ progress: 0.4, status: 'lagging' });
    expect(targetStatus({ ...base, actual: 99, today: '2020-03-01' }).status).toBe('missed');
    expect(targetStatus({ ...base, actual: 100, today: '2020-03-01' }).status).toBe('met');
    expect(targetStatus({ ...base, actual: null })).toEqual({ progress: null, status: 'no_data' });
  });

  it('a lower-is-better level is met at or under the target and paced like any other', () => {
    const overdue = { ...base, higherIsBetter: false, aggregation: 'gauge' as const, targetValue: 5 };
    expect(targetStatus({ ...overdue, actual: 5 }).status).toBe('met');
    expect(targetStatus({ ...overdue, actual: 8 }).status).toBe('on_track'); // 0.625 ≥ 0.5
    expect(targetStatus({ ...overdue, actual: 20 }).status).toBe('lagging');
    expect(targetStatus({ ...overdue, actual: 6, today: '2020-03-02' }).status).toBe('missed');
  });

  it('a lower-is-better flow is on track under its cap, met when the period is over, missed once over it', () => {
    const alerts = { ...base, higherIsBetter: false, aggregation: 'flow' as const, targetValue: 10 };
    expect(targetStatus({ ...alerts, actual: 3 }).status).toBe('on_track');
    expect(targetStatus({ ...alerts, actual: 3, today: '2020-03-01' }).status).toBe('met');
    expect(targetStatus({ ...alerts, actual: 11 }).status).toBe('missed');
  });

  it('children: rates apply as they are, additive totals are split evenly', () => {
    expect(childTargetValue(METRICS.resumption_rate, 100, 8)).toBe(100);
    expect(childTargetValue(METRICS.refund_turnaround_median, 24, 8)).toBe(24);
    expect(childTargetValue(METRICS.refunds_amount, 800, 8)).toBe(100);
    expect(childTargetValue(METRICS.refunds_amount, 800, 0)).toBe(800);
  });

  it('laggards first: missed, lagging, no data, on track, met; least progress first', () => {
    const rows = [
      { name: 'a', status: 'met' as const, progress: 1 },
      { name: 'b', status: 'lagging' as const, progress: 0.4 },
      { name: 'c', status: 'no_data' as const, progress: null },
      { name: 'd', status: 'lagging' as const, progress: 0.2 },
      { name: 'e', status: 'missed' as const, progress: 0.9 },
      { name: 'f', status: 'on_track' as const, progress: 0.7 },
    ];
    expect(rows.sort(compareByUrgency).map((r) => r.name)).toEqual(['e', 'd', 'b', 'c', 'f', 'a']);
    expect(isLagging('missed')).toBe(true);
    expect(isLagging('no_data')).toBe(false);
  });
});

describe('targets: validation', () => {
  const ok = {
    metric: 'resumption_rate',
    title: '规上企业复工率 100%',
    startDay: '2020-02-10',
    dueDay: '2020-02-29',
    targetValue: 100,
  };

  it('accepts a valid target', () => {
    expect(targetErrors(ok)).toEqual([]);
    expect(targetErrors({ ...ok, metric: 'checkpoint_passes', targetValue: 5000 })).toEqual([]);
  });

  it('names each bad field in both languages', () => {
    expect(targetErrors({ ...ok, metric: 'no_such_metric' })).toEqual([
      { field: 'metric', reason: { zh: '没有这个指标', en: 'is not a metric that takes targets' } },
    ]);
    expect(targetErrors({ ...ok, dueDay: '2020-02-01' })[0]?.field).toBe('dueDay');
    expect(targetErrors({ ...ok, targetValue: -1 })[0]?.field).toBe('targetValue');
    expect(targetErrors({ ...ok, targetValue: 101 })[0]?.reason.en).toBe('a percentage cannot exceed 100');
    expect(targetErrors({ ...ok, metric: 'refunds_amount', targetValue: 73_050_000 })).toEqual([]);
    expect(targetErrors({ ...ok, title: '  ' })[0]?.field).toBe('title');
  });

  it('a percent sum kept only for a ratio takes no target', () => {
    expect(TARGETABLE_METRICS).not.toContain('capacity_percent_sum');
    expect(TARGETABLE_METRICS).toContain('capacity_rate');
    expect(targetErrors({ ...ok, metric: 'capacity_percent_sum', targetValue: 90 })[0]?.field).toBe('metric');
  });
});

describe('targets: the sheet text', () => {
  it('says the area, the value against the target, the progress and the due day', () => {
    expect(formatValueZh(95.34, 'percent')).toBe('95.3%');
    expect(formatValueZh(73_050_000, 'cny')).toBe('73,050,000 元');
    expect(formatValueZh(null, 'count')).toBe('—');
    const text = sheetText({
      targetTitle: '规上企业复工率 100%',
      areaName: '新埭镇',
      metricName: '规上企业复工率',
      unit: 'percent',
      targetValue: 100,
      actual: 82.5,
      progress: 0.825,
      status: 'missed',
      asOf: '2020-02-29',
      dueDay: '2020-02-29',
    });
    expect(text.title).toBe('进度督促单：规上企业复工率 100% — 新埭镇');
    expect(text.description).toContain('新埭镇「规上企业复工率」截至 2020-02-29 为 82.5%');
    expect(text.description).toContain('目标 100%（完成 82.5%，已逾期未完成），截止日期 2020-02-29');
  });
});
