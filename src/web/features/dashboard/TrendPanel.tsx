import { useMemo, useRef, useState } from 'react';
import { Empty, Select, Skeleton } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { dashboardApi, exportUrl, type DashboardFilter } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { buildTrendOption, dayAt, metricName } from './chartOptions.ts';
import { DashboardChart, type ChartClick, type DashboardChartHandle } from './DashboardChart.tsx';
import { uiLang } from './format.ts';
import { KPI_GROUPS, trendMetricsFor } from './metrics.ts';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

const MAX_SERIES = 4;

/** The selected metric (and its companions, or the user's choice) day by day over the range. */
export function TrendPanel({
  filter,
  metric,
  dark,
  large,
  onRows,
}: {
  filter: DashboardFilter;
  metric: MetricKey;
  dark: boolean;
  large: boolean;
  onRows(metric: MetricKey, day: string): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const chart = useRef<DashboardChartHandle>(null);
  // The user's own choice holds until another card is selected; then the trend follows the card.
  const [chosen, setChosen] = useState<{ for: MetricKey; metrics: MetricKey[] } | null>(null);
  const metrics = chosen && chosen.for === metric ? chosen.metrics : trendMetricsFor(metric);
  const trend = useQuery({
    queryKey: ['dashboard', 'trend', metrics.join(','), filter.areaId, filter.from, filter.to],
    queryFn: () => dashboardApi.trend(filter, metrics),
    placeholderData: keepPreviousData,
  });
  const option = useMemo(
    () => (trend.data ? buildTrendOption({ trend: trend.data, style: { lang, large } }) : null),
    [trend.data, lang, large],
  );
  const options = KPI_GROUPS.map((g) => ({
    label: t(`dashboard.groups.${g.group}`),
    options: g.metrics.map((key) => ({ value: key, label: metricName(key, lang) })),
  }));
  const click = (params: ChartClick) => {
    if (!trend.data || params.seriesIndex === undefined) return;
    const series = trend.data.series[params.seriesIndex];
    const day = dayAt(trend.data, params.dataIndex);
    if (series && day) onRows(series.key, day);
  };
  const empty = trend.data && trend.data.series.every((s) => s.values.every((v) => v === null || v === 0));
  return (
    <ChartCard
      title={t('dashboard.charts.trend')}
      testId="chart-trend"
      chart={chart}
      filename={`${t('dashboard.charts.trend')}-${metrics.map((m) => metricName(m, lang)).join('-')}`}
      xlsxHref={exportUrl('trend', filter, i18n.language, { metrics })}
    >
      <Select
        mode="multiple"
        size="small"
        value={metrics}
        maxCount={MAX_SERIES}
        options={options}
        onChange={(next: MetricKey[]) => setChosen({ for: metric, metrics: next.length ? next : [metric] })}
        aria-label={t('dashboard.charts.trendMetrics')}
        style={{ width: '100%', marginBottom: 8 }}
        data-testid="trend-metrics"
      />
      {trend.isError ? (
        <QueryErrorAlert query={trend} />
      ) : !option ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noValue')} />
      ) : (
        <DashboardChart ref={chart} option={option} height={large ? 380 : 300} dark={dark} onClick={click} />
      )}
    </ChartCard>
  );
}
