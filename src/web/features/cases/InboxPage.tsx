import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Empty,
  Grid,
  Input,
  List,
  Select,
  Skeleton,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { useCan, useMe } from '../../session.ts';
import {
  CASE_STATUSES,
  casesApi,
  loc,
  type CaseFilters,
  type CaseStatus,
  type CaseSummary,
  type CaseView,
} from './api.ts';
import {
  CaseRow,
  EscalationBadge,
  SlaCountdown,
  StatusTag,
  categoryName,
  useCaseTypes,
  useDepartmentName,
} from './common.tsx';

const STAFF_VIEWS: CaseView[] = ['mine', 'team', 'overdue', 'department', 'all'];

/** The keyset-paged case list for a set of filters; shared by the inbox and the requester portal. */
export function useCaseList(filters: CaseFilters) {
  const list = useInfiniteQuery({
    queryKey: ['cases', 'list', filters],
    queryFn: ({ pageParam }) => casesApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { list, items: list.data?.pages.flatMap((p) => p.items) ?? [] };
}

export function LoadMore({ list, count }: { list: ReturnType<typeof useCaseList>['list']; count: number }) {
  const { t } = useTranslation();
  if (list.hasNextPage) {
    return (
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        <Button loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      </div>
    );
  }
  if (count === 0) return null;
  return (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
    </div>
  );
}

/** /cases: the staff inbox — mine, team, overdue, my department's, everything in scope. */
export function InboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const canSubmit = useCan('cases:submit');
  const department = useDepartmentName();
  const types = useCaseTypes();
  const [params, setParams] = useSearchParams();
  const viewParam = params.get('view') as CaseView | null;
  const view: CaseView = viewParam && STAFF_VIEWS.includes(viewParam) ? viewParam : 'mine';
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Omit<CaseFilters, 'view'>>({});
  const { list, items } = useCaseList({ view, ...filters });
  const set = (patch: Partial<CaseFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const open = (c: CaseSummary) => void navigate(`/cases/${c.id}`);
  const typeList = types.data?.items ?? [];
  const chosenType = typeList.find((ty) => ty.code === filters.typeCode);
  const views = STAFF_VIEWS.filter((v) => v !== 'department' || me.department);
  const width = (desktop: number) => ({ width: isMobile ? '100%' : desktop, minWidth: 0 });
  const all = t('cases.inbox.all');

  const empty = (
    <Empty
      description={
        view === 'mine'
          ? t('cases.inbox.emptyMine')
          : view === 'overdue'
            ? t('cases.inbox.emptyOverdue')
            : t('cases.inbox.empty')
      }
    />
  );

  return (
    <Card
      title={t('cases.inbox.title')}
      extra={
        canSubmit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/cases/new')}>
            {t('cases.inbox.create')}
          </Button>
        )
      }
      styles={{ body: { padding: isMobile ? '0 12px 12px' : '0 24px 24px' } }}
    >
      <Tabs
        activeKey={view}
        onChange={(key) => setParams({ view: key }, { replace: true })}
        items={views.map((v) => ({ key: v, label: t(`cases.inbox.views.${v}`) }))}
        data-testid="case-views"
      />
      <div
        style={
          isMobile
            ? { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)', gap: 8 }
            : { display: 'flex', flexWrap: 'wrap', gap: 8 }
        }
      >
        <div style={isMobile ? { gridColumn: '1 / -1' } : { width: 300 }}>
          <Input.Search
            allowClear
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(value) => set({ q: value.trim() || undefined })}
            placeholder={t('cases.inbox.search')}
            maxLength={100}
            aria-label={t('cases.inbox.search')}
          />
        </div>
        <Select<string>
          style={width(180)}
          value={filters.typeCode ?? ''}
          onChange={(v) => set({ typeCode: v || undefined, category: undefined })}
          aria-label={t('cases.inbox.type')}
          loading={types.isPending}
          popupMatchSelectWidth={false}
          options={[
            { value: '', label: `${t('cases.inbox.type')}: ${all}` },
            ...typeList.map((ty) => ({ value: ty.code, label: loc(ty.name) })),
          ]}
        />
        <Select<CaseStatus | ''>
          style={width(150)}
          value={filters.status ?? ''}
          onChange={(v) => set({ status: v || undefined })}
          aria-label={t('cases.inbox.status')}
          options={[
            { value: '', label: `${t('cases.inbox.status')}: ${all}` },
            ...CASE_STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) })),
          ]}
        />
        {chosenType && chosenType.categories.length > 0 && (
          <Select<string>
            style={isMobile ? { gridColumn: '1 / -1' } : { width: 180 }}
            value={filters.category ?? ''}
            onChange={(v) => set({ category: v || undefined })}
            aria-label={t('cases.inbox.category')}
            popupMatchSelectWidth={false}
            options={[
              { value: '', label: `${t('cases.inbox.category')}: ${all}` },
              ...chosenType.categories.map((c) => ({ value: c.code, label: loc(c.name) })),
            ]}
          />
        )}
      </div>
      <div style={{ marginTop: 16 }}>
        {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} />}
        {list.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : isMobile ? (
          <List
            dataSource={items}
            locale={{ emptyText: empty }}
            renderItem={(c) => (
              <List.Item key={c.id} style={{ paddingInline: 0 }}>
                <CaseRow c={c} types={typeList} onOpen={() => open(c)} />
              </List.Item>
            )}
          />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            dataSource={items}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: empty }}
            onRow={(c) => ({ onClick: () => open(c), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: t('cases.field.code'),
                dataIndex: 'code',
                width: 110,
                render: (code: string) => <span style={{ fontFamily: 'monospace' }}>{code}</span>,
              },
              {
                title: t('cases.field.title'),
                dataIndex: 'title',
                render: (title: string, c) => (
                  <div>
                    <a>{title}</a>
                    {c.subject && (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {c.subject.name}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
              {
                title: t('cases.field.type'),
                width: 150,
                render: (_: unknown, c) =>
                  [loc(c.typeName), categoryName(typeList, c.typeCode, c.category)]
                    .filter(Boolean)
                    .join(' · '),
              },
              {
                title: t('cases.field.owner'),
                width: 130,
                render: (_: unknown, c) => c.owner?.name ?? department(c.handlingDepartmentCode),
              },
              {
                title: t('cases.field.status'),
                width: 230,
                render: (_: unknown, c) => (
                  <>
                    <StatusTag status={c.status} />
                    <SlaCountdown
                      c={c}
                      warnAtShare={typeList.find((ty) => ty.code === c.typeCode)?.sla.warnAtShare}
                    />
                    <EscalationBadge level={c.escalationLevel} />
                  </>
                ),
              },
              {
                title: t('cases.field.updatedAt'),
                dataIndex: 'updatedAt',
                width: 110,
                render: (at: string) => <span style={{ fontSize: 12 }}>{formatTime(at)}</span>,
              },
            ]}
          />
        )}
        <LoadMore list={list} count={items.length} />
      </div>
    </Card>
  );
}
