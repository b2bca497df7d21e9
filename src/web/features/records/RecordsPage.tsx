import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  List,
  Select,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RECORD_SUBJECT_KINDS, type RecordSubjectKind } from '../../../shared/record-forms.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { errorText } from '../../api.ts';
import { currentLang, formatTime } from '../../i18n.ts';
import { downloadFile, recordsApi, recordsXlsxUrl, type RecordFilters, type RecordItem } from './api.ts';
import { hasFever, loc, useRecordForms, valuesSummary } from './common.tsx';
import { RecordDrawer } from './RecordDrawer.tsx';

function isSubjectKind(value: string | null): value is RecordSubjectKind {
  return value !== null && (RECORD_SUBJECT_KINDS as readonly string[]).includes(value);
}

/** /records: every record in scope, filtered, newest first, with the detail drawer and subject history. */
export function RecordsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const forms = useRecordForms();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [exporting, setExporting] = useState(false);

  // Filters live in the URL, so a subject's history and an opened record survive a reload or a link.
  const subjectKind = params.get('subjectKind');
  const filters: RecordFilters = useMemo(
    () => ({
      formKey: params.get('formKey') ?? undefined,
      areaId: params.get('areaId') ?? undefined,
      from: params.get('from') ?? undefined,
      to: params.get('to') ?? undefined,
      q: params.get('q') ?? undefined,
      subjectKind: isSubjectKind(subjectKind) ? subjectKind : undefined,
      subjectId: params.get('subjectId') ?? undefined,
    }),
    [params, subjectKind],
  );
  const subjectName = params.get('subjectName');
  const openId = params.get('record');

  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const list = useInfiniteQuery({
    queryKey: ['records', 'list', filters],
    queryFn: ({ pageParam }) => recordsApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const formList = forms.data?.items ?? [];
  const fieldsOf = (r: RecordItem) => formList.find((f) => f.key === r.formKey)?.fields;
  const summary = (r: RecordItem) => valuesSummary(fieldsOf(r), r.values, t('common.yes'), t('common.no'));
  const open = (r: RecordItem) => set({ record: r.recordId });

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadFile(
        recordsXlsxUrl(filters),
        `${currentLang() === 'en-US' ? 'records' : '日常记录'}.xlsx`,
      );
    } catch (error) {
      void message.error(errorText(error, t));
    } finally {
      setExporting(false);
    }
  };

  const full = isMobile ? { gridColumn: '1 / -1' } : { width: 220 };
  const empty = <Empty description={t('records.list.empty')} />;

  return (
    <Card
      title={t('records.list.title')}
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()}>
          {isMobile ? 'xlsx' : t('records.list.export')}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
      data-testid="records-page"
    >
      {filters.subjectId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('records.list.subjectFilter', { name: subjectName ?? filters.subjectId })}
          closable={{
            onClose: () => set({ subjectId: undefined, subjectKind: undefined, subjectName: undefined }),
          }}
          data-testid="subject-filter"
        />
      )}
      <div
        style={
          isMobile
            ? { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 8 }
            : { display: 'flex', flexWrap: 'wrap', gap: 8 }
        }
      >
        <div style={isMobile ? { gridColumn: '1 / -1' } : { width: 260 }}>
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(value) => set({ q: value.trim() || undefined })}
            placeholder={t('records.list.search')}
            aria-label={t('records.list.search')}
            maxLength={100}
          />
        </div>
        <Select<string>
          style={full}
          value={filters.formKey ?? ''}
          onChange={(v) => set({ formKey: v || undefined })}
          aria-label={t('records.field.form')}
          loading={forms.isPending}
          popupMatchSelectWidth={false}
          options={[
            { value: '', label: `${t('records.field.form')}: ${t('records.common.all')}` },
            ...formList.map((f) => ({ value: f.key, label: loc(f.name) })),
          ]}
          data-testid="records-form-filter"
        />
        <div style={full}>
          <AreaSelect
            allowClear
            placeholder={t('records.list.area')}
            value={filters.areaId}
            onChange={(areaId) => set({ areaId })}
          />
        </div>
        <Input
          type="date"
          style={isMobile ? { minWidth: 0 } : { width: 160 }}
          value={filters.from ?? ''}
          onChange={(e) => set({ from: e.target.value || undefined })}
          aria-label={t('records.list.from')}
          prefix={isMobile ? undefined : t('records.list.from')}
        />
        <Input
          type="date"
          style={isMobile ? { minWidth: 0 } : { width: 160 }}
          value={filters.to ?? ''}
          onChange={(e) => set({ to: e.target.value || undefined })}
          aria-label={t('records.list.to')}
          prefix={isMobile ? undefined : t('records.list.to')}
        />
      </div>
      <div style={{ marginTop: 16 }}>
        {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} />}
        {list.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : isMobile ? (
          <List
            dataSource={items}
            locale={{ emptyText: empty }}
            renderItem={(r) => (
              <List.Item key={r.id} style={{ paddingInline: 0 }}>
                <div
                  role="link"
                  tabIndex={0}
                  onClick={() => open(r)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') open(r);
                  }}
                  style={{ cursor: 'pointer', width: '100%', minWidth: 0 }}
                  data-testid="record-row"
                >
                  <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                    <Typography.Text strong ellipsis style={{ minWidth: 0, flex: 1 }}>
                      {r.subject.name}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ flexShrink: 0 }}>
                      {r.day}
                    </Typography.Text>
                  </div>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {[loc(r.formName), r.areaName].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  <Typography.Text
                    ellipsis
                    style={{ display: 'block', fontSize: 12 }}
                    type={hasFever(fieldsOf(r), r.values) ? 'danger' : undefined}
                  >
                    {summary(r)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<RecordItem>
            rowKey="id"
            dataSource={items}
            pagination={false}
            locale={{ emptyText: empty }}
            scroll={{ x: 960 }}
            onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
            rowClassName={() => 'record-row'}
            columns={[
              { title: t('records.field.day'), dataIndex: 'day', width: 110 },
              {
                title: t('records.field.form'),
                width: 150,
                render: (_: unknown, r) => loc(r.formName),
              },
              {
                title: t('records.field.subject'),
                render: (_: unknown, r) => (
                  <div>
                    <a>{r.subject.name}</a>
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {r.areaName}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('records.field.values'),
                render: (_: unknown, r) => (
                  <Typography.Text
                    style={{ fontSize: 12 }}
                    type={hasFever(fieldsOf(r), r.values) ? 'danger' : undefined}
                  >
                    {r.anonymised ? t('records.detail.anonymised') : summary(r)}
                  </Typography.Text>
                ),
              },
              {
                title: t('records.field.submittedBy'),
                width: 140,
                render: (_: unknown, r) => (
                  <div>
                    {r.submittedBy?.name ?? '—'}
                    <div>
                      <Tag style={{ fontSize: 11 }}>{t(`records.channels.${r.channel}`)}</Tag>
                      {r.revision > 1 && (
                        <Tag color="orange" style={{ fontSize: 11 }}>
                          {t('records.list.corrected')}
                        </Tag>
                      )}
                    </div>
                  </div>
                ),
              },
              {
                title: t('records.field.observedAt'),
                dataIndex: 'observedAt',
                width: 120,
                render: (at: string) => <span style={{ fontSize: 12 }}>{formatTime(at)}</span>,
              },
            ]}
          />
        )}
        {list.hasNextPage ? (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        ) : (
          items.length > 0 && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
            </div>
          )
        )}
      </div>
      <RecordDrawer
        recordId={openId}
        onClose={() => set({ record: undefined })}
        onSubject={(r) =>
          set({
            record: undefined,
            subjectKind: r.subject.kind,
            subjectId: r.subject.id,
            subjectName: r.subject.name,
            formKey: undefined,
            q: undefined,
            areaId: undefined,
          })
        }
      />
    </Card>
  );
}
