// Which metrics the dashboard shows where: the KPI columns, the trend's companions, the big screen's
// rotation, and when a range counts as empty. Pure: reads only the shared catalogue.
import type { MetricKey, MetricValueDto } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';

export type KpiGroup = 'economy' | 'health' | 'cases';

/**
 * The KPI cards, column by column. The helper metrics behind the ratios (sums of capacity percentages,
 * rated and satisfied problems, expected screenings…) stay off the cards: they mean little alone.
 */
export const KPI_GROUPS: readonly { group: KpiGroup; metrics: readonly MetricKey[] }[] = [
  {
    group: 'economy',
    metrics: [
      'resumption_rate',
      'enterprises_resumed',
      'capacity_rate',
      'staff_returned',
      'refunds_amount',
      'refunds_paid',
      'refund_turnaround_median',
    ],
  },
  {
    group: 'health',
    metrics: ['screening_coverage', 'screenings_done', 'fever_alerts', 'checkpoint_passes'],
  },
  {
    group: 'cases',
    metrics: [
      'problems_opened',
      'problems_resolved',
      'problems_overdue',
      'response_rate',
      'on_time_resolution_rate',
      'satisfaction_rate',
    ],
  },
];

export const DEFAULT_METRIC: MetricKey = 'resumption_rate';

/** What the big screen cycles the map through, every 20 s. */
export const ROTATION: readonly MetricKey[] = [
  'resumption_rate',
  'capacity_rate',
  'screening_coverage',
  'fever_alerts',
  'problems_resolved',
  'on_time_resolution_rate',
  'refunds_amount',
];

export function isMetricKey(value: string | null | undefined): value is MetricKey {
  return typeof value === 'string' && Object.hasOwn(METRICS, value);
}

/** The metric after `current` in the rotation (the first when `current` is not in it). */
export function nextInRotation(current: MetricKey, rotation: readonly MetricKey[] = ROTATION): MetricKey {
  const at = rotation.indexOf(current);
  return rotation[(at + 1) % rotation.length] ?? current;
}

function kpiMetrics(): MetricKey[] {
  return KPI_GROUPS.flatMap((g) => g.metrics);
}

/**
 * The trend's default series for a selected metric: it and up to two card metrics of the same domain and
 * unit (so one axis reads all of them).
 */
export function trendMetricsFor(selected: MetricKey): MetricKey[] {
  const def = METRICS[selected];
  const companions = kpiMetrics().filter(
    (key) => key !== selected && METRICS[key].domain === def.domain && METRICS[key].unit === def.unit,
  );
  return [selected, ...companions.slice(0, 2)];
}

/** The metric whose events make up a number: flows count events, ratios and medians read flows too. */
function isEventMetric(key: MetricKey): boolean {
  const def = METRICS[key];
  if (def.kind === 'ratio') return def.numerator !== undefined && isEventMetric(def.numerator);
  return def.aggregation === 'flow';
}

/**
 * Nothing happened in the range: every figure made of events (reports, passes, cases opened…) is empty
 * or zero. Stocks (enterprises on the register) carry over from earlier and do not count.
 */
export function isEmptyRange(metrics: readonly MetricValueDto[]): boolean {
  const events = metrics.filter((m) => isMetricKey(m.key) && isEventMetric(m.key));
  if (events.length === 0) return false;
  return events.every((m) => m.value === null || m.value === 0);
}

/** The group a metric's card sits in. */
export function groupOf(key: MetricKey): KpiGroup {
  const found = KPI_GROUPS.find((g) => g.metrics.includes(key));
  if (found) return found.group;
  return METRICS[key].domain === 'health' ? 'health' : METRICS[key].domain === 'cases' ? 'cases' : 'economy';
}
