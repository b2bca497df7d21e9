import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  List,
  Progress,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { caseCode, casesApi, type MetricGroup, type OverdueCase, type UnitMetrics } from './api.ts';
import { EscalationBadge, StatusTag, useDepartmentName } from './common.tsx';

const RATES = ['responseRate', 'onTimeResolutionRate', 'satisfactionRate'] as const;
type RateKey = (typeof RATES)[number];
const RATE_LABEL: Record<RateKey, string> = {
  responseRate: 'cases.metrics.firstResponseRate',
  onTimeResolutionRate: 'cases.metrics.resolutionRate',
  satisfactionRate: 'cases.metrics.satisfactionRate',
};
const RATE_COLOUR: Record<RateKey, string> = {
  responseRate: '#1d5fbf',
  onTimeResolutionRate: '#389e0d',
  satisfactionRate: '#d48806',
};

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);

/** Bars drawn with Progress (echarts is not a dependency): three rates per unit. */
function RateBars({ units, unitName }: { units: UnitMetrics[]; unitName(u: UnitMetrics): string }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="metrics-bars">
      <Space wrap size={12}>
        {RATES.map((r) => (
          <span key={r}>
            <span
              style={{
                display: 'inline-block',
                width: 10,
                height: 10,
                background: RATE_COLOUR[r],
                marginInlineEnd: 4,
              }}
            />
            {t(RATE_LABEL[r])}
          </span>
        ))}
      </Space>
      {units.map((u) => (
        <div key={u.key}>
          <Typography.Text strong>{unitName(u)}</Typography.Text>
          {RATES.map((r) => (
            <Progress
              key={r}
              percent={u[r] === null ? 0 : Math.round((u[r] ?? 0) * 1000) / 10}
              strokeColor={RATE_COLOUR[r]}
              size="small"
              format={() => percent(u[r])}
              aria-label={`${unitName(u)} ${t(RATE_LABEL[r])}`}
            />
          ))}
        </div>
      ))}
    </Space>
  );
}

function OverdueList() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const department = useDepartmentName();
  const overdue = useInfiniteQuery({
    queryKey: ['cases', 'overdue'],
    queryFn: ({ pageParam }) => casesApi.overdue(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = overdue.data?.pages.flatMap((p) => p.items) ?? [];
  const unit = (o: OverdueCase) => o.ownerName ?? o.departmentName ?? department(o.departmentCode);
  const hours = (o: OverdueCase) => `${o.hoursOverdue}h`;
  const empty = <Empty description={t('cases.inbox.emptyOverdue')} />;
  return (
    <Card size="small" title={t('cases.metrics.overdue')}>
      {overdue.isError && <Alert type="error" showIcon title={errorText(overdue.error, t)} />}
      {overdue.isPending ? (
        <Skeleton active />
      ) : !screens.md ? (
        <List
          dataSource={items}
          locale={{ emptyText: empty }}
          renderItem={(o) => (
            <List.Item style={{ paddingInline: 0, display: 'block' }}>
              <Link to={`/cases/${o.id}`}>
                {caseCode(o.number)} {o.title}
              </Link>
              <div>
                <StatusTag status={o.status} />
                <Tag color="red">
                  {t('cases.sla.overdueBy', { clock: t('cases.sla.resolution'), time: hours(o) })}
                </Tag>
                <EscalationBadge level={o.escalationLevel} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {unit(o)}
              </Typography.Text>
            </List.Item>
          )}
        />
      ) : (
        <Table<OverdueCase>
          rowKey="id"
          size="small"
          dataSource={items}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            {
              title: t('cases.field.code'),
              width: 120,
              render: (_: unknown, o) => <Link to={`/cases/${o.id}`}>{caseCode(o.number)}</Link>,
            },
            { title: t('cases.field.title'), dataIndex: 'title' },
            { title: t('cases.field.owner'), width: 160, render: (_: unknown, o) => unit(o) },
            {
              title: t('cases.sla.resolution'),
              width: 170,
              render: (_: unknown, o) => formatTime(o.dueResolutionAt),
            },
            {
              title: t('cases.metrics.overdueFor'),
              width: 200,
              render: (_: unknown, o) => (
                <>
                  <Tag color="red">{hours(o)}</Tag>
                  <EscalationBadge level={o.escalationLevel} />
                </>
              ),
            },
          ]}
        />
      )}
      {overdue.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={overdue.isFetchingNextPage} onClick={() => void overdue.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}

/** /case-metrics: on-time response, on-time resolution and satisfaction per unit, and the overdue list. */
export function MetricsPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const department = useDepartmentName();
  const [groupBy, setGroupBy] = useState<MetricGroup>('department');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = {
    groupBy,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(`${to}T23:59:59`).toISOString() : undefined,
  };
  const metrics = useQuery({ queryKey: ['cases', 'metrics', query], queryFn: () => casesApi.metrics(query) });
  const unitName = (u: UnitMetrics) =>
    u.name || (groupBy === 'department' ? department(u.key) : u.key) || t('cases.field.none');
  const units = metrics.data?.units ?? [];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 1200 }}>
      <Card title={t('cases.metrics.title')} styles={{ body: { padding: screens.md ? 24 : 12 } }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented<MetricGroup>
            value={groupBy}
            onChange={setGroupBy}
            options={(['department', 'area', 'type'] as const).map((g) => ({
              value: g,
              label: t(`cases.metrics.groups.${g}`),
            }))}
          />
          <Input
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            aria-label={t('cases.metrics.from')}
            style={{ width: 160 }}
          />
          <Input
            type="date"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            aria-label={t('cases.metrics.to')}
            style={{ width: 160 }}
          />
        </Space>
        {metrics.isError && <Alert type="error" showIcon title={errorText(metrics.error, t)} />}
        {metrics.isPending ? (
          <Skeleton active />
        ) : units.length === 0 ? (
          <Empty description={t('cases.metrics.empty')} />
        ) : (
          <>
            <Table<UnitMetrics>
              rowKey="key"
              size="small"
              dataSource={units}
              pagination={false}
              scroll={{ x: 640 }}
              summary={() =>
                metrics.data ? (
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>{t('cases.metrics.totalRow')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1}>{metrics.data.total.cases}</Table.Summary.Cell>
                    <Table.Summary.Cell index={2}>
                      {percent(metrics.data.total.responseRate)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3}>
                      {percent(metrics.data.total.onTimeResolutionRate)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={4}>
                      {percent(metrics.data.total.satisfactionRate)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={5}>{metrics.data.total.overdue}</Table.Summary.Cell>
                  </Table.Summary.Row>
                ) : null
              }
              columns={[
                { title: t(`cases.metrics.groups.${groupBy}`), render: (_: unknown, u) => unitName(u) },
                { title: t('cases.metrics.total'), dataIndex: 'cases', width: 90 },
                ...RATES.map((r) => ({
                  title: t(RATE_LABEL[r]),
                  width: 130,
                  render: (_: unknown, u: UnitMetrics) => percent(u[r]),
                })),
                { title: t('cases.metrics.overdue'), dataIndex: 'overdue', width: 90 },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              {t('cases.metrics.chart')}
            </Typography.Title>
            <RateBars units={units} unitName={unitName} />
          </>
        )}
      </Card>
      <OverdueList />
    </Space>
  );
}
