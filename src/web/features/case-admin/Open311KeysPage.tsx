import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Grid,
  Input,
  List,
  Modal,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CopyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { caseAdminApi, type ApiKey, type CreatedApiKey } from './api.ts';
import { placeServerErrors } from './formErrors.ts';

const KEYS_KEY = ['caseAdmin', 'open311Keys'] as const;

/** The new key, shown this once: the server keeps only its hash. */
function CreatedKeyModal({ created, onClose }: { created: CreatedApiKey | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      void message.success(t('caseAdmin.keys.copied'));
    } catch {
      // No clipboard (insecure origin, denied): the key stays selectable on screen.
      void message.error(t('common.unknownError'));
    }
  };
  return (
    <Modal
      open={created !== null}
      title={t('caseAdmin.keys.createdTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      // Gone from the page once closed: the key is not left behind in the DOM.
      destroyOnHidden
      footer={
        <Space>
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {t('caseAdmin.keys.copy')}
          </Button>
          <Button type="primary" onClick={onClose}>
            {t('caseAdmin.keys.done')}
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon title={t('caseAdmin.keys.onceWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph strong>{created?.name}</Typography.Paragraph>
      <Typography.Paragraph
        code
        copyable={created ? { text: created.key } : false}
        style={{ wordBreak: 'break-all', userSelect: 'all' }}
        data-testid="created-key"
      >
        {created?.key}
      </Typography.Paragraph>
    </Modal>
  );
}

function CreateKeyModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(key: CreatedApiKey): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (name: string) => caseAdminApi.createKey(name.trim()),
    onSuccess: (key) => {
      form.resetFields();
      onCreated(key);
    },
    onError: (error) => {
      const unplaced = placeServerErrors(form, error);
      void message.error([errorText(error, t), ...unplaced.map((d) => `${d.field}: ${d.reason}`)].join('；'));
    },
  });
  return (
    <Modal
      open={open}
      title={t('caseAdmin.keys.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('caseAdmin.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" name="open311Key" onFinish={(v) => create.mutate(v.name)}>
        <Form.Item
          name="name"
          label={t('caseAdmin.keys.name')}
          rules={[{ required: true, whitespace: true, message: t('caseAdmin.required') }, { max: 100 }]}
        >
          <Input maxLength={100} placeholder={t('caseAdmin.keys.namePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Open311 API keys: list, issue (shown once), revoke. */
export function Open311KeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const list = useQuery({ queryKey: KEYS_KEY, queryFn: caseAdminApi.keys });
  const rows = list.data?.items ?? [];
  const refresh = () => client.invalidateQueries({ queryKey: KEYS_KEY });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => caseAdminApi.revokeKey(key.id),
    onSuccess: async (key) => {
      void message.success(t('caseAdmin.keys.revokedDone', { name: key.name }));
      await refresh();
    },
    onError: async (error) => {
      void message.error(errorText(error, t));
      await refresh();
    },
  });

  const status = (k: ApiKey) =>
    k.active ? (
      <Tag color="green">{t('caseAdmin.keys.active')}</Tag>
    ) : (
      <Tag color="red">{t('caseAdmin.keys.revoked')}</Tag>
    );
  const lastUsed = (k: ApiKey) => (k.lastUsedAt ? formatTime(k.lastUsedAt) : t('caseAdmin.keys.never'));
  const prefix = (k: ApiKey) => (
    <Typography.Text style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
      {k.keyPrefix}…
    </Typography.Text>
  );
  const action = (k: ApiKey) =>
    k.can.revoke && k.active ? (
      <Popconfirm
        title={t('caseAdmin.keys.revokeConfirm', { name: k.name })}
        okText={t('caseAdmin.keys.revoke')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={() => revoke.mutateAsync(k)}
      >
        <Button size="small" danger icon={<StopOutlined />}>
          {t('caseAdmin.keys.revoke')}
        </Button>
      </Popconfirm>
    ) : null;
  const empty = <Empty description={list.isError ? errorText(list.error, t) : t('caseAdmin.keys.empty')} />;

  return (
    <Card
      title={t('caseAdmin.keys.title')}
      size={narrow ? 'small' : 'default'}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          aria-label={t('caseAdmin.keys.create')}
        >
          {narrow ? null : t('caseAdmin.keys.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.keys.intro')}</Typography.Paragraph>
      {list.isPending ? (
        <Skeleton active />
      ) : narrow ? (
        <List<ApiKey>
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(k) => (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="key-row">
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <span>{k.name}</span>
                    {status(k)}
                  </Space>
                }
                description={
                  <>
                    <div>{prefix(k)}</div>
                    <div>
                      {t('caseAdmin.keys.createdAt')} {formatTime(k.createdAt)}
                    </div>
                    <div>
                      {t('caseAdmin.keys.lastUsedAt')} {lastUsed(k)}
                    </div>
                  </>
                }
              />
              {action(k)}
            </List.Item>
          )}
        />
      ) : (
        <Table<ApiKey>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            { title: t('caseAdmin.keys.name'), key: 'name', dataIndex: 'name' },
            { title: t('caseAdmin.keys.prefix'), key: 'prefix', render: (_, k) => prefix(k) },
            {
              title: t('caseAdmin.keys.createdAt'),
              key: 'created',
              render: (_, k) => formatTime(k.createdAt),
            },
            { title: t('caseAdmin.keys.lastUsedAt'), key: 'lastUsed', render: (_, k) => lastUsed(k) },
            { title: t('caseAdmin.keys.status'), key: 'status', render: (_, k) => status(k) },
            { title: t('caseAdmin.keys.actions'), key: 'actions', render: (_, k) => action(k) },
          ]}
        />
      )}
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setCreating(false);
          setCreated(key);
          void refresh();
        }}
      />
      <CreatedKeyModal created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
