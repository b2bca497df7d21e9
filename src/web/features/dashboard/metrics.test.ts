import { describe, expect, it } from 'vitest';
import { METRIC_KEYS, type MetricValueDto } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import {
  isEmptyRange,
  isMetricKey,
  KPI_GROUPS,
  nextInRotation,
  ROTATION,
  trendMetricsFor,
} from './metrics.ts';

const value = (key: MetricValueDto['key'], v: number | null): MetricValueDto => ({
  key,
  value: v,
  previous: null,
  unit: METRICS[key].unit,
});

describe('KPI groups', () => {
  it('show every metric at most once, each a catalogue metric', () => {
    const all = KPI_GROUPS.flatMap((g) => g.metrics);
    expect(new Set(all).size).toBe(all.length);
    expect(all.every((k) => METRIC_KEYS.includes(k))).toBe(true);
  });
  it('rotate through catalogue metrics and wrap around', () => {
    expect(ROTATION.every(isMetricKey)).toBe(true);
    expect(nextInRotation(ROTATION[ROTATION.length - 1] ?? 'resumption_rate')).toBe(ROTATION[0]);
    expect(nextInRotation('staff_on_duty')).toBe(ROTATION[0]);
  });
});

describe('trendMetricsFor', () => {
  it('adds companions of the same domain and unit', () => {
    const metrics = trendMetricsFor('response_rate');
    expect(metrics[0]).toBe('response_rate');
    expect(metrics.length).toBeLessThanOrEqual(3);
    expect(metrics.every((k) => METRICS[k].unit === 'percent' && METRICS[k].domain === 'cases')).toBe(true);
  });
  it('stands alone when nothing matches', () => {
    expect(trendMetricsFor('refund_turnaround_median')).toEqual(['refund_turnaround_median']);
  });
});

describe('isEmptyRange', () => {
  it('is empty when no event metric has a value, whatever the stocks say', () => {
    expect(
      isEmptyRange([
        value('enterprises_above_scale', 703),
        value('checkpoint_passes', 0),
        value('screening_coverage', null),
      ]),
    ).toBe(true);
  });
  it('is not empty once any event happened', () => {
    expect(isEmptyRange([value('enterprises_above_scale', 703), value('checkpoint_passes', 12)])).toBe(false);
  });
  it('is not empty without event metrics to judge by', () => {
    expect(isEmptyRange([value('enterprises_above_scale', 703)])).toBe(false);
  });
});

describe('isMetricKey', () => {
  it('accepts catalogue keys only', () => {
    expect(isMetricKey('resumption_rate')).toBe(true);
    expect(isMetricKey('toString')).toBe(false);
    expect(isMetricKey(null)).toBe(false);
  });
});
