// How the dashboard writes its figures: thousands separators, money in 万元 for Chinese readers and in
// millions for English ones, percentages with one decimal, changes against the previous period.
// Pure functions (the language is an argument) so they are unit-tested without a browser.
import type { MetricUnit } from '../../../shared/dashboard.ts';

export type UiLang = 'zh' | 'en';

export function uiLang(lang: string): UiLang {
  return lang.startsWith('en') ? 'en' : 'zh';
}

const LOCALE: Record<UiLang, string> = { zh: 'zh-CN', en: 'en-US' };

/**
 * Unit labels printed after a number. Kept here rather than in strings.ts: an English count has no
 * unit at all (the empty label), which the translation files do not allow.
 */
export const UNIT_LABELS: Record<UiLang, Record<MetricUnit, string>> = {
  zh: { count: '件', people: '人', enterprises: '家', percent: '%', hours: '小时', cny: '万元' },
  en: { count: '', people: 'people', enterprises: 'enterprises', percent: '%', hours: 'h', cny: 'M CNY' },
};

/** 1234567.8 → "1,234,568" (or with the given number of decimals, trailing zeros dropped). */
export function formatNumber(value: number, lang: UiLang, maxFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], {
    maximumFractionDigits: maxFractionDigits,
    minimumFractionDigits: 0,
  }).format(value);
}

/**
 * The number as a chart plots it: money in 万元 (zh) or millions (en), so that the axis, the tooltip
 * and the card say the same thing; everything else unchanged.
 */
export function scaleValue(value: number, unit: MetricUnit, lang: UiLang): number {
  if (unit !== 'cny') return value;
  return lang === 'zh' ? value / 10_000 : value / 1_000_000;
}

function fractionDigits(scaled: number, unit: MetricUnit): number {
  switch (unit) {
    case 'percent':
    case 'hours':
      return 1;
    case 'cny':
      // 7,305 万元 and 73.05 M: whole 万元 once there are hundreds of them, two decimals below that.
      return Math.abs(scaled) >= 100 ? 0 : 2;
    default:
      return Number.isInteger(scaled) ? 0 : 1;
  }
}

export interface FormattedValue {
  /** The number, formatted ("7,305", "95.2", "—" when unknown). */
  value: string;
  /** The unit label to print after it ("万元", "%", "" for a plain count in English). */
  unit: string;
}

export function formatMetricParts(value: number | null, unit: MetricUnit, lang: UiLang): FormattedValue {
  const label = UNIT_LABELS[lang][unit];
  if (value === null || !Number.isFinite(value)) return { value: '—', unit: label };
  const scaled = scaleValue(value, unit, lang);
  return { value: formatNumber(scaled, lang, fractionDigits(scaled, unit)), unit: label };
}

/** "7,305 万元", "73.05 M CNY", "95.2%", "1,560". */
export function formatMetric(value: number | null, unit: MetricUnit, lang: UiLang): string {
  const parts = formatMetricParts(value, unit, lang);
  if (parts.value === '—' || !parts.unit) return parts.value;
  if (unit === 'percent') return `${parts.value}%`;
  return `${parts.value} ${parts.unit}`;
}

export interface MetricChange {
  direction: 'up' | 'down' | 'flat';
  /** "12.5%" (relative) or "3.2" percentage points for percentages; always unsigned. */
  amount: string;
  /** Percentages change by points, everything else by a relative share. */
  kind: 'relative' | 'points' | 'absolute';
  /** Whether the change is good news given the metric's direction; null when flat. */
  good: boolean | null;
}

/**
 * The change against the previous equal period: points for a percentage, a relative share otherwise
 * (absolute when the previous value was zero, where a share means nothing). Null without a previous.
 */
export function metricChange(
  current: number | null,
  previous: number | null,
  unit: MetricUnit,
  higherIsBetter: boolean,
  lang: UiLang,
): MetricChange | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const good = direction === 'flat' ? null : (direction === 'up') === higherIsBetter;
  if (unit === 'percent') {
    return { direction, amount: formatNumber(Math.abs(delta), lang, 1), kind: 'points', good };
  }
  if (previous === 0) {
    return {
      direction,
      amount: formatMetricParts(Math.abs(delta), unit, lang).value,
      kind: 'absolute',
      good,
    };
  }
  const share = (Math.abs(delta) / Math.abs(previous)) * 100;
  return { direction, amount: `${formatNumber(share, lang, 1)}%`, kind: 'relative', good };
}

/** "14:03:07" in the viewer's time zone. */
export function formatClock(at: Date | number): string {
  const date = typeof at === 'number' ? new Date(at) : at;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
