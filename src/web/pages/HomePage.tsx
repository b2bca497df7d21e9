import { Alert, Button, Card, Descriptions, Skeleton, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, errorText } from '../api.ts';
import { useMe } from '../session.ts';

export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const health = useQuery({ queryKey: ['health'], queryFn: api.health, refetchInterval: 60_000 });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {t('home.scope', { scope: me.scopeName ?? t('menu.allCity') })}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          {t('home.role', { role: t(`roles.${me.role}`) })}
        </Typography.Paragraph>
        <Space wrap>
          {me.permissions.includes('areas:read') && (
            <Button type="primary" onClick={() => void navigate('/areas')}>
              {t('home.goAreas')}
            </Button>
          )}
          {me.permissions.includes('audit:read') && (
            <Button onClick={() => void navigate('/audit')}>{t('home.goAudit')}</Button>
          )}
        </Space>
      </Card>
      <Card title={t('home.health')}>
        {health.isPending && <Skeleton active paragraph={{ rows: 3 }} />}
        {health.isError && <Alert type="error" showIcon title={errorText(health.error, t)} />}
        {health.data && (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('home.status')}>{t('home.statusOk')}</Descriptions.Item>
            <Descriptions.Item label={t('home.database')}>
              {health.data.database.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.schemaVersion')}>
              {health.data.database.schemaVersion}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.migration')}>
              {health.data.database.migration ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.uptime')}>
              {t('home.uptimeValue', { minutes: Math.floor(health.data.uptimeSeconds / 60) })}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </Space>
  );
}
