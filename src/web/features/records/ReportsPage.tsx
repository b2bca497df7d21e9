import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Grid, Input, Select, Skeleton, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AreaSelect } from '../../AreaSelect.tsx';
import { errorText } from '../../api.ts';
import { downloadFile, recordsApi, reportXlsxUrl, type ReportRow } from './api.ts';
import { addDays, loc, today } from './common.tsx';

function cell(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** /reports: a department's sheet made from the same records — pick the sheet, the days and the area. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const templates = useQuery({ queryKey: ['records', 'templates'], queryFn: recordsApi.templates });
  const [chosen, setChosen] = useState<string | undefined>();
  const [chosenFrom, setFrom] = useState<string | undefined>();
  const [chosenTo, setTo] = useState<string | undefined>();
  const [areaId, setAreaId] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);
  const list = (templates.data?.items ?? []).filter((tpl) => tpl.active);
  const key = chosen ?? list[0]?.key;
  const template = list.find((tpl) => tpl.key === key);
  // Until the user picks days, the week up to the newest record of the sheet's form (today if none),
  // so a sheet over past data opens filled rather than empty.
  const newest = useQuery({
    queryKey: ['records', 'newest', template?.formKey],
    queryFn: () => recordsApi.list({ formKey: template?.formKey }, undefined, 1),
    enabled: Boolean(template) && !(chosenFrom && chosenTo),
    staleTime: 60_000,
  });
  const latestDay = newest.data?.items[0]?.day ?? (newest.isPending && template ? undefined : today());
  const to = chosenTo ?? latestDay ?? '';
  const from = chosenFrom ?? (to ? addDays(to, -6) : '');
  const query = { from, to, areaId };
  const report = useQuery({
    queryKey: ['records', 'report', key, query],
    queryFn: () => recordsApi.report(key ?? '', query),
    enabled: Boolean(key && from && to),
    placeholderData: (previous) => previous,
  });

  const download = async () => {
    if (!key || !template) return;
    setDownloading(true);
    try {
      await downloadFile(reportXlsxUrl(key, query), `${loc(template.name)} ${from}_${to}.xlsx`);
    } catch (error) {
      void message.error(errorText(error, t));
    } finally {
      setDownloading(false);
    }
  };

  const columns = report.data?.columns ?? [];
  const totalRow: ReportRow | null = report.data
    ? { group: { id: '__total', name: t('records.reports.total'), path: null }, values: report.data.totals }
    : null;
  const rows =
    report.data && report.data.rows.length > 0 ? [...report.data.rows, ...(totalRow ? [totalRow] : [])] : [];

  return (
    <Card
      title={t('records.reports.title')}
      extra={
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          disabled={!key || !report.data}
          onClick={() => void download()}
          data-testid="report-download"
        >
          {isMobile ? 'xlsx' : t('records.reports.download')}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
      data-testid="reports-page"
    >
      <div
        style={
          isMobile
            ? { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 8 }
            : { display: 'flex', flexWrap: 'wrap', gap: 8 }
        }
      >
        <Select<string>
          style={isMobile ? { gridColumn: '1 / -1' } : { width: 320 }}
          value={key}
          onChange={setChosen}
          loading={templates.isPending}
          placeholder={t('records.reports.template')}
          aria-label={t('records.reports.template')}
          options={list.map((tpl) => ({
            value: tpl.key,
            label: `${loc(tpl.name)} · ${loc(tpl.department)}`,
          }))}
          data-testid="report-template"
        />
        <Input
          type="date"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
          aria-label={t('records.list.from')}
          style={isMobile ? { minWidth: 0 } : { width: 160 }}
        />
        <Input
          type="date"
          value={to}
          min={from}
          onChange={(e) => setTo(e.target.value)}
          aria-label={t('records.list.to')}
          style={isMobile ? { minWidth: 0 } : { width: 160 }}
        />
        <div style={isMobile ? { gridColumn: '1 / -1' } : { width: 260 }}>
          <AreaSelect
            allowClear
            placeholder={t('records.reports.area')}
            value={areaId}
            onChange={setAreaId}
          />
        </div>
      </div>
      {template && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('records.reports.about', { department: loc(template.department) })}
        </Typography.Paragraph>
      )}
      <div style={{ marginTop: 16 }}>
        {templates.isError && <Alert type="error" showIcon title={errorText(templates.error, t)} />}
        {report.isError && <Alert type="error" showIcon title={errorText(report.error, t)} />}
        {templates.isPending || (key && report.isPending) ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : !key ? (
          <Empty description={t('records.reports.noTemplates')} />
        ) : (
          <Table<ReportRow>
            size="small"
            rowKey={(r) => r.group.id}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('records.reports.empty')} /> }}
            rowClassName={(r) => (r.group.id === '__total' ? 'report-total' : '')}
            onRow={(r) =>
              r.group.id === '__total' ? { style: { fontWeight: 600, background: '#fafafa' } } : {}
            }
            data-testid="report-table"
            columns={[
              {
                title: t('records.reports.group'),
                fixed: 'left',
                width: isMobile ? 110 : 180,
                render: (_: unknown, r) => r.group.name,
              },
              ...columns.map((c) => ({
                title: loc(c.label),
                key: c.key,
                align: 'right' as const,
                render: (_: unknown, r: ReportRow) => cell(r.values[c.key]),
              })),
            ]}
          />
        )}
      </div>
    </Card>
  );
}
