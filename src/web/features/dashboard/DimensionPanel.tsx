import { useMemo, useRef } from 'react';
import { Empty, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { dashboardApi, exportUrl, type DashboardFilter } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { buildDimensionOption, metricName } from './chartOptions.ts';
import { DashboardChart, type DashboardChartHandle } from './DashboardChart.tsx';
import { uiLang } from './format.ts';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

/** The selected metric by industry (enterprises) or by handling department (problems, refunds). */
export function DimensionPanel({
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
  onRows(metric: MetricKey, dim?: { code: string; label: string }): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const chart = useRef<DashboardChartHandle>(null);
  const def = METRICS[metric];
  const hasDimension = def.dimension !== 'none';
  const dimension = useQuery({
    queryKey: ['dashboard', 'dimension', metric, filter.areaId, filter.from, filter.to],
    queryFn: () => dashboardApi.dimension(filter, metric),
    enabled: hasDimension,
  });
  const option = useMemo(
    () =>
      dimension.data ? buildDimensionOption({ dimension: dimension.data, style: { lang, large } }) : null,
    [dimension.data, lang, large],
  );
  const title =
    def.dimension === 'industry'
      ? t('dashboard.charts.byIndustry')
      : def.dimension === 'department'
        ? t('dashboard.charts.byDepartment')
        : t('dashboard.charts.dimension');
  const rowCount = dimension.data?.rows.filter((r) => r.value !== null).length ?? 0;
  return (
    <ChartCard
      title={`${title} · ${metricName(metric, lang)}`}
      testId="chart-dimension"
      chart={hasDimension ? chart : undefined}
      filename={`${metricName(metric, lang)}-${title}`}
      xlsxHref={hasDimension ? exportUrl('dimension', filter, i18n.language, { metric }) : null}
    >
      {!hasDimension ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noDimension')} />
      ) : dimension.isError ? (
        <QueryErrorAlert query={dimension} />
      ) : !option ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : rowCount === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noValue')} />
      ) : (
        <DashboardChart
          ref={chart}
          option={option}
          height={Math.max(large ? 380 : 300, Math.min(rowCount * 26 + 24, 640))}
          dark={dark}
          onClick={(params) => {
            const data = params.data as { dim?: unknown } | undefined;
            onRows(
              metric,
              typeof data?.dim === 'string' ? { code: data.dim, label: params.name } : undefined,
            );
          }}
        />
      )}
    </ChartCard>
  );
}
