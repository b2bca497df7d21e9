import { useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  Progress,
  Skeleton,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { BellOutlined, LineChartOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { AreaSelect } from '../../AreaSelect.tsx';
import { api, errorText } from '../../api.ts';
import { recordsApi, type ComplianceForm, type ComplianceRow } from './api.ts';
import { loc, percent, today } from './common.tsx';
import { MissingDrawer, type MissingTarget } from './MissingDrawer.tsx';
import { RateTrend } from './RateTrend.tsx';
import { ScreeningsTab } from './ScreeningsTab.tsx';

interface Crumb {
  id: string;
  name: string;
}

function rateColour(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  if (rate >= 0.95) return '#52c41a';
  if (rate >= 0.8) return '#faad14';
  return '#ff4d4f';
}

function RateBar({ rate }: { rate: number | null }) {
  return (
    <Progress
      percent={rate === null ? 0 : Math.round(rate * 1000) / 10}
      size="small"
      strokeColor={rateColour(rate)}
      format={() => percent(rate)}
      style={{ margin: 0, minWidth: 0 }}
    />
  );
}

function FormCard({
  form,
  isMobile,
  day,
  areaId,
  onDrill,
  onMissing,
}: {
  form: ComplianceForm;
  isMobile: boolean;
  day: string;
  areaId?: string;
  onDrill(row: ComplianceRow): void;
  onMissing(row?: ComplianceRow): void;
}) {
  const { t } = useTranslation();
  const [trend, setTrend] = useState(false);
  const area = (row: ComplianceRow) => (
    <a
      onClick={(e) => {
        e.stopPropagation();
        onDrill(row);
      }}
      data-testid="drill-area"
    >
      {row.areaName}
    </a>
  );
  const counts = (row: { reported: number; expected: number }) => `${row.reported} / ${row.expected}`;
  return (
    <Card
      size="small"
      title={
        <div style={{ whiteSpace: 'normal' }}>
          {loc(form.formName)}
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {t('records.compliance.summary', {
              reported: form.reported,
              expected: form.expected,
              rate: percent(form.rate),
            })}
          </Typography.Text>
        </div>
      }
      data-testid="compliance-form"
      data-form={form.formKey}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Button
          size="small"
          type="primary"
          icon={<BellOutlined />}
          onClick={() => onMissing()}
          disabled={form.reported >= form.expected}
          data-testid="open-missing"
        >
          {t('records.compliance.missing', { count: Math.max(form.expected - form.reported, 0) })}
        </Button>
        <Button size="small" icon={<LineChartOutlined />} onClick={() => setTrend((v) => !v)}>
          {trend ? t('records.compliance.hideTrend') : t('records.compliance.showTrend')}
        </Button>
      </Space>
      {trend && <RateTrend formKey={form.formKey} areaId={areaId} day={day} />}
      <Table<ComplianceRow>
        size="small"
        rowKey="areaId"
        pagination={false}
        tableLayout="fixed"
        dataSource={form.areas}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('records.compliance.noAreas')} />
          ),
        }}
        data-testid="rate-table"
        columns={
          isMobile
            ? [
                {
                  title: t('records.compliance.area'),
                  render: (_: unknown, row) => (
                    <div style={{ minWidth: 0 }}>
                      {area(row)}
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {counts(row)}
                      </Typography.Text>
                    </div>
                  ),
                },
                {
                  title: t('records.compliance.rate'),
                  width: 130,
                  render: (_: unknown, row) => <RateBar rate={row.rate} />,
                },
                {
                  title: '',
                  width: 44,
                  render: (_: unknown, row) => (
                    <Button
                      size="small"
                      type="text"
                      icon={<BellOutlined />}
                      aria-label={t('records.compliance.missingIn', { area: row.areaName })}
                      disabled={row.reported >= row.expected}
                      onClick={() => onMissing(row)}
                    />
                  ),
                },
              ]
            : [
                { title: t('records.compliance.area'), render: (_: unknown, row) => area(row) },
                { title: t('records.compliance.expected'), dataIndex: 'expected', width: 90, align: 'right' },
                { title: t('records.compliance.reported'), dataIndex: 'reported', width: 90, align: 'right' },
                {
                  title: t('records.compliance.rate'),
                  width: 200,
                  render: (_: unknown, row) => <RateBar rate={row.rate} />,
                },
                {
                  title: '',
                  width: 130,
                  render: (_: unknown, row) => (
                    <Button
                      size="small"
                      icon={<BellOutlined />}
                      disabled={row.reported >= row.expected}
                      onClick={() => onMissing(row)}
                    >
                      {t('records.compliance.notReported')}
                    </Button>
                  ),
                },
              ]
        }
      />
    </Card>
  );
}

