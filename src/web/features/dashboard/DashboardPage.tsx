import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  Breadcrumb,
  Button,
  Col,
  ConfigProvider,
  DatePicker,
  Flex,
  Grid,
  Result,
  Row,
  Skeleton,
  Space,
  Spin,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import {
  CompressOutlined,
  ExpandOutlined,
  FilePdfOutlined,
  ReloadOutlined,
  UpOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { briefingUrl, dashboardApi, type DashboardFilter } from './api.ts';
import { AreaCharts } from './AreaCharts.tsx';
import { DARK_BACKGROUND } from './DashboardChart.tsx';
import { DimensionPanel } from './DimensionPanel.tsx';
import { drillTrail, parentCrumb } from './drill.ts';
import { GaugeStrip } from './GaugeStrip.tsx';
import { KpiBoard } from './KpiBoard.tsx';
import { LiveBadge } from './LiveBadge.tsx';
import { DEFAULT_METRIC, isEmptyRange, isMetricKey, nextInRotation } from './metrics.ts';
import { RowsDrawer, type RowsTarget } from './RowsDrawer.tsx';
import { StructureStrip } from './StructureStrip.tsx';
import { TrendPanel } from './TrendPanel.tsx';
import { enterFullscreen, useBigScreen } from './useBigScreen.ts';
import { useDashboardEvents } from './useDashboardEvents.ts';
import { TargetsPanel } from '../targets/TargetsPanel.tsx';
import { QueryErrorAlert } from './QueryErrorAlert.tsx';

/** How long the big screen shows one map metric before the next. */
const ROTATE_MS = 20_000;

type ParamPatch = Partial<Record<'area' | 'from' | 'to' | 'metric' | 'screen', string | null>>;

/** The dashboard's state lives in the URL, so a view can be bookmarked and put on the wall as is. */
function useDashboardParams() {
  const [params, setParams] = useSearchParams();
  const metricParam = params.get('metric');
  const state = {
    areaId: params.get('area') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    metric: isMetricKey(metricParam) ? metricParam : DEFAULT_METRIC,
    screen: params.get('screen') === '1',
  };
  const update = useCallback(
    (patch: ParamPatch, replace = false) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value === null || value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  return [state, update] as const;
}

function EmptyRange({ filter, onLatest }: { filter: DashboardFilter; onLatest(): void }) {
  const { t } = useTranslation();
  const explicit = filter.from !== undefined || filter.to !== undefined;
  // The server's default range ends on the latest day with data: ask for it to suggest that day.
  const latest = useQuery({
    queryKey: ['dashboard', 'summary', filter.areaId, undefined, undefined],
    queryFn: () => dashboardApi.summary({ areaId: filter.areaId }),
    enabled: explicit,
  });
  const latestHasData = latest.data && !isEmptyRange(latest.data.metrics);
  return (
    <Result
      status="info"
      title={t('dashboard.empty.title')}
      subTitle={
        explicit && latestHasData && latest.data
          ? t('dashboard.empty.latest', { day: latest.data.to })
          : explicit && latest.isPending
            ? t('common.loading')
            : t('dashboard.empty.none')
      }
      extra={
        explicit && latestHasData && latest.data ? (
          <Button type="primary" onClick={onLatest} data-testid="empty-latest">
            {t('dashboard.empty.goLatest', { day: latest.data.to })}
          </Button>
        ) : null
      }
      data-testid="dashboard-empty"
    />
  );
}

/** The big screen: the whole viewport (and the real screen where allowed), dark, larger type. */
function BigScreenFrame({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider
      theme={{
        algorithm: theme.darkAlgorithm,
        token: { fontSize: 16, colorPrimary: '#3c89e8', colorLink: '#69b1ff', colorBgContainer: '#12223a' },
      }}
    >
      <div
        data-testid="big-screen"
        style={{
          position: 'fixed',
          inset: 0,
          zIndex: 999,
          overflow: 'auto',
          background: DARK_BACKGROUND,
          color: 'rgba(255,255,255,0.88)',
          padding: 16,
        }}
      >
        {children}
      </div>
    </ConfigProvider>
  );
}

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const queryClient = useQueryClient();
  const [state, update] = useDashboardParams();
  const { areaId, from, to, metric, screen } = state;
  const filter = useMemo<DashboardFilter>(() => ({ areaId, from, to }), [areaId, from, to]);
  const [rowsTarget, setRowsTarget] = useState<RowsTarget | null>(null);

  const summary = useQuery({
    queryKey: ['dashboard', 'summary', areaId, from, to],
    queryFn: () => dashboardApi.summary(filter),
    placeholderData: keepPreviousData,
  });

  // Changes inside (or above) the area on screen refetch every ['dashboard', …] query.
  const live = useDashboardEvents(summary.data?.area.path);

  const exitScreen = useCallback(() => update({ screen: null }, true), [update]);
  useBigScreen(screen, exitScreen, rowsTarget === null);

  // The wall cycles the map through the headline metrics.
  useEffect(() => {
    if (!screen) return undefined;
    const timer = setInterval(() => update({ metric: nextInRotation(metric) }, true), ROTATE_MS);
    return () => clearInterval(timer);
  }, [screen, metric, update]);

  const data = summary.data;
  const lang = i18n.language;
  const drill = useCallback((id: string) => update({ area: id }), [update]);
  const selectMetric = useCallback((key: MetricKey) => update({ metric: key }, true), [update]);
  const openRows = useCallback(
    (
      key: MetricKey,
      where: {
        areaId?: string;
        areaName?: string;
        from?: string;
        to?: string;
        dim?: { code: string; label: string };
      } = {},
    ) => {
      const rowsFrom = where.from ?? from;
      const rowsTo = where.to ?? to;
      setRowsTarget({
        metric: key,
        filter: { areaId: where.areaId ?? areaId, from: rowsFrom, to: rowsTo },
        areaName: where.areaName ?? data?.area.name ?? '',
        dim: where.dim,
        from: rowsFrom ?? data?.from ?? '',
        to: rowsTo ?? data?.to ?? '',
      });
    },
    [areaId, from, to, data],
  );

  if (summary.isError && !data) {
    return (
      <Result
        status="warning"
        title={t('dashboard.error.title')}
        subTitle={errorText(summary.error, t)}
        extra={
          <Space wrap>
            <Button type="primary" icon={<ReloadOutlined />} onClick={() => void summary.refetch()}>
              {t('dashboard.error.retry')}
            </Button>
            {/* A bookmarked area that is gone or outside the user's scope answers 404: offer the way home. */}
            {areaId !== undefined && (
              <Button onClick={() => update({ area: null })}>{t('dashboard.error.backToScope')}</Button>
            )}
          </Space>
        }
        data-testid="dashboard-error"
      />
    );
  }

  const crumbs = data ? drillTrail(data, me.scopePath) : [];
  const parent = parentCrumb(crumbs);
  const rangeValue: [Dayjs, Dayjs] | null =
    (from ?? data?.from) && (to ?? data?.to) ? [dayjs(from ?? data?.from), dayjs(to ?? data?.to)] : null;
  const empty = data ? isEmptyRange(data.metrics) : false;
  const large = screen;
  const dark = screen;

  const liveBadge = (
    <LiveBadge connected={live.connected} updatedAt={summary.dataUpdatedAt || null} large={large} />
  );
  const actions = (
    <Space wrap size={8}>
      <Button
        icon={<FilePdfOutlined />}
        href={briefingUrl(areaId ?? data?.area.id, to ?? data?.to, lang)}
        target="_blank"
        data-testid="briefing-pdf"
      >
        {t('dashboard.actions.briefing')}
      </Button>
      {screen ? (
        <Button icon={<CompressOutlined />} onClick={exitScreen} data-testid="big-screen-exit">
          {t('dashboard.actions.exitBigScreen')}
        </Button>
      ) : (
        <Button
          icon={<ExpandOutlined />}
          onClick={() => {
            enterFullscreen();
            update({ screen: '1' });
          }}
          data-testid="big-screen-enter"
        >
          {t('dashboard.actions.bigScreen')}
        </Button>
      )}
      <Tooltip title={t('dashboard.actions.refresh')}>
        <Button
          icon={<ReloadOutlined />}
          aria-label={t('dashboard.actions.refresh')}
          onClick={() => void queryClient.invalidateQueries({ queryKey: ['dashboard'] })}
        />
      </Tooltip>
    </Space>
  );

  const filters = (
    <Flex wrap gap={8} align="center" data-testid="dashboard-filters">
      <div style={{ width: isMobile ? '100%' : 280 }}>
        <AreaSelect
          id="dashboard-area"
          value={areaId ?? data?.area.id}
          initialLabel={data?.area.name ?? null}
          onChange={(id) => update({ area: id ?? null })}
          levels={['city', 'town', 'community', 'grid']}
          placeholder={t('dashboard.filters.areaPlaceholder')}
          allowClear={areaId !== undefined}
        />
      </div>
      <div data-testid="dashboard-range" style={isMobile ? { width: '100%' } : undefined}>
        {isMobile ? (
          // A phone has no room for the range picker's two months side by side: one picker per end.
          <Flex gap={8}>
            <DatePicker
              value={rangeValue?.[0] ?? null}
              allowClear={false}
              inputReadOnly
              aria-label={t('dashboard.filters.from')}
              disabledDate={(d) => (rangeValue ? d.isAfter(rangeValue[1], 'day') : false)}
              onChange={(d: Dayjs | null) => {
                if (d && rangeValue)
                  update({ from: d.format('YYYY-MM-DD'), to: rangeValue[1].format('YYYY-MM-DD') });
              }}
              style={{ flex: 1, minWidth: 0 }}
            />
            <DatePicker
              value={rangeValue?.[1] ?? null}
              allowClear={false}
              inputReadOnly
              aria-label={t('dashboard.filters.to')}
              disabledDate={(d) => (rangeValue ? d.isBefore(rangeValue[0], 'day') : false)}
              onChange={(d: Dayjs | null) => {
                if (d && rangeValue)
                  update({ from: rangeValue[0].format('YYYY-MM-DD'), to: d.format('YYYY-MM-DD') });
              }}
              style={{ flex: 1, minWidth: 0 }}
            />
          </Flex>
        ) : (
          <DatePicker.RangePicker
            value={rangeValue}
            allowClear={false}
            aria-label={t('dashboard.filters.range')}
            onChange={(range) => {
              const [start, end] = range ?? [];
              if (start && end) update({ from: start.format('YYYY-MM-DD'), to: end.format('YYYY-MM-DD') });
            }}
          />
        )}
      </div>
      {(from !== undefined || to !== undefined) && (
        <Button onClick={() => update({ from: null, to: null })} data-testid="dashboard-range-reset">
          {t('dashboard.filters.reset')}
        </Button>
      )}
    </Flex>
  );

  const trail = crumbs.length > 0 && (
    <Flex align="center" gap={8} wrap>
      <Breadcrumb
        aria-label={t('dashboard.trail.label')}
        data-testid="drill-trail"
        items={crumbs.map((c) => ({
          key: c.id,
          title:
            c.current || c.locked ? (
              <span data-testid={`trail-${c.id}`} style={{ fontWeight: c.current ? 600 : undefined }}>
                {c.name}
              </span>
            ) : (
              <a data-testid={`trail-${c.id}`} onClick={() => update({ area: c.id })} role="link">
                {c.name}
              </a>
            ),
        }))}
      />
      {parent && (
        <Button
          size="small"
          type="text"
          icon={<UpOutlined />}
          onClick={() => update({ area: parent.id })}
          data-testid="drill-up"
        >
          {t('dashboard.trail.up')}
        </Button>
      )}
    </Flex>
  );

  const body = !data ? (
    <Skeleton active paragraph={{ rows: 12 }} />
  ) : (
    <Spin spinning={summary.isPlaceholderData} delay={200}>
      <Flex vertical gap={12}>
        <StructureStrip structure={data.structure} large={large} />
        {summary.isError && <QueryErrorAlert query={summary} type="warning" />}
        {empty ? (
          <EmptyRange filter={filter} onLatest={() => update({ from: null, to: null })} />
        ) : (
          <>
            {screen && <GaugeStrip metrics={data.metrics} onSelect={selectMetric} />}
            <KpiBoard
              metrics={data.metrics}
              selected={metric}
              large={large}
              onSelect={selectMetric}
              onRows={(key) => openRows(key)}
            />
            <AreaCharts
              filter={filter}
              areaKey={data.area.id}
              metric={metric}
              dark={dark}
              large={large}
              onDrill={drill}
              onRows={(childId, childName) => openRows(metric, { areaId: childId, areaName: childName })}
            />
            <Row gutter={[12, 12]}>
              <Col xs={24} lg={14}>
                <TrendPanel
                  filter={filter}
                  metric={metric}
                  dark={dark}
                  large={large}
                  onRows={(key, day) => openRows(key, { from: day, to: day })}
                />
              </Col>
              <Col xs={24} lg={10}>
                <DimensionPanel
                  filter={filter}
                  metric={metric}
                  dark={dark}
                  large={large}
                  onRows={(key, dim) => openRows(key, { dim })}
                />
              </Col>
            </Row>
          </>
        )}
        {!screen && <TargetsPanel areaId={data.area.id} />}
      </Flex>
    </Spin>
  );

  const drawer = <RowsDrawer target={rowsTarget} onClose={() => setRowsTarget(null)} />;

  if (screen) {
    return (
      <BigScreenFrame>
        <Flex vertical gap={12}>
          <Flex wrap gap={12} align="center" justify="space-between">
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('dashboard.screen.title', { area: data?.area.name ?? '' })}
            </Typography.Title>
            <Space wrap size={16}>
              {liveBadge}
              <Typography.Text type="secondary">{t('dashboard.screen.rotating')}</Typography.Text>
              {actions}
            </Space>
          </Flex>
          {trail}
          {body}
        </Flex>
        {drawer}
      </BigScreenFrame>
    );
  }

  return (
    <Flex vertical gap={12} style={{ minWidth: 0 }} data-testid="dashboard-page">
      <Flex wrap gap={8} align="center" justify="space-between">
        <Space wrap size={12} align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dashboard.title')}
          </Typography.Title>
          {liveBadge}
        </Space>
        {actions}
      </Flex>
      {filters}
      {trail}
      {body}
      {drawer}
    </Flex>
  );
}
