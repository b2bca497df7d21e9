import { Card, Descriptions, Result, Spin, Tag, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { useLang } from '../../session.ts';
import { publicApi } from './api.ts';

/** A resident follows a request by the link shown after submitting: /r/track/<token>. No sign-in. */
export function TrackPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { lang } = useLang();
  const tracked = useQuery({ queryKey: ['public-track', token], queryFn: () => publicApi.track(token) });
  const wrap = (children: React.ReactNode) => (
    <div style={{ maxWidth: 480, margin: '0 auto', padding: 12 }}>{children}</div>
  );
  if (tracked.isPending) return wrap(<Spin style={{ display: 'block', marginTop: 80 }} />);
  if (tracked.isError) {
    const missing =
      tracked.error instanceof ApiError && (tracked.error.status === 404 || tracked.error.status === 400);
    return wrap(
      <Result
        status={missing ? '404' : 'warning'}
        title={missing ? t('publicRequest.trackMissing') : errorText(tracked.error, t)}
      />,
    );
  }
  const r = tracked.data;
  const label = (group: 'statuses' | 'events', key: string) =>
    i18n.exists(`publicRequest.${group}.${key}`) ? t(`publicRequest.${group}.${key}`) : key;
  return wrap(
    <Card
      title={
        <span>
          {t('publicRequest.trackTitle')} · <span data-testid="track-code">{r.code}</span>
        </span>
      }
      extra={<Tag color={r.open ? 'processing' : 'success'}>{label('statuses', r.status)}</Tag>}
    >
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('publicRequest.type')}>
          {lang === 'en-US' ? r.typeName.en : r.typeName.zh}
        </Descriptions.Item>
        {r.placeName ? (
          <Descriptions.Item label={t('publicRequest.place')}>{r.placeName}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('publicRequest.submittedAt')}>
          {formatTime(r.createdAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('publicRequest.updatedAt')}>{formatTime(r.updatedAt)}</Descriptions.Item>
        {r.resolution ? (
          <Descriptions.Item label={t('publicRequest.resolution')}>{r.resolution}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={5}>{t('publicRequest.timeline')}</Typography.Title>
      {r.events.length === 0 ? (
        <Typography.Text type="secondary">{t('publicRequest.noUpdates')}</Typography.Text>
      ) : (
        <Timeline
          items={[...r.events].reverse().map((e) => ({
            key: e.id,
            content: (
              <div>
                <Typography.Text strong>
                  {e.toStatus && e.kind !== 'created'
                    ? label('statuses', e.toStatus)
                    : label('events', e.kind)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {formatTime(e.at)}
                </Typography.Text>
                {e.body ? (
                  <Typography.Paragraph style={{ marginBottom: 0 }}>{e.body}</Typography.Paragraph>
                ) : null}
              </div>
            ),
          }))}
        />
      )}
    </Card>,
  );
}
