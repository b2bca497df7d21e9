import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Grid,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { EditOutlined, EyeOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OrgStatus } from '../../../shared/registries.ts';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { OrgFormModal } from './OrgFormModal.tsx';
import { StatusModal } from './StatusModal.tsx';
import { orgsApi, type OrgDetail } from './api.ts';

export const STATUS_COLOURS: Record<OrgStatus, string> = {
  operating: 'green',
  suspended: 'orange',
  resumed: 'blue',
  closed: 'gray',
};

/** One organisation: fields, area chain, audited phone reveal, status history, edit and status actions. */
export function OrgDetailDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [phone, setPhone] = useState<{ id: string; value: string | null } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [changing, setChanging] = useState(false);
  // A revealed number is forgotten when the drawer closes, so seeing it again means a new, audited reveal.
  if (id === null && phone !== null) setPhone(null);
  const detail = useQuery({
    queryKey: ['org', id],
    queryFn: () => orgsApi.get(id ?? ''),
    enabled: id !== null,
  });

  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['orgs'] });
    void client.invalidateQueries({ queryKey: ['org', id] });
  };
  const stale = () => {
    void message.warning(t('orgs.stale'));
    refresh();
  };

  const reveal = async () => {
    if (!id) return;
    setRevealing(true);
    try {
      const result = await orgsApi.reveal(id);
      setPhone({ id, value: result.contactPhone });
    } catch (caught) {
      void message.error(errorText(caught, t));
    } finally {
      setRevealing(false);
    }
  };

  const body = (data: OrgDetail) => {
    const { org, history, ancestors, allowedStatuses } = data;
    const none = t('orgs.none');
    const clearPhone = phone?.id === org.id ? phone.value : undefined;
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={STATUS_COLOURS[org.status]}>{t(`orgs.statuses.${org.status}`)}</Tag>
          <Tag>{t(`orgs.kinds.${org.kind}`)}</Tag>
          {org.aboveScale && <Tag color="purple">{t('orgs.aboveScaleYes')}</Tag>}
          {org.tags.map((tag) => (
            <Tag key={tag} color="cyan">
              {t(`orgs.tagNames.${tag}`)}
            </Tag>
          ))}
        </Space>
        <Space wrap>
          {org.can.update && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('orgs.edit')}
            </Button>
          )}
          {org.can.changeStatus && allowedStatuses.length > 0 && (
            <Button icon={<SwapOutlined />} onClick={() => setChanging(true)}>
              {t('orgs.changeStatus')}
            </Button>
          )}
        </Space>
        <Descriptions
          column={1}
          size="small"
          bordered
          items={[
            {
              key: 'creditCode',
              label: t('orgs.creditCode'),
              children: (
                <Typography.Text copyable={!!org.creditCode}>{org.creditCode ?? none}</Typography.Text>
              ),
            },
            {
              key: 'industry',
              label: t('orgs.industry'),
              children: org.industry ? t(`orgs.industries.${org.industry}`) : none,
            },
            {
              key: 'area',
              label: t('orgs.area'),
              children:
                ancestors.length > 0 ? ancestors.map((a) => a.name).join(' › ') : (org.areaName ?? none),
            },
            { key: 'address', label: t('orgs.address'), children: org.address ?? none },
            { key: 'contactName', label: t('orgs.contactName'), children: org.contactName ?? none },
            {
              key: 'contactPhone',
              label: t('orgs.contactPhone'),
              children: (
                <Space wrap>
                  {clearPhone !== undefined ? (
                    <Typography.Text copyable={!!clearPhone} title={t('orgs.revealed')}>
                      <a href={clearPhone ? `tel:${clearPhone}` : undefined}>{clearPhone ?? none}</a>
                    </Typography.Text>
                  ) : (
                    <span>{org.contactPhoneMasked ?? none}</span>
                  )}
                  {org.can.reveal && clearPhone === undefined && (
                    <Popconfirm
                      title={t('orgs.revealConfirm')}
                      okText={t('common.ok')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => void reveal()}
                    >
                      <Button size="small" icon={<EyeOutlined />} loading={revealing}>
                        {t('orgs.reveal')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
            {
              key: 'statusSince',
              label: t('orgs.statusSince'),
              children: org.statusSince ?? none,
            },
            { key: 'updatedAt', label: t('orgs.updatedAt'), children: formatTime(org.updatedAt) },
          ]}
        />
        {org.status === 'closed' && <Alert type="info" showIcon title={t('orgs.finalStatus')} />}
        <div>
          <Typography.Title level={5}>{t('orgs.history')}</Typography.Title>
          {history.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noHistory')} />
          ) : (
            <Timeline
              items={history.map((h) => ({
                key: h.id,
                color: STATUS_COLOURS[h.status],
                content: (
                  <div>
                    <Typography.Text strong style={{ marginInlineEnd: 8 }}>
                      {h.effectiveDate}
                    </Typography.Text>
                    <Tag color={STATUS_COLOURS[h.status]}>{t(`orgs.statuses.${h.status}`)}</Tag>
                    {h.note && <div style={{ marginTop: 4 }}>{h.note}</div>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(h.at)}
                      {h.actorName ? ` · ${t('orgs.historyBy', { name: h.actorName })}` : ''}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          )}
        </div>
        <OrgFormModal
          org={org}
          open={editing}
          onClose={() => setEditing(false)}
          onStale={stale}
          onSaved={() => {
            setEditing(false);
            void message.success(t('orgs.saved'));
            refresh();
          }}
        />
        <StatusModal
          org={org}
          allowed={allowedStatuses}
          open={changing}
          onClose={() => setChanging(false)}
          onStale={stale}
          onChanged={(next) => {
            setChanging(false);
            client.setQueryData(['org', id], next);
            void message.success(t('orgs.statusChanged'));
            void client.invalidateQueries({ queryKey: ['orgs'] });
          }}
        />
      </Space>
    );
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={screens.md ? 560 : '100%'}
      title={detail.data?.org.name ?? t('orgs.detail')}
      destroyOnHidden
    >
      {detail.isPending && id !== null && <Skeleton active paragraph={{ rows: 8 }} />}
      {detail.isError && <Alert type="error" showIcon title={errorText(detail.error, t)} />}
      {detail.data && body(detail.data)}
    </Drawer>
  );
}
