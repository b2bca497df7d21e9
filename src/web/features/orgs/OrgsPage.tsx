import { useState } from 'react';
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
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, ORG_STATUSES, ORG_TAGS } from '../../../shared/registries.ts';
import type { OrgKind, OrgStatus } from '../../../shared/registries.ts';
import { errorText } from '../../api.ts';
import { useCan } from '../../session.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { OrgDetailDrawer, STATUS_COLOURS } from './OrgDetailDrawer.tsx';
import { OrgFormModal } from './OrgFormModal.tsx';
import { downloadOrgs, orgsApi, type Org, type OrgFilters, type OrgTag } from './api.ts';

function OrgTags({ org }: { org: Org }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLOURS[org.status]}>{t(`orgs.statuses.${org.status}`)}</Tag>
      {org.aboveScale && <Tag color="purple">{t('orgs.aboveScaleYes')}</Tag>}
      {org.tags.map((tag) => (
        <Tag key={tag} color="cyan">
          {t(`orgs.tagNames.${tag}`)}
        </Tag>
      ))}
    </>
  );
}

/** /orgs and /orgs/:id: the searchable list, with the organisation in a drawer when the path names one. */
export function OrgsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { '*': rest = '' } = useParams();
  const openId = /^[0-9a-f-]{36}$/.test(rest) ? rest : null;
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const canManage = useCan('orgs:manage');
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<OrgFilters>({ sort: 'name' });
  const [exporting, setExporting] = useState<'xlsx' | 'csv' | null>(null);
  const [creating, setCreating] = useState(false);

  const orgs = useInfiniteQuery({
    queryKey: ['orgs', filters],
    queryFn: ({ pageParam }) => orgsApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = orgs.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (id: string) => void navigate(`/orgs/${id}`);
  const set = (patch: Partial<OrgFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(format);
    try {
      await downloadOrgs(filters, format);
    } catch {
      void message.error(t('orgs.exportFailed'));
    } finally {
      setExporting(null);
    }
  };

  const width = (desktop: number) => ({ width: isMobile ? '100%' : desktop });
  const all = t('orgs.all');
  const toolbar = (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(value) => set({ q: value.trim() || undefined })}
        placeholder={t('orgs.searchPlaceholder')}
        enterButton
        aria-label={t('orgs.searchPlaceholder')}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('orgs.searchHint')}
      </Typography.Text>
      <div
        style={
          isMobile
            ? { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }
            : { display: 'flex', flexWrap: 'wrap', gap: 8 }
        }
      >
        <div style={isMobile ? { gridColumn: '1 / -1' } : { width: 260 }}>
          <AreaSelect
            allowClear
            placeholder={t('orgs.areaFilterPlaceholder')}
            value={filters.areaId}
            onChange={(areaId) => set({ areaId })}
          />
        </div>
        <Select<OrgKind | ''>
          style={width(160)}
          value={filters.kind ?? ''}
          onChange={(v) => set({ kind: v || undefined })}
          aria-label={t('orgs.kind')}
          options={[
            { value: '', label: `${t('orgs.kind')}: ${all}` },
            ...ORG_KINDS.map((k) => ({ value: k, label: t(`orgs.kinds.${k}`) })),
          ]}
        />
        <Select<OrgStatus | ''>
          style={width(150)}
          value={filters.status ?? ''}
          onChange={(v) => set({ status: v || undefined })}
          aria-label={t('orgs.status')}
          options={[
            { value: '', label: `${t('orgs.status')}: ${all}` },
            ...ORG_STATUSES.map((s) => ({ value: s, label: t(`orgs.statuses.${s}`) })),
          ]}
        />
        <Select<OrgTag | ''>
          style={width(150)}
          value={filters.tag ?? ''}
          onChange={(v) => set({ tag: v || undefined })}
          aria-label={t('orgs.tag')}
          options={[
            { value: '', label: `${t('orgs.tag')}: ${all}` },
            ...ORG_TAGS.map((tag) => ({ value: tag, label: t(`orgs.tagNames.${tag}`) })),
          ]}
        />
        <Select<'' | 'yes' | 'no'>
          style={width(150)}
          value={filters.aboveScale === undefined ? '' : filters.aboveScale ? 'yes' : 'no'}
          onChange={(v) => set({ aboveScale: v === '' ? undefined : v === 'yes' })}
          aria-label={t('orgs.aboveScale')}
          options={[
            { value: '', label: `${t('orgs.aboveScale')}: ${all}` },
            { value: 'yes', label: t('orgs.aboveScaleYes') },
            { value: 'no', label: t('orgs.aboveScaleNo') },
          ]}
        />
        <Select<'name' | 'updatedAt'>
          style={width(140)}
          value={filters.sort ?? 'name'}
          onChange={(sort) => set({ sort })}
          options={[
            { value: 'name', label: t('orgs.sortName') },
            { value: 'updatedAt', label: t('orgs.sortUpdated') },
          ]}
        />
      </div>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'xlsx'}
          disabled={exporting !== null}
          onClick={() => void exportAs('xlsx')}
        >
          {t('orgs.exportXlsx')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting === 'csv'}
          disabled={exporting !== null}
          onClick={() => void exportAs('csv')}
        >
          {t('orgs.exportCsv')}
        </Button>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('orgs.add')}
          </Button>
        )}
      </Space>
    </Space>
  );

  const more = orgs.hasNextPage ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={orgs.isFetchingNextPage} onClick={() => void orgs.fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </div>
  ) : items.length > 0 ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
    </div>
  ) : null;

  const empty = <Empty description={t('orgs.empty')} />;

  return (
    <Card title={t('orgs.title')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      {toolbar}
      <div style={{ marginTop: 16 }}>
        {orgs.isError && <Alert type="error" showIcon title={errorText(orgs.error, t)} />}
        {isMobile ? (
          <List
            loading={orgs.isPending}
            dataSource={items}
            locale={{ emptyText: empty }}
            renderItem={(o) => (
              <List.Item key={o.id} onClick={() => open(o.id)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={<a>{o.name}</a>}
                  description={
                    <Space orientation="vertical" size={2}>
                      <span>{[t(`orgs.kinds.${o.kind}`), o.areaName].filter(Boolean).join(' · ')}</span>
                      {(o.contactName || o.contactPhoneMasked) && (
                        <span>{[o.contactName, o.contactPhoneMasked].filter(Boolean).join(' ')}</span>
                      )}
                      <span>
                        <OrgTags org={o} />
                      </span>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<Org>
            rowKey="id"
            loading={orgs.isPending}
            dataSource={items}
            pagination={false}
            scroll={{ x: 960 }}
            locale={{ emptyText: empty }}
            onRow={(o) => ({ onClick: () => open(o.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t('orgs.name'), dataIndex: 'name', render: (name: string) => <a>{name}</a> },
              {
                title: t('orgs.creditCode'),
                dataIndex: 'creditCode',
                width: 190,
                render: (code: string | null) => <span style={{ fontFamily: 'monospace' }}>{code}</span>,
              },
              {
                title: t('orgs.kind'),
                dataIndex: 'kind',
                width: 120,
                render: (kind: OrgKind) => t(`orgs.kinds.${kind}`),
              },
              { title: t('orgs.area'), dataIndex: 'areaName', width: 150 },
              {
                title: t('orgs.contactName'),
                width: 170,
                render: (_: unknown, o) => [o.contactName, o.contactPhoneMasked].filter(Boolean).join(' '),
              },
              { title: t('orgs.status'), render: (_: unknown, o) => <OrgTags org={o} /> },
            ]}
          />
        )}
        {more}
      </div>
      <OrgDetailDrawer id={openId} onClose={() => void navigate('/orgs')} />
      <OrgFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(org) => {
          setCreating(false);
          void message.success(t('orgs.created', { name: org.name }));
          void client.invalidateQueries({ queryKey: ['orgs'] });
          open(org.id);
        }}
      />
    </Card>
  );
}
