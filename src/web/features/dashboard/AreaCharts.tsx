import { useMemo, useRef } from 'react';
import { Alert, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BreakdownRowDto, MetricKey } from '../../../shared/dashboard.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { dashboardApi, exportUrl, type DashboardFilter } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import {
  buildMapOption,
  buildRankingOption,
  mapNameFor,
  metricName,
  rankingHeight,
  rankRows,
} from './chartOptions.ts';
import {
  DashboardChart,
  registerAreaMap,
  type ChartClick,
  type DashboardChartHandle,
} from './DashboardChart.tsx';
import { canDrillInto } from './drill.ts';
import { formatMetric, formatNumber, uiLang } from './format.ts';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

interface AreaClickTarget {
  areaId: string;
  name: string;
  level: string;
}

function clickedArea(params: ChartClick): AreaClickTarget | null {
  const data = params.data as Partial<AreaClickTarget> | undefined;
  if (!data || typeof data.areaId !== 'string') return null;
  return { areaId: data.areaId, name: params.name, level: String(data.level ?? '') };
}

/** The child areas as a list (the charts are canvas): a row per area, clickable to drill in. */
function ChildAreaList({
  rows,
  metric,
  onDrill,
  onRows,
  large,
}: {
  rows: readonly BreakdownRowDto[];
  metric: MetricKey;
  onDrill(areaId: string): void;
  onRows(areaId: string, areaName: string): void;
  large: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const def = METRICS[metric];
  const ranked = rankRows(rows, def.higherIsBetter);
  // Counts, not sums of percentages (the capacity rate's numerator), are worth printing.
  const countsBehind = def.kind === 'ratio' && !!def.numerator && METRICS[def.numerator].unit !== 'percent';
  return (
    <div data-testid="child-area-list" style={{ maxHeight: large ? 560 : 420, overflowY: 'auto' }}>
      {ranked.map((row, i) => {
        const open = () =>
          canDrillInto(row.area.level) ? onDrill(row.area.id) : onRows(row.area.id, row.area.name);
        return (
          <div
            key={row.area.id}
            data-testid={`child-area-${row.area.id}`}
            data-level={row.area.level}
            role="button"
            tabIndex={0}
            onClick={open}
            onKeyDown={(e) => {
              if (e.key === 'Enter') open();
            }}
            style={{
              display: 'flex',
              gap: 8,
              alignItems: 'center',
              padding: large ? '8px 4px' : '5px 4px',
              borderBottom: '1px solid rgba(128,128,128,0.15)',
              cursor: 'pointer',
              fontSize: large ? 16 : 13,
            }}
          >
            <span style={{ width: 22, color: '#8c8c8c', textAlign: 'right' }}>{i + 1}</span>
            <span
              style={{
                flex: 1,
                minWidth: 0,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              <a>{row.area.name}</a>
            </span>
            <a
              onClick={(e) => {
                e.stopPropagation();
                onRows(row.area.id, row.area.name);
              }}
              title={t('dashboard.kpi.showRows')}
              data-testid={`child-area-value-${row.area.id}`}
              style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
            >
              {formatMetric(row.value, def.unit, lang)}
            </a>
            {countsBehind && row.numerator !== null && row.denominator !== null && (
              // The counts behind a rate: 57 / 57 enterprises says more than 100 %.
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {formatNumber(row.numerator, lang, 1)} / {formatNumber(row.denominator, lang, 1)}
              </Typography.Text>
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * The child areas of the area on screen: the map coloured by the selected metric (or, without shapes,
 * the ranking in its place), the ranking, and the same figures as a clickable list.
 */
export function AreaCharts({
  filter,
  areaKey,
  metric,
  dark,
  large,
  onDrill,
  onRows,
}: {
  filter: DashboardFilter;
  /** The area on screen (the summary's), which names its registered map. */
  areaKey: string;
  metric: MetricKey;
  dark: boolean;
  large: boolean;
  onDrill(areaId: string): void;
  onRows(areaId: string, areaName: string): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const mapChart = useRef<DashboardChartHandle>(null);
  const rankingChart = useRef<DashboardChartHandle>(null);
  const breakdown = useQuery({
    queryKey: ['dashboard', 'breakdown', metric, filter.areaId, filter.from, filter.to],
    queryFn: () => dashboardApi.breakdown(filter, metric),
  });
  const geo = useQuery({
    queryKey: ['dashboard', 'geo', filter.areaId],
    queryFn: () => dashboardApi.geo(filter.areaId),
    staleTime: 60 * 60_000,
  });
  const rows = useMemo(() => breakdown.data?.rows ?? [], [breakdown.data]);
  const hasShapes = (geo.data?.features.length ?? 0) > 0;
  const mapName = mapNameFor(areaKey);
  const style = useMemo(() => ({ lang, large }), [lang, large]);

  const mapOption = useMemo(() => {
    if (!geo.data || !hasShapes) return null;
    registerAreaMap(mapName, geo.data);
    return buildMapOption({ mapName, geo: geo.data, rows, metric, style });
  }, [geo.data, hasShapes, mapName, rows, metric, style]);
  const rankingOption = useMemo(() => buildRankingOption({ rows, metric, style }), [rows, metric, style]);

  const click = (params: ChartClick) => {
    const area = clickedArea(params);
    if (!area) return;
    if (canDrillInto(area.level)) onDrill(area.areaId);
    else onRows(area.areaId, area.name);
  };
  const xlsx = exportUrl('breakdown', filter, i18n.language, { metric });
  const name = metricName(metric, lang);

  if (breakdown.isError) {
    return <QueryErrorAlert query={breakdown} />;
  }
  const loading = breakdown.isPending || geo.isPending;
  const mapHeight = large ? 560 : 420;
  const rankingBody = loading ? (
    <Skeleton active paragraph={{ rows: 8 }} />
  ) : rows.length === 0 ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noChildren')} />
  ) : (
    <DashboardChart
      ref={rankingChart}
      option={rankingOption}
      height={rankingHeight(rows.length, large)}
      dark={dark}
      onClick={click}
    />
  );
  const list = (
    <ChartCard
      title={t('dashboard.childList.title')}
      testId="chart-children"
      filename={`${name}-${t('dashboard.childList.title')}`}
      xlsxHref={xlsx}
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.charts.noChildren')} />
      ) : (
        <ChildAreaList rows={rows} metric={metric} onDrill={onDrill} onRows={onRows} large={large} />
      )}
    </ChartCard>
  );

  if (!loading && !hasShapes) {
    return (
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <ChartCard
            title={`${t('dashboard.charts.ranking')} · ${name}`}
            testId="chart-ranking"
            chart={rows.length > 0 ? rankingChart : undefined}
            filename={`${name}-${t('dashboard.charts.ranking')}`}
            xlsxHref={xlsx}
          >
            {rows.length > 0 && (
              <Alert
                type="info"
                showIcon
                title={t('dashboard.charts.noShapes')}
                style={{ marginBottom: 8 }}
              />
            )}
            {rankingBody}
          </ChartCard>
        </Col>
        <Col xs={24} lg={10}>
          {list}
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} lg={14}>
        <ChartCard
          title={`${t('dashboard.charts.map')} · ${name}`}
          testId="chart-map"
          chart={mapChart}
          filename={`${name}-${t('dashboard.charts.map')}`}
          xlsxHref={xlsx}
        >
          {loading || !mapOption ? (
            <Skeleton active paragraph={{ rows: 10 }} />
          ) : (
            <>
              <DashboardChart
                ref={mapChart}
                option={mapOption}
                height={mapHeight}
                dark={dark}
                onClick={click}
              />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('dashboard.charts.drillHint')}
              </Typography.Text>
            </>
          )}
        </ChartCard>
      </Col>
      <Col xs={24} lg={10}>
        <ChartCard
          title={`${t('dashboard.charts.ranking')} · ${name}`}
          testId="chart-ranking"
          chart={rows.length > 0 ? rankingChart : undefined}
          filename={`${name}-${t('dashboard.charts.ranking')}`}
          xlsxHref={xlsx}
        >
          {rankingBody}
        </ChartCard>
      </Col>
      <Col xs={24}>{list}</Col>
    </Row>
  );
}
