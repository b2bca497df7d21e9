import { useMemo } from 'react';
import { Card, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MetricKey, MetricValueDto } from '../../../shared/dashboard.ts';
import { buildGaugeOption } from './chartOptions.ts';
import { DashboardChart } from './DashboardChart.tsx';
import { uiLang } from './format.ts';

/** The headline rates as dials, for the big screen: legible from across the command office. */
export const GAUGE_METRICS: readonly MetricKey[] = [
  'resumption_rate',
  'capacity_rate',
  'screening_coverage',
  'on_time_resolution_rate',
  'satisfaction_rate',
];

function Gauge({ metric, value, onSelect }: { metric: MetricKey; value: number | null; onSelect(): void }) {
  const { i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const option = useMemo(
    () => buildGaugeOption({ value, metric, style: { lang, large: true } }),
    [value, metric, lang],
  );
  return (
    <Card
      size="small"
      hoverable
      onClick={onSelect}
      style={{ flex: '1 1 200px', minWidth: 0 }}
      styles={{ body: { padding: 4 } }}
      data-testid={`gauge-${metric}`}
    >
      <DashboardChart option={option} height={190} dark />
    </Card>
  );
}

export function GaugeStrip({
  metrics,
  onSelect,
}: {
  metrics: readonly MetricValueDto[];
  onSelect(metric: MetricKey): void;
}) {
  const byKey = new Map(metrics.map((m) => [m.key, m.value]));
  return (
    <Flex wrap gap={12}>
      {GAUGE_METRICS.map((metric) => (
        <Gauge
          key={metric}
          metric={metric}
          value={byKey.get(metric) ?? null}
          onSelect={() => onSelect(metric)}
        />
      ))}
    </Flex>
  );
}
