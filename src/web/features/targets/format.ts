// How the targets page writes values, progress and statuses. Pure (the language is an argument) so it
// is unit-tested without a browser.
import type { MetricDefinition, MetricKey, MetricUnit } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import type { TargetStatus } from './api.ts';

export type UiLang = 'zh' | 'en';

export function uiLang(lang: string): UiLang {
  return lang.startsWith('en') ? 'en' : 'zh';
}

const UNITS: Record<UiLang, Record<MetricUnit, string>> = {
  zh: { count: '件', people: '人', percent: '%', cny: '元', hours: '小时', enterprises: '家' },
  en: { count: '', people: 'people', percent: '%', cny: 'CNY', hours: 'h', enterprises: 'enterprises' },
};

export function unitLabel(unit: MetricUnit, lang: UiLang): string {
  return UNITS[lang][unit];
}

/** "95.3%", "1,234 件", "73,050,000 CNY", "—" when there is no value. */
export function formatValue(value: number | null, unit: MetricUnit, lang: UiLang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const text = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 1 }).format(
    value,
  );
  if (unit === 'percent') return `${text}%`;
  const label = unitLabel(unit, lang);
  return label ? `${text} ${label}` : text;
}

/** Progress as the bar shows it: 0..100 (capped; an over-achiever shows a full bar). */
export function progressPercent(progress: number | null): number {
  if (progress === null || !Number.isFinite(progress)) return 0;
  return Math.max(0, Math.min(100, Math.round(progress * 1000) / 10));
}

export const STATUS_COLOURS: Record<TargetStatus, string> = {
  met: 'success',
  on_track: 'processing',
  lagging: 'warning',
  missed: 'error',
  no_data: 'default',
};

/** The bar's colour: green when met, blue on pace, orange behind, red missed. */
export function progressColour(status: TargetStatus): string | undefined {
  switch (status) {
    case 'met':
      return '#52c41a';
    case 'on_track':
      return '#1677ff';
    case 'lagging':
      return '#faad14';
    case 'missed':
      return '#ff4d4f';
    default:
      return undefined;
  }
}

/**
 * Metrics a target may name, in catalogue order: all but the percent sums kept only as a ratio's
 * numerator (the server refuses them the same way).
 */
export function targetableMetrics(): MetricDefinition[] {
  return Object.values(METRICS).filter((m) => !(m.kind === 'base' && m.unit === 'percent'));
}

export function metricName(key: MetricKey, lang: UiLang): string {
  return METRICS[key].name[lang];
}

export function metricUnit(key: MetricKey): MetricUnit {
  return METRICS[key].unit;
}

/** "GL-000123", as the case engine numbers cases. */
export function caseCode(number: number): string {
  return `GL-${String(number).padStart(6, '0')}`;
}
