import { Alert, Card, Empty, Spin, Tag, Typography } from 'antd';
import { CloudOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { loc } from './api.ts';
import { formsFor, useEntryForms } from './forms.ts';
import { OutboxStatus, QueueBadge } from './OutboxBar.tsx';

/** /entry: the forms this user may fill in, offline-capable ones marked. */
export function EntryListPage() {
  const { t } = useTranslation();
  const me = useMe();
  const forms = useEntryForms();
  const mine = formsFor(forms.data?.items ?? [], me.role);
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }} data-testid="entry-list">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('fieldEntry.title')}
        </Typography.Title>
        <QueueBadge />
      </div>
      <Typography.Paragraph type="secondary">{t('fieldEntry.intro')}</Typography.Paragraph>
      <OutboxStatus />
      {forms.isPending && <Spin style={{ display: 'block', margin: 24 }} />}
      {forms.isError && (
        <Alert type="error" showIcon title={`${t('fieldEntry.loadFailed')}: ${errorText(forms.error, t)}`} />
      )}
      {forms.isSuccess && mine.length === 0 && <Empty description={t('fieldEntry.noForms')} />}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 12, marginTop: 12 }}>
        {mine.map((form) => (
          <Link
            key={form.key}
            to={`/entry/${encodeURIComponent(form.key)}`}
            data-testid={`entry-form-${form.key}`}
          >
            <Card
              hoverable
              styles={{ body: { display: 'flex', alignItems: 'center', gap: 12, padding: 16 } }}
            >
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ fontSize: 17, fontWeight: 600 }}>{loc(form.name)}</div>
                {form.description && (
                  <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>
                    {loc(form.description)}
                  </Typography.Text>
                )}
              </div>
              {form.offline && (
                <Tag icon={<CloudOutlined />} color="blue" style={{ marginInlineEnd: 0 }}>
                  {t('fieldEntry.offlineTag')}
                </Tag>
              )}
              <RightOutlined style={{ color: '#999' }} />
            </Card>
          </Link>
        ))}
      </div>
    </div>
  );
}
