import { useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, errorText, type AuditEntry } from '../api.ts';
import { formatTime } from '../i18n.ts';

const ACTIONS = [
  'area.create',
  'area.update',
  'area.move',
  'area.deactivate',
  'area.reactivate',
  'auth.login',
  'auth.logout',
  'user.create',
  'user.password_change',
  'scenario.load',
];
const ENTITY_TYPES = ['area', 'user', 'scenario'];

interface Filters {
  q?: string;
  action?: string;
  entityType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

interface AuditQuery {
  q?: string;
  action?: string;
  entityType?: string;
  from?: string;
  to?: string;
}

function toQuery(filters: Filters): AuditQuery {
  const [from, to] = filters.range ?? [null, null];
  return {
    q: filters.q?.trim() || undefined,
    action: filters.action?.trim() || undefined,
    entityType: filters.entityType?.trim() || undefined,
    from: from ? from.startOf('day').toISOString() : undefined,
    to: to ? to.endOf('day').toISOString() : undefined,
  };
}

function Json({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined)
    return <Typography.Text type="secondary">{t('audit.none')}</Typography.Text>;
  return (
    <pre
      style={{
        margin: 0,
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        background: '#fafafa',
        padding: 8,
        borderRadius: 4,
        maxHeight: 320,
        overflow: 'auto',
      }}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

function EntryDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('audit.entity')}>
        {entry.entityType}
        {entry.entityId ? ` · ${entry.entityId}` : ''}
      </Descriptions.Item>
      {entry.ip && <Descriptions.Item label={t('audit.ip')}>{entry.ip}</Descriptions.Item>}
      <Descriptions.Item label={t('audit.before')}>
        <Json value={entry.before} />
      </Descriptions.Item>
      <Descriptions.Item label={t('audit.after')}>
        <Json value={entry.after} />
      </Descriptions.Item>
    </Descriptions>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<AuditQuery>({});
  const [openId, setOpenId] = useState<number | null>(null);

  const audit = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam }) => api.audit({ ...query, cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? [];

  const actionLabel = (action: string) =>
    t(`auditActions.${action.replaceAll('.', '_')}`, { defaultValue: action });
  const entityLabel = (type: string) => t(`entityTypes.${type}`, { defaultValue: type });
  const when = formatTime;

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 180, render: (at: string) => when(at) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 160,
      render: (name: string | null) => name ?? t('audit.system'),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (action: string) => <Tag title={action}>{actionLabel(action)}</Tag>,
    },
    {
      title: t('audit.entity'),
      dataIndex: 'entityType',
      width: 110,
      render: (type: string) => entityLabel(type),
    },
    {
      title: t('audit.areaPath'),
      dataIndex: 'areaPath',
      render: (p: string | null) => <span style={{ wordBreak: 'break-all' }}>{p ?? '—'}</span>,
    },
  ];

  const filters = (
    <Form<Filters>
      form={form}
      layout={isMobile ? 'vertical' : 'inline'}
      onFinish={(values) => setQuery(toQuery(values))}
      style={{ rowGap: 8 }}
    >
      <Form.Item name="q" label={t('audit.q')} style={isMobile ? { marginBottom: 8 } : undefined}>
        <Input
          allowClear
          placeholder={t('audit.qPlaceholder')}
          style={isMobile ? undefined : { width: 200 }}
        />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')} style={isMobile ? { marginBottom: 8 } : undefined}>
        <AutoComplete
          allowClear
          placeholder={t('audit.actionPlaceholder')}
          options={ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` }))}
          style={isMobile ? undefined : { width: 200 }}
        />
      </Form.Item>
      <Form.Item
        name="entityType"
        label={t('audit.entityType')}
        style={isMobile ? { marginBottom: 8 } : undefined}
      >
        <AutoComplete
          allowClear
          placeholder={t('audit.entityTypePlaceholder')}
          options={ENTITY_TYPES.map((e) => ({ value: e, label: `${entityLabel(e)} (${e})` }))}
          style={isMobile ? undefined : { width: 150 }}
        />
      </Form.Item>
      <Form.Item name="range" label={t('audit.range')} style={isMobile ? { marginBottom: 8 } : undefined}>
        <DatePicker.RangePicker style={isMobile ? { width: '100%' } : undefined} />
      </Form.Item>
      <Form.Item style={isMobile ? { marginBottom: 0 } : undefined}>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('audit.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setQuery({});
            }}
          >
            {t('audit.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );

  const loadMore = audit.hasNextPage ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </div>
  ) : entries.length > 0 ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
    </div>
  ) : null;

  return (
    <Space orientation="vertical" size={isMobile ? 8 : 16} style={{ width: '100%' }}>
      <Card title={t('audit.title')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        {filters}
      </Card>
      <Card styles={{ body: { padding: isMobile ? 8 : 16 } }}>
        {audit.isError && (
          <Alert type="error" showIcon title={errorText(audit.error, t)} style={{ marginBottom: 12 }} />
        )}
        {isMobile ? (
          <List
            loading={audit.isPending}
            dataSource={entries}
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            renderItem={(entry) => (
              <List.Item key={entry.id} style={{ display: 'block', paddingInline: 4 }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <Tag>{actionLabel(entry.action)}</Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {when(entry.at)}
                  </Typography.Text>
                </div>
                <div style={{ marginTop: 4 }}>
                  {entry.actorName ?? t('audit.system')} · {entityLabel(entry.entityType)}
                </div>
                {entry.areaPath && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    {entry.areaPath}
                  </Typography.Text>
                )}
                <div>
                  <Button
                    type="link"
                    size="small"
                    style={{ paddingInline: 0 }}
                    onClick={() => setOpenId(openId === entry.id ? null : entry.id)}
                  >
                    {t('audit.details')}
                  </Button>
                </div>
                {openId === entry.id && <EntryDetails entry={entry} />}
              </List.Item>
            )}
          />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            loading={audit.isPending}
            columns={columns}
            dataSource={entries}
            pagination={false}
            scroll={{ x: 800 }}
            locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
            expandable={{ expandedRowRender: (entry) => <EntryDetails entry={entry} /> }}
          />
        )}
        {loadMore}
      </Card>
    </Space>
  );
}
