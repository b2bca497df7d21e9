import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Dropdown,
  Empty,
  Grid,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  EditOutlined,
  MoreOutlined,
  PlusOutlined,
  StopOutlined,
  UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { errorText } from '../../api.ts';
import { useCan } from '../../session.ts';
import { useDashboardEvents } from '../dashboard/useDashboardEvents.ts';
import { TARGET_STATUSES, targetsApi, type TargetDto, type TargetsFilter, type TargetStatus } from './api.ts';
import { formatValue, metricName, metricUnit, STATUS_COLOURS, targetableMetrics, uiLang } from './format.ts';
import { LaggardsDrawer } from './LaggardsDrawer.tsx';
import { TargetProgress as ProgressBar } from './TargetProgress.tsx';
import { TargetDrawer } from './TargetDrawer.tsx';

/** Targets, their progress and status; laggards and supervision sheets; create and edit for managers. */
export function TargetsPage() {
  const { t, i18n } = useTranslation();
  const lang = uiLang(i18n.language);
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const client = useQueryClient();
  const mayManage = useCan('targets:manage');
  const [filter, setFilter] = useState<TargetsFilter>({});
  const [editing, setEditing] = useState<{ target?: TargetDto } | null>(null);
  const [laggardsOf, setLaggardsOf] = useState<TargetDto | null>(null);
  // Progress moves as records and cases arrive: the dashboard's event stream refetches ['targets', …].
  useDashboardEvents();

  const list = useInfiniteQuery({
    queryKey: ['targets', 'list', filter],
    queryFn: ({ pageParam }) => targetsApi.list(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const toggle = useMutation({
    mutationFn: (target: TargetDto) =>
      target.active
        ? targetsApi.deactivate(target.id, target.version)
        : targetsApi.activate(target.id, target.version),
    onSuccess: async (target) => {
      void message.success(target.active ? t('targets.actions.activated') : t('targets.actions.deactivated'));
      await client.invalidateQueries({ queryKey: ['targets'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const value = (target: TargetDto, v: number | null) => formatValue(v, metricUnit(target.metric), lang);
  const filtered = Object.values(filter).some((v) => v !== undefined && v !== false);

  const titleCell = (target: TargetDto) => (
    <div style={{ minWidth: 0 }}>
      <Typography.Text strong style={{ whiteSpace: 'normal' }}>
        {target.title}
      </Typography.Text>
      {!target.active && <Tag style={{ marginInlineStart: 6 }}>{t('targets.row.inactive')}</Tag>}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {metricName(target.metric, lang)}
        {target.openSheets.length > 0
          ? ` · ${t('targets.row.sheets', { count: target.openSheets.length })}`
          : ''}
      </Typography.Text>
    </div>
  );

  const progressCell = (target: TargetDto) => (
    <div style={{ minWidth: 0 }}>
      <ProgressBar target={target} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('targets.row.actualOfTarget', {
          actual: value(target, target.actual),
          target: value(target, target.targetValue),
        })}
      </Typography.Text>
    </div>
  );

  const statusTag = (target: TargetDto) => (
    <Tag color={STATUS_COLOURS[target.status]} data-testid="target-status">
      {t(`targets.status.${target.status}`)}
    </Tag>
  );

  const actions = (target: TargetDto) => {
    const laggards = (
      <Button
        size="small"
        icon={<UnorderedListOutlined />}
        onClick={() => setLaggardsOf(target)}
        data-testid="open-laggards"
        aria-label={t('targets.actions.laggards')}
      >
        {isMobile ? null : t('targets.actions.laggards')}
      </Button>
    );
    if (!target.canEdit) return laggards;
    return (
      <Space size={4}>
        {laggards}
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'edit', icon: <EditOutlined />, label: t('targets.actions.edit') },
              target.active
                ? {
                    key: 'deactivate',
                    icon: <StopOutlined />,
                    danger: true,
                    label: t('targets.actions.deactivate'),
                  }
                : { key: 'activate', icon: <UndoOutlined />, label: t('targets.actions.activate') },
            ],
            onClick: ({ key }) => {
              if (key === 'edit') setEditing({ target });
              else if (key === 'activate') toggle.mutate(target);
              else
                modal.confirm({
                  title: t('targets.actions.deactivate'),
                  content: t('targets.actions.deactivateConfirm'),
                  okText: t('targets.actions.deactivate'),
                  okButtonProps: { danger: true },
                  cancelText: t('targets.form.cancel'),
                  onOk: () => toggle.mutateAsync(target).catch(() => undefined),
                });
            },
          }}
        >
          <Button size="small" icon={<MoreOutlined />} aria-label={t('targets.actions.more')} />
        </Dropdown>
      </Space>
    );
  };

  const columns = isMobile
    ? [
        {
          title: t('targets.columns.target'),
          key: 'target',
          render: (_: unknown, target: TargetDto) => (
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              {titleCell(target)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {target.area.name} · {t('targets.columns.due')} {target.dueDay}
              </Typography.Text>
              {progressCell(target)}
              {statusTag(target)}
            </Space>
          ),
        },
        { title: '', key: 'actions', width: 84, render: (_: unknown, target: TargetDto) => actions(target) },
      ]
    : [
        {
          title: t('targets.columns.target'),
          key: 'target',
          render: (_: unknown, r: TargetDto) => titleCell(r),
        },
        {
          title: t('targets.columns.area'),
          key: 'area',
          width: 140,
          render: (_: unknown, r: TargetDto) => r.area.name,
        },
        { title: t('targets.columns.due'), dataIndex: 'dueDay', width: 110 },
        {
          title: t('targets.columns.progress'),
          key: 'progress',
          width: 220,
          render: (_: unknown, r: TargetDto) => progressCell(r),
        },
        {
          title: t('targets.columns.status'),
          key: 'status',
          width: 110,
          render: (_: unknown, r: TargetDto) => statusTag(r),
        },
        {
          title: t('targets.columns.actions'),
          key: 'actions',
          width: 170,
          render: (_: unknown, r: TargetDto) => actions(r),
        },
      ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="targets-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('targets.page.title')}
        </Typography.Title>
        {mayManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
            data-testid="new-target"
          >
            {t('targets.page.create')}
          </Button>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('targets.page.intro')}
      </Typography.Paragraph>
      <Space wrap style={{ width: '100%' }}>
        <div style={{ width: isMobile ? '100%' : 260 }}>
          <AreaSelect
            value={filter.areaId}
            onChange={(areaId) => setFilter((f) => ({ ...f, areaId }))}
            placeholder={t('targets.filters.areaPlaceholder')}
            allowClear
          />
        </div>
        <Select<TargetStatus | undefined>
          value={filter.status}
          onChange={(status) => setFilter((f) => ({ ...f, status }))}
          placeholder={t('targets.filters.allStatuses')}
          allowClear
          style={{ width: 150 }}
          aria-label={t('targets.filters.status')}
          options={TARGET_STATUSES.map((s) => ({ value: s, label: t(`targets.status.${s}`) }))}
        />
        <Select<MetricKey | undefined>
          value={filter.metric}
          onChange={(metric) => setFilter((f) => ({ ...f, metric }))}
          placeholder={t('targets.filters.allMetrics')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: isMobile ? 180 : 220 }}
          aria-label={t('targets.filters.metric')}
          options={targetableMetrics().map((m) => ({ value: m.key, label: m.name[lang] }))}
        />
        <Checkbox
          checked={filter.includeInactive ?? false}
          onChange={(e) => setFilter((f) => ({ ...f, includeInactive: e.target.checked || undefined }))}
        >
          {t('targets.filters.includeInactive')}
        </Checkbox>
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error, t)} />}
      <Table<TargetDto>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        loading={list.isPending}
        dataSource={items}
        columns={columns}
        pagination={false}
        data-testid="targets-table"
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                filtered
                  ? t('targets.page.emptyFiltered')
                  : mayManage
                    ? `${t('targets.page.empty')}. ${t('targets.page.emptyManage')}`
                    : t('targets.page.empty')
              }
            />
          ),
        }}
      />
      {list.hasNextPage && (
        <Button block onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('targets.page.loadMore')}
        </Button>
      )}
      <TargetDrawer open={editing !== null} target={editing?.target} onClose={() => setEditing(null)} />
      <LaggardsDrawer target={laggardsOf} onClose={() => setLaggardsOf(null)} />
    </Space>
  );
}
