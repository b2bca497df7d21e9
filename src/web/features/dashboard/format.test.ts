import { describe, expect, it } from 'vitest';
import {
  formatClock,
  formatMetric,
  formatMetricParts,
  formatNumber,
  metricChange,
  scaleValue,
  uiLang,
} from './format.ts';

describe('formatNumber', () => {
  it('groups thousands in both languages', () => {
    expect(formatNumber(1560, 'zh')).toBe('1,560');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
  });
  it('rounds to the allowed decimals and drops trailing zeros', () => {
    expect(formatNumber(95.25, 'zh', 1)).toBe('95.3');
    expect(formatNumber(95, 'zh', 1)).toBe('95');
  });
});

describe('formatMetric', () => {
  it('writes money in 万元 for Chinese readers', () => {
    expect(formatMetric(73_050_000, 'cny', 'zh')).toBe('7,305 万元');
    expect(formatMetricParts(73_050_000, 'cny', 'zh')).toEqual({ value: '7,305', unit: '万元' });
  });
  it('writes money in millions for English readers', () => {
    expect(formatMetric(73_050_000, 'cny', 'en')).toBe('73.05 M CNY');
    expect(formatMetric(2_280_000, 'cny', 'en')).toBe('2.28 M CNY');
  });
  it('keeps two decimals for small sums of 万元', () => {
    expect(formatMetric(5_000, 'cny', 'zh')).toBe('0.5 万元');
    expect(formatMetric(2_280_000, 'cny', 'zh')).toBe('228 万元');
  });
  it('writes percentages with one decimal and no space', () => {
    expect(formatMetric(95.2381, 'percent', 'zh')).toBe('95.2%');
    expect(formatMetric(100, 'percent', 'en')).toBe('100%');
  });
  it('gives counts their unit in Chinese and none in English', () => {
    expect(formatMetric(703, 'enterprises', 'zh')).toBe('703 家');
    expect(formatMetric(1560, 'count', 'en')).toBe('1,560');
    expect(formatMetric(4300, 'people', 'en')).toBe('4,300 people');
  });
  it('writes hours with one decimal', () => {
    expect(formatMetric(21.96, 'hours', 'zh')).toBe('22 小时');
    expect(formatMetric(21.5, 'hours', 'en')).toBe('21.5 h');
  });
  it('shows a dash for an unknown value', () => {
    expect(formatMetric(null, 'cny', 'zh')).toBe('—');
    expect(formatMetricParts(Number.NaN, 'count', 'en').value).toBe('—');
  });
});

describe('scaleValue', () => {
  it('scales money only', () => {
    expect(scaleValue(73_050_000, 'cny', 'zh')).toBe(7305);
    expect(scaleValue(73_050_000, 'cny', 'en')).toBeCloseTo(73.05);
    expect(scaleValue(12, 'count', 'zh')).toBe(12);
  });
});

describe('metricChange', () => {
  it('compares percentages in points', () => {
    expect(metricChange(95.5, 90, 'percent', true, 'zh')).toEqual({
      direction: 'up',
      amount: '5.5',
      kind: 'points',
      good: true,
    });
  });
  it('compares counts by a relative share', () => {
    expect(metricChange(90, 120, 'count', true, 'en')).toEqual({
      direction: 'down',
      amount: '25%',
      kind: 'relative',
      good: false,
    });
  });
  it('reads a rise of a lower-is-better metric as bad news', () => {
    expect(metricChange(12, 4, 'count', false, 'zh')?.good).toBe(false);
    expect(metricChange(2, 4, 'count', false, 'zh')?.good).toBe(true);
  });
  it('uses the absolute change when the previous period was zero', () => {
    expect(metricChange(30_000, 0, 'cny', true, 'zh')).toEqual({
      direction: 'up',
      amount: '3',
      kind: 'absolute',
      good: true,
    });
  });
  it('says flat, and nothing without a previous value', () => {
    expect(metricChange(5, 5, 'count', true, 'zh')).toMatchObject({ direction: 'flat', good: null });
    expect(metricChange(5, null, 'count', true, 'zh')).toBeNull();
    expect(metricChange(null, 5, 'count', true, 'zh')).toBeNull();
  });
});

describe('formatClock and uiLang', () => {
  it('writes HH:mm:ss with leading zeros', () => {
    expect(formatClock(new Date(2020, 1, 10, 9, 5, 7))).toBe('09:05:07');
  });
  it('maps i18next languages', () => {
    expect(uiLang('en-US')).toBe('en');
    expect(uiLang('zh-CN')).toBe('zh');
  });
});
