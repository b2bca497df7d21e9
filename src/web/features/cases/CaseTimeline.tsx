import { useState } from 'react';
import { Alert, App, Button, Empty, Input, Skeleton, Space, Switch, Tag, Timeline, Typography } from 'antd';
import { EyeOutlined, LockOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { casesApi, type CaseDetail, type CaseEvent } from './api.ts';
import { StatusTag } from './common.tsx';
import { useCaseRefresh } from './CaseActions.tsx';

export function useCaseEvents(caseId: string) {
  return useQuery({ queryKey: ['cases', 'events', caseId], queryFn: () => casesApi.events(caseId) });
}

function colour(e: CaseEvent): string {
  if (e.visibility === 'internal') return 'gray';
  if (e.toStatus) return 'blue';
  if (e.kind === 'comment') return 'green';
  if (e.kind === 'escalated' || e.kind === 'sla_breach') return 'red';
  if (e.kind === 'sla_warning') return 'orange';
  return 'blue';
}

function EventContent({ e, markPublic }: { e: CaseEvent; markPublic: boolean }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%', minWidth: 0 }}>
      <Space size={4} wrap>
        <Typography.Text strong>{t(`cases.timeline.kinds.${e.kind}`, e.kind)}</Typography.Text>
        {e.fromStatus && e.toStatus ? (
          <>
            <StatusTag status={e.fromStatus} />→<StatusTag status={e.toStatus} />
          </>
        ) : e.toStatus ? (
          <StatusTag status={e.toStatus} />
        ) : null}
        {e.visibility === 'internal' ? (
          <Tag icon={<LockOutlined />} color="orange">
            {t('cases.timeline.internal')}
          </Tag>
        ) : markPublic ? (
          <Tag icon={<EyeOutlined />}>{t('cases.timeline.public')}</Tag>
        ) : null}
      </Space>
      {e.body && (
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {e.body}
        </Typography.Paragraph>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatTime(e.at)} · {e.actorName ?? t('cases.timeline.system')}
      </Typography.Text>
    </Space>
  );
}

/** The case's history, oldest first, and the comment box under it. */
export function CaseTimeline({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const events = useCaseEvents(c.id);
  const refresh = useCaseRefresh(c.id);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const send = useMutation({
    mutationFn: () =>
      casesApi.comment(c.id, {
        body: text.trim(),
        visibility: internal && c.can.commentInternal ? 'internal' : 'public',
      }),
    onSuccess: async () => {
      setText('');
      void message.success(t('cases.timeline.sent'));
      await refresh();
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const items = [...(events.data?.items ?? [])].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <div data-testid="case-timeline">
      {events.isPending ? (
        <Skeleton active />
      ) : events.isError ? (
        <Alert type="error" showIcon title={errorText(events.error, t)} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.timeline.empty')} />
      ) : (
        <Timeline
          items={items.map((e) => ({
            key: e.id,
            color: colour(e),
            content: <EventContent e={e} markPublic={c.can.commentInternal} />,
          }))}
        />
      )}
      {c.can.comment && (
        <Space orientation="vertical" style={{ width: '100%' }} size={8}>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={5000}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={t('cases.timeline.commentPlaceholder')}
            aria-label={t('cases.timeline.comment')}
            data-testid="comment-input"
          />
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
            {c.can.commentInternal ? (
              <label style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
                <Switch size="small" checked={internal} onChange={setInternal} />
                {t('cases.timeline.internalToggle')}
              </label>
            ) : (
              <span />
            )}
            <Button
              type="primary"
              disabled={!text.trim()}
              loading={send.isPending}
              onClick={() => send.mutate()}
              data-testid="comment-send"
            >
              {t('cases.timeline.send')}
            </Button>
          </div>
        </Space>
      )}
    </div>
  );
}
