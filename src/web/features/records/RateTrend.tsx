import { useMemo } from 'react';
import { Alert, Empty, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { recordsApi } from './api.ts';
import { trendSeries } from './trend.ts';
import { addDays } from './common.tsx';
import { EChart } from './EChart.tsx';

export const TREND_DAYS = 14;
/** The reporting rate of a form per day over the last two weeks, for the area and its child areas. */
export function RateTrend({ formKey, areaId, day }: { formKey: string; areaId?: string; day: string }) {
  const { t } = useTranslation();
  const from = addDays(day, -(TREND_DAYS - 1));
  const rates = useQuery({
    queryKey: ['records', 'rates', formKey, areaId, from, day],
    queryFn: () => recordsApi.rates({ formKey, areaId, from, to: day }),
  });
  const days = useMemo(() => Array.from({ length: TREND_DAYS }, (_, i) => addDays(from, i)), [from]);
  const series = useMemo(
    () => trendSeries(rates.data ?? { items: [], totals: [] }, days, t('records.compliance.total')),
    [rates.data, days, t],
  );
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)), boundaryGap: false },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'line',
        data: s.data,
        connectNulls: true,
        symbolSize: 4,
        lineStyle: { width: i === 0 ? 3 : 1.5 },
      })),
    }),
    [days, series],
  );
  if (rates.isError) return <Alert type="error" showIcon title={errorText(rates.error, t)} />;
  if (rates.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if ((rates.data?.items ?? []).length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.compliance.noTrend')} />;
  return (
    <div data-testid="rate-trend">
      <EChart option={option} height={280} />
    </div>
  );
}
