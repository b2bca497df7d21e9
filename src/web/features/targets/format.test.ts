import { describe, expect, it } from 'vitest';
import {
  caseCode,
  formatValue,
  metricName,
  progressColour,
  progressPercent,
  targetableMetrics,
  uiLang,
} from './format.ts';

describe('targets page formatting', () => {
  it('writes values with their unit in either language', () => {
    expect(formatValue(95.34, 'percent', 'zh')).toBe('95.3%');
    expect(formatValue(1234, 'count', 'zh')).toBe('1,234 件');
    expect(formatValue(1234, 'count', 'en')).toBe('1,234');
    expect(formatValue(703, 'enterprises', 'en')).toBe('703 enterprises');
    expect(formatValue(null, 'percent', 'en')).toBe('—');
  });

  it('caps the bar at 100 and shows nothing without data', () => {
    expect(progressPercent(0.7)).toBe(70);
    expect(progressPercent(1.25)).toBe(100);
    expect(progressPercent(null)).toBe(0);
    expect(progressColour('missed')).toBe('#ff4d4f');
    expect(progressColour('no_data')).toBeUndefined();
  });

  it('offers every metric that takes a target, named in the chosen language', () => {
    const keys = targetableMetrics().map((m) => m.key);
    expect(keys).toContain('resumption_rate');
    expect(keys).not.toContain('capacity_percent_sum');
    expect(metricName('resumption_rate', 'zh')).toBe('规上企业复工率');
    expect(uiLang('en-US')).toBe('en');
    expect(caseCode(42)).toBe('GL-000042');
  });
});
