import { useEffect, useState } from 'react';
import { Alert, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n.ts';
import { loc } from './api.ts';
import { discard, syncNow, useOutbox } from './outbox.ts';

function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The queue count for the entry screen's header: "待同步 3", or a quiet tick when all is sent. */
export function QueueBadge() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const waiting = outbox.pending > 0;
  return (
    <Tag
      data-testid="queue-badge"
      data-count={outbox.pending}
      color={waiting ? (outbox.online ? 'processing' : 'warning') : 'success'}
      icon={waiting ? <CloudSyncOutlined spin={outbox.syncing} /> : undefined}
      style={{ fontSize: 14, paddingBlock: 4, marginInlineEnd: 0, whiteSpace: 'nowrap' }}
    >
      {waiting ? t('fieldEntry.queue.badge', { count: outbox.pending }) : t('fieldEntry.queue.synced')}
    </Tag>
  );
}

/** Offline banner, the sync problem with its next retry, and entries the server refused. */
export function OutboxStatus({ formKey }: { formKey?: string }) {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const seconds = useSecondsUntil(outbox.retryAt);
  const refused = outbox.entries.filter((e) => e.status === 'refused' && (!formKey || e.formKey === formKey));
  const problem = outbox.online && outbox.pending > 0 && outbox.problem !== null;
  if (outbox.online && !problem && refused.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      {!outbox.online && (
        <Alert
          data-testid="offline-banner"
          type="warning"
          showIcon
          icon={<DisconnectOutlined />}
          title={t('fieldEntry.offline.banner')}
        />
      )}
      {problem && (
        <Alert
          type={outbox.problem === 'signed_out' ? 'error' : 'info'}
          showIcon
          title={t(`fieldEntry.queue.${outbox.problem === 'signed_out' ? 'signedOut' : outbox.problem}`)}
          description={seconds !== null ? t('fieldEntry.queue.retryIn', { seconds }) : undefined}
          action={
            <Button size="small" onClick={() => void syncNow()} loading={outbox.syncing}>
              {t('fieldEntry.queue.syncNow')}
            </Button>
          }
        />
      )}
      {refused.length > 0 && (
        <Card
          size="small"
          data-testid="refused-entries"
          title={
            <Typography.Text type="danger">
              {t('fieldEntry.queue.refusedTitle', { count: refused.length })}
            </Typography.Text>
          }
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('fieldEntry.queue.refusedHelp')}
          </Typography.Paragraph>
          {refused.map((entry) => (
            <div key={entry.key} style={{ borderTop: '1px solid #f0f0f0', paddingBlock: 8 }}>
              <div style={{ fontWeight: 600 }}>
                {loc(entry.formName)} · {entry.subjectName}
              </div>
              <Typography.Text type="secondary">
                {t('fieldEntry.queue.madeAt', { time: formatTime(entry.body.observedAt) })}
              </Typography.Text>
              <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
                {entry.errors.map((e) => (
                  <li key={e.field}>
                    <Typography.Text type="danger">
                      {e.field.replace(/^values\./, '')}: {loc(e.reason)}
                    </Typography.Text>
                  </li>
                ))}
              </ul>
              <Popconfirm
                title={t('fieldEntry.queue.discardConfirm')}
                onConfirm={() => void discard(entry.key)}
              >
                <Button size="small" danger>
                  {t('fieldEntry.queue.discard')}
                </Button>
              </Popconfirm>
            </div>
          ))}
        </Card>
      )}
    </Space>
  );
}