function Board() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [params, setParams] = useSearchParams();
  // Without a chosen day the server picks today, or the latest day with records (the 2020 demo).
  const dayParam = params.get('day') || undefined;
  // The drill-down path: the area picked (or the user's scope) and each child area clicked since.
  const [trail, setTrail] = useState<Crumb[]>([]);
  const areaId = trail.at(-1)?.id;
  const [missing, setMissing] = useState<MissingTarget | null>(null);
  const board = useQuery({
    queryKey: ['records', 'compliance', dayParam, areaId],
    queryFn: () => recordsApi.compliance(dayParam, areaId),
  });
  const day = dayParam ?? board.data?.day ?? today();
  const forms = board.data?.forms ?? [];
  // The picked area's own name (the picker hands over only its id).
  const picked = useQuery({
    queryKey: ['areas', 'detail', trail[0]?.id],
    queryFn: () => api.area(trail[0]?.id ?? ''),
    enabled: Boolean(trail[0]) && !trail[0]?.name,
    staleTime: 10 * 60_000,
  });
  const crumbName = (c: Crumb, i: number) => c.name || (i === 0 ? picked.data?.area.name : '') || '…';
  const last = trail.at(-1);
  const lastName = last ? crumbName(last, trail.length - 1) : undefined;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div
        style={
          isMobile
            ? { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 8 }
            : { display: 'flex', flexWrap: 'wrap', gap: 8 }
        }
      >
        <Input
          type="date"
          value={day}
          max={today()}
          onChange={(e) =>
            setParams(
              (p) => {
                const next = new URLSearchParams(p);
                if (e.target.value) next.set('day', e.target.value);
                else next.delete('day');
                return next;
              },
              { replace: true },
            )
          }
          aria-label={t('records.compliance.day')}
          style={isMobile ? { minWidth: 0 } : { width: 170 }}
          data-testid="compliance-day"
        />
        <div style={isMobile ? { minWidth: 0 } : { width: 280 }}>
          <AreaSelect
            allowClear
            placeholder={t('records.compliance.areaPlaceholder')}
            value={trail[0]?.id}
            initialLabel={trail[0]?.name}
            onChange={(id) => setTrail(id ? [{ id, name: '' }] : [])}
          />
        </div>
      </div>
      {trail.length > 0 && (
        <Breadcrumb
          items={[
            { title: <a onClick={() => setTrail([])}>{t('records.compliance.myScope')}</a> },
            ...trail.map((c, i) => ({
              title:
                i === trail.length - 1 ? (
                  crumbName(c, i)
                ) : (
                  <a onClick={() => setTrail(trail.slice(0, i + 1))}>{crumbName(c, i)}</a>
                ),
            })),
          ]}
        />
      )}
      {board.isError && <Alert type="error" showIcon title={errorText(board.error, t)} />}
      {board.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : forms.length === 0 ? (
        !board.isError && <Empty description={t('records.compliance.empty')} />
      ) : (
        forms.map((form) => (
          <FormCard
            key={form.formKey}
            form={form}
            isMobile={isMobile}
            day={day}
            areaId={areaId}
            onDrill={(row) => setTrail([...trail, { id: row.areaId, name: row.areaName }])}
            onMissing={(row) =>
              setMissing({
                formKey: form.formKey,
                formName: loc(form.formName),
                day,
                areaId: row?.areaId ?? areaId ?? board.data?.area?.id,
                areaName: row?.areaName ?? lastName ?? board.data?.area?.name,
              })
            }
          />
        ))
      )}
      <MissingDrawer target={missing} onClose={() => setMissing(null)} />
    </Space>
  );
}

/** /compliance: who has reported what today, by area, with reminders; and who is under screening. */
export function CompliancePage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'screenings' ? 'screenings' : 'board';
  return (
    <Card
      title={t('records.compliance.title')}
      styles={{ body: { padding: screens.md ? '0 24px 24px' : '0 12px 12px' } }}
      data-testid="compliance-page"
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'board' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'board', label: t('records.compliance.board'), children: <Board /> },
          { key: 'screenings', label: t('records.screenings.tab'), children: <ScreeningsTab /> },
        ]}
      />
    </Card>
  );
}
