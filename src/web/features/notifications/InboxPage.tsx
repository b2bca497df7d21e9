import { useState } from 'react';
import {
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Empty,
  Grid,
  List,
  Skeleton,
  Space,
  Switch,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { CheckOutlined, ExportOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useCan } from '../../session.ts';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import {
  NOTIFICATION_KINDS,
  NOTIFICATIONS_KEY,
  notificationsApi,
  type Notification,
  type NotificationSettings,
} from './api.ts';

function kindLabel(t: (key: string, options?: { defaultValue: string }) => string, kind: string): string {
  return t(`notifications.kinds.${kind}`, { defaultValue: kind });
}

function NotificationList({ unreadOnly }: { unreadOnly: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canReadCases = useCan('cases:read');
  const queryClient = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', { unreadOnly }],
    queryFn: ({ pageParam }) =>
      notificationsApi.list({ unread: unreadOnly || undefined, cursor: pageParam, limit: 20 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  const markRead = useMutation({
    mutationFn: (id: number) => notificationsApi.markRead(id),
    onSuccess: refresh,
    onError: (error) => void message.error(errorText(error, t)),
  });
  const markAll = useMutation({
    mutationFn: notificationsApi.markAllRead,
    onSuccess: async () => {
      void message.success(t('notifications.allRead'));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    // Requesters (enterprise users) follow their cases in the portal; staff in the case pages.
    if (n.caseId) void navigate(`${canReadCases ? '/cases' : '/my-cases'}/${n.caseId}`);
  };

  if (list.isPending) return <Skeleton active />;
  return (
    <>
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'flex-end' }}>
        <Button
          icon={<CheckOutlined />}
          onClick={() => markAll.mutate()}
          loading={markAll.isPending}
          disabled={items.every((n) => n.readAt)}
          data-testid="mark-all-read"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Space>
      <List<Notification>
        dataSource={items}
        locale={{
          emptyText: (
            <Empty
              description={
                list.isError
                  ? errorText(list.error, t)
                  : unreadOnly
                    ? t('notifications.emptyUnread')
                    : t('notifications.empty')
              }
            />
          ),
        }}
        renderItem={(n) => {
          const unread = n.readAt === null;
          const actions = [
            ...(n.caseId
              ? [
                  <Button
                    key="open"
                    type="link"
                    size="small"
                    icon={<ExportOutlined />}
                    onClick={() => open(n)}
                  >
                    {t('notifications.openCase')}
                  </Button>,
                ]
              : []),
            ...(unread
              ? [
                  <Button
                    key="read"
                    type="link"
                    size="small"
                    onClick={() => markRead.mutate(n.id)}
                    data-testid={`mark-read-${n.id}`}
                  >
                    {t('notifications.markRead')}
                  </Button>,
                ]
              : []),
          ];
          return (
            <List.Item
              actions={actions}
              data-testid="notification-item"
              data-unread={unread ? 'true' : 'false'}
              style={{
                paddingInline: 12,
                background: unread ? '#f0f6ff' : undefined,
                borderInlineStart: unread ? '3px solid #1d5fbf' : '3px solid transparent',
                flexWrap: 'wrap',
              }}
            >
              <List.Item.Meta
                avatar={unread ? <Badge status="processing" /> : <Badge status="default" />}
                title={
                  <Space size={6} wrap>
                    <Typography.Text strong={unread} style={{ wordBreak: 'break-word' }}>
                      {n.title}
                    </Typography.Text>
                    <Tag>{kindLabel(t, n.kind)}</Tag>
                    {unread ? <Tag color="blue">{t('notifications.unreadTag')}</Tag> : null}
                  </Space>
                }
                description={
                  <>
                    {n.body ? (
                      <div
                        style={{ color: unread ? 'rgba(0,0,0,0.75)' : undefined, wordBreak: 'break-word' }}
                      >
                        {n.body}
                      </div>
                    ) : null}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(n.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          );
        }}
      />
      {list.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : items.length > 0 ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        </div>
      ) : null}
    </>
  );
}

export function SettingsPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'settings'],
    queryFn: notificationsApi.settings,
  });
  const save = useMutation({
    mutationFn: (next: NotificationSettings) => notificationsApi.saveSettings(next),
    onSuccess: (saved) => {
      queryClient.setQueryData([...NOTIFICATIONS_KEY, 'settings'], saved);
      void message.success(t('notifications.settings.saved'));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  if (settings.isPending) return <Skeleton active />;
  if (settings.isError) return <Empty description={errorText(settings.error, t)} />;
  const current = settings.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={5}>{t('notifications.settings.mutedTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('notifications.settings.mutedHint')}</Typography.Paragraph>
        <Checkbox.Group
          value={current.muted}
          disabled={save.isPending}
          onChange={(muted) => save.mutate({ ...current, muted: muted.map(String) })}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 8 }}
          options={NOTIFICATION_KINDS.map((kind) => ({ value: kind, label: kindLabel(t, kind) }))}
          data-testid="muted-kinds"
        />
      </div>
      <div>
        <Space align="start">
          <Switch
            checked={current.webhook}
            loading={save.isPending}
            onChange={(webhook) => save.mutate({ ...current, webhook })}
            data-testid="webhook-switch"
          />
          <div>
            <div>{t('notifications.settings.webhook')}</div>
            <Typography.Text type="secondary">{t('notifications.settings.webhookHint')}</Typography.Text>
          </div>
        </Space>
      </div>
    </Space>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [tab, setTab] = useState('all');
  return (
    <Card
      title={t('notifications.title')}
      size={screens.md ? 'default' : 'small'}
      styles={{ body: { paddingTop: 0 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          {
            key: 'all',
            label: t('notifications.tabs.all'),
            children: <NotificationList unreadOnly={false} />,
          },
          { key: 'unread', label: t('notifications.tabs.unread'), children: <NotificationList unreadOnly /> },
          { key: 'settings', label: t('notifications.tabs.settings'), children: <SettingsPanel /> },
        ]}
      />
    </Card>
  );
}
