import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Empty,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { recordsApi, type RetentionAction, type RetentionItem } from './api.ts';
import { loc } from './common.tsx';

const RETENTION_KEY = ['records', 'retention'] as const;

/** Days and action of one form, edited in place and saved together. */
function RetentionEditor({ item }: { item: RetentionItem }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [days, setDays] = useState<number | null>(item.retentionDays);
  const [action, setAction] = useState<RetentionAction>(item.retentionAction);
  const dirty = days !== item.retentionDays || action !== item.retentionAction;
  const save = useMutation({
    mutationFn: () => recordsApi.setRetention(item.formKey, { retentionDays: days, retentionAction: action }),
    onSuccess: async () => {
      void message.success(t('records.retention.saved'));
      await client.invalidateQueries({ queryKey: RETENTION_KEY });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  return (
    <Space wrap size={4}>
      <InputNumber<number>
        min={1}
        max={3650}
        precision={0}
        value={days}
        onChange={(v) => setDays(typeof v === 'number' ? v : null)}
        placeholder={t('records.retention.keep')}
        suffix={t('records.retention.daysUnit')}
        style={{ width: 130 }}
        aria-label={t('records.retention.days')}
      />
      <Select<RetentionAction>
        value={action}
        onChange={setAction}
        style={{ width: 120 }}
        aria-label={t('records.retention.action')}
        options={(['anonymise', 'delete'] as const).map((a) => ({
          value: a,
          label: t(`records.retention.actions.${a}`),
        }))}
      />
      <Button
        size="small"
        type="primary"
        disabled={!dirty}
        loading={save.isPending}
        onClick={() => save.mutate()}
      >
        {t('common.save')}
      </Button>
    </Space>
  );
}

/** Retention per form: how long records are kept, what happens then, the last purges, run now. */
export function RetentionPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const retention = useQuery({ queryKey: RETENTION_KEY, queryFn: recordsApi.retention });
  const run = useMutation({
    mutationFn: recordsApi.runRetention,
    onSuccess: async (result) => {
      const total = result.items.reduce((sum, r) => sum + r.count, 0);
      void message.success(t('records.retention.ran', { count: total }));
      await client.invalidateQueries({ queryKey: RETENTION_KEY });
      await client.invalidateQueries({ queryKey: ['records', 'list'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between' }}>
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 200 }}>
          {t('records.retention.note')}
        </Typography.Text>
        <Popconfirm
          title={t('records.retention.runConfirm')}
          onConfirm={() => run.mutate()}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
        >
          <Button danger icon={<DeleteOutlined />} loading={run.isPending} data-testid="retention-run">
            {t('records.retention.run')}
          </Button>
        </Popconfirm>
      </div>
      {retention.isError && <Alert type="error" showIcon title={errorText(retention.error, t)} />}
      <Table<RetentionItem>
        rowKey="formKey"
        loading={retention.isPending}
        dataSource={retention.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('records.retention.empty')} /> }}
        columns={[
          {
            title: t('records.forms.name'),
            render: (_: unknown, r) => (
              <div>
                {loc(r.name)}
                {r.healthData && (
                  <Tag color="red" style={{ marginInlineStart: 6 }}>
                    {t('records.forms.healthData')}
                  </Tag>
                )}
              </div>
            ),
          },
          {
            title: t('records.retention.rule'),
            render: (_: unknown, r) => (
              <RetentionEditor key={`${r.retentionDays}.${r.retentionAction}`} item={r} />
            ),
          },
          {
            title: t('records.retention.lastPurges'),
            render: (_: unknown, r) =>
              r.purges.length === 0 ? (
                <Typography.Text type="secondary">{t('records.retention.never')}</Typography.Text>
              ) : (
                <div style={{ fontSize: 12 }}>
                  {r.purges.slice(0, 3).map((p) => (
                    <div key={`${p.ranAt}.${p.action}`}>
                      {t('records.retention.purge', {
                        at: formatTime(p.ranAt),
                        count: p.count,
                        action: t(`records.retention.actions.${p.action}`),
                        before: p.beforeDay,
                      })}
                    </div>
                  ))}
                </div>
              ),
          },
        ]}
      />
    </Space>
  );
}
