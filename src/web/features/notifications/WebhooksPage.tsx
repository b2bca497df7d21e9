import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, HistoryOutlined, PlusOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { formatTime } from '../../i18n.ts';
import { isStaleVersion, showFieldErrors } from '../staff/fieldErrors.ts';
import {
  NOTIFICATION_KINDS,
  notificationsApi,
  type Delivery,
  type Webhook,
  type WebhookKind,
} from './api.ts';

const WEBHOOKS_KEY = ['webhooks'] as const;

interface WebhookValues {
  name: string;
  kind: WebhookKind;
  url?: string;
  secret?: string;
  removeSecret?: boolean;
  areaId?: string;
  events: string[];
  active: boolean;
}

const FIELDS = ['name', 'kind', 'url', 'secret', 'areaId', 'events', 'active'] as const;

/** Same rule as the server: https anywhere, http only on this machine. */
function urlAllowed(value: string): boolean {
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}

function WebhookFormModal({ webhook, open, onClose }: { webhook?: Webhook; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WebhookValues>();
  const kind = Form.useWatch('kind', form) ?? webhook?.kind ?? 'dingtalk';
  const save = useMutation({
    mutationFn: (v: WebhookValues) => {
      const url = v.url?.trim() || undefined;
      const secret = v.secret?.trim() || undefined;
      if (webhook) {
        return notificationsApi.updateWebhook(webhook.id, {
          version: webhook.version,
          name: v.name.trim(),
          url,
          secret: v.removeSecret ? null : secret,
          areaId: v.areaId || undefined,
          events: v.events,
          active: v.active,
        });
      }
      return notificationsApi.createWebhook({
        name: v.name.trim(),
        kind: v.kind,
        url: url ?? '',
        secret: v.kind === 'dingtalk' ? secret : undefined,
        areaId: v.areaId ?? '',
        events: v.events,
      });
    },
    onSuccess: async () => {
      void message.success(t('webhooks.saved'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
    },
    onError: async (error) => {
      if (isStaleVersion(error)) {
        void message.warning(t('webhooks.stale'));
        onClose();
        await queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
        return;
      }
      if (!showFieldErrors(form, error, FIELDS)) void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={open}
      title={webhook ? t('webhooks.edit') : t('webhooks.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<WebhookValues>
        form={form}
        layout="vertical"
        name="webhook"
        initialValues={
          webhook
            ? { name: webhook.name, kind: webhook.kind, events: webhook.events, active: webhook.active }
            : { kind: 'dingtalk', events: [], active: true }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('webhooks.name')}
          rules={[{ required: true, whitespace: true, message: t('webhooks.required') }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('webhooks.kind')}>
          <Select
            disabled={Boolean(webhook)}
            options={(['dingtalk', 'wecom'] as const).map((k) => ({
              value: k,
              label: t(`webhooks.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={webhook ? t('webhooks.urlKeep', { masked: webhook.urlMasked }) : t('webhooks.urlHint')}
          rules={[
            { required: !webhook, message: t('webhooks.required') },
            {
              validator: (_, value: string | undefined) =>
                !value || urlAllowed(value)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('webhooks.urlInvalid'))),
            },
          ]}
        >
          <Input autoComplete="off" inputMode="url" />
        </Form.Item>
        {kind === 'dingtalk' ? (
          <>
            <Form.Item
              name="secret"
              label={t('webhooks.secret')}
              extra={webhook?.hasSecret ? t('webhooks.secretKeep') : t('webhooks.secretHint')}
              rules={[{ max: 200 }]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            {webhook?.hasSecret ? (
              <Form.Item name="removeSecret" valuePropName="checked">
                <Checkbox>{t('webhooks.secretRemove')}</Checkbox>
              </Form.Item>
            ) : null}
          </>
        ) : null}
        <Form.Item
          name="areaId"
          label={t('webhooks.area')}
          extra={webhook ? t('webhooks.areaKeep', { name: webhook.areaName ?? webhook.areaPath }) : undefined}
          rules={[{ required: !webhook, message: t('webhooks.required') }]}
        >
          <AreaSelect placeholder={t('webhooks.areaPlaceholder')} allowClear />
        </Form.Item>
        <Form.Item name="events" label={t('webhooks.events')} extra={t('webhooks.eventsHint')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('webhooks.allEvents')}
            options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: t(`notifications.kinds.${k}`) }))}
          />
        </Form.Item>
        {webhook ? (
          <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function DeliveriesDrawer({ webhook, onClose }: { webhook: Webhook | null; onClose(): void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const log = useInfiniteQuery({
    queryKey: [...WEBHOOKS_KEY, 'deliveries', webhook?.id],
    queryFn: ({ pageParam }) => notificationsApi.deliveries(webhook?.id ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: webhook !== null,
    refetchInterval: 15_000,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const queue = log.data?.pages[0]?.queue;
  return (
    <Drawer
      open={webhook !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={t('webhooks.deliveriesTitle', { name: webhook?.name ?? '' })}
      destroyOnHidden
    >
      {log.isPending ? (
        <Skeleton active />
      ) : (
        <>
          {queue ? (
            <Typography.Paragraph type="secondary">
              {t('webhooks.queue', { pending: queue.pending, dead: queue.dead })}
            </Typography.Paragraph>
          ) : null}
          <List<Delivery>
            dataSource={items}
            locale={{
              emptyText: (
                <Empty description={log.isError ? errorText(log.error, t) : t('webhooks.noDeliveries')} />
              ),
            }}
            renderItem={(d) => (
              <List.Item data-testid="delivery-item">
                <List.Item.Meta
                  title={
                    <Space size={6} wrap>
                      <Tag color={d.ok ? 'green' : 'red'}>
                        {d.ok ? t('webhooks.ok') : t('webhooks.failed')}
                      </Tag>
                      <span style={{ wordBreak: 'break-word' }}>{d.title}</span>
                    </Space>
                  }
                  description={
                    <Space orientation="vertical" size={2}>
                      <span>
                        {formatTime(d.attemptedAt)} · {t('webhooks.duration', { ms: d.durationMs })}
                        {d.httpStatus !== null ? ` · ${t('webhooks.httpStatus')} ${d.httpStatus}` : ''}
                      </span>
                      {d.error ? (
                        <Typography.Text type="danger" style={{ wordBreak: 'break-all' }}>
                          {d.error}
                        </Typography.Text>
                      ) : null}
                      <span>
                        {t(`webhooks.messageStatus.${d.messageStatus}`)} ·{' '}
                        {t('webhooks.attempts', { count: d.attempts })}
                      </span>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
          {log.hasNextPage ? (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </Drawer>
  );
}

export function WebhooksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Webhook | undefined>();
  const [creating, setCreating] = useState(false);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const list = useQuery({ queryKey: WEBHOOKS_KEY, queryFn: notificationsApi.webhooks });
  const refresh = () => queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
  const test = useMutation({
    mutationFn: (w: Webhook) => notificationsApi.testWebhook(w.id),
    onSuccess: async () => {
      void message.success(t('webhooks.testQueued'));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const deactivate = useMutation({
    mutationFn: (w: Webhook) => notificationsApi.deactivateWebhook(w.id, w.version),
    onSuccess: async () => {
      void message.success(t('webhooks.deactivated'));
      await refresh();
    },
    onError: async (error) => {
      void message.error(isStaleVersion(error) ? t('webhooks.stale') : errorText(error, t));
      await refresh();
    },
  });
  const rows = list.data?.items ?? [];

  const actions = (w: Webhook) => [
    <Button key="log" size="small" icon={<HistoryOutlined />} onClick={() => setLogOf(w)}>
      {t('webhooks.deliveries')}
    </Button>,
    ...(w.can.update
      ? [
          <Button key="edit" size="small" icon={<EditOutlined />} onClick={() => setEditing(w)}>
            {t('webhooks.editAction')}
          </Button>,
        ]
      : []),
    ...(w.can.update && w.active
      ? [
          <Button
            key="test"
            size="small"
            icon={<SendOutlined />}
            loading={test.isPending && test.variables.id === w.id}
            onClick={() => test.mutate(w)}
          >
            {t('webhooks.test')}
          </Button>,
          <Popconfirm
            key="off"
            title={t('webhooks.deactivateConfirm', { name: w.name })}
            onConfirm={() => deactivate.mutate(w)}
          >
            <Button size="small" danger icon={<StopOutlined />}>
              {t('webhooks.deactivate')}
            </Button>
          </Popconfirm>,
        ]
      : []),
  ];
  const status = (w: Webhook) => (
    <Space size={4} wrap>
      <Tag color={w.active ? 'green' : undefined}>
        {w.active ? t('webhooks.active') : t('webhooks.inactive')}
      </Tag>
      {w.hasSecret ? <Tag>{t('webhooks.signed')}</Tag> : null}
    </Space>
  );
  const events = (w: Webhook) =>
    w.events.length === 0
      ? t('webhooks.allEvents')
      : w.events.map((e) => t(`notifications.kinds.${e}`, { defaultValue: e })).join('、');
  const empty = <Empty description={list.isError ? errorText(list.error, t) : t('webhooks.empty')} />;

  return (
    <Card
      title={t('webhooks.title')}
      size={narrow ? 'small' : 'default'}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {narrow ? null : t('webhooks.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('webhooks.intro')}</Typography.Paragraph>
      {list.isPending ? (
        <Skeleton active />
      ) : narrow ? (
        <List<Webhook>
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(w) => (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }}>
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <span>{w.name}</span>
                    <Tag color="blue">{t(`webhooks.kinds.${w.kind}`)}</Tag>
                    {status(w)}
                  </Space>
                }
                description={
                  <>
                    <div>{w.areaName ?? w.areaPath}</div>
                    <div>{events(w)}</div>
                    <div style={{ wordBreak: 'break-all' }}>{w.urlMasked}</div>
                  </>
                }
              />
              <Space wrap>{actions(w)}</Space>
            </List.Item>
          )}
        />
      ) : (
        <Table<Webhook>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            {
              title: t('webhooks.name'),
              key: 'name',
              render: (_, w) => (
                <>
                  <div>{w.name}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
                    {w.urlMasked}
                  </Typography.Text>
                </>
              ),
            },
            { title: t('webhooks.kind'), key: 'kind', render: (_, w) => t(`webhooks.kinds.${w.kind}`) },
            { title: t('webhooks.area'), key: 'area', render: (_, w) => w.areaName ?? w.areaPath },
            { title: t('webhooks.events'), key: 'events', render: (_, w) => events(w) },
            { title: t('webhooks.status'), key: 'status', render: (_, w) => status(w) },
            {
              title: t('webhooks.actions'),
              key: 'actions',
              render: (_, w) => <Space wrap>{actions(w)}</Space>,
            },
          ]}
        />
      )}
      <WebhookFormModal open={creating} onClose={() => setCreating(false)} />
      <WebhookFormModal
        key={editing?.id ?? 'none'}
        webhook={editing}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
      <DeliveriesDrawer webhook={logOf} onClose={() => setLogOf(null)} />
    </Card>
  );
}
