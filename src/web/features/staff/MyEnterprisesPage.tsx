import { Card, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { staffApi, type MyEnterprise } from './api.ts';

const STATUS_COLORS: Record<string, string> = {
  operating: 'green',
  resumed: 'blue',
  suspended: 'orange',
  closed: 'default',
};

function EnterpriseCard({ org }: { org: MyEnterprise }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ width: '100%' }}>
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
          <Typography.Text strong style={{ fontSize: 16 }}>
            {org.name}
          </Typography.Text>
          <Tag color={STATUS_COLORS[org.status] ?? 'default'}>
            {t(`staff.orgStatus.${org.status}`, org.status)}
          </Tag>
        </Space>
        {org.address || org.areaName ? (
          <Typography.Text type="secondary">
            <EnvironmentOutlined /> {[org.areaName, org.address].filter(Boolean).join(' · ')}
          </Typography.Text>
        ) : null}
        {org.contactName || org.contactPhoneMasked ? (
          // The number is masked: the button is a placeholder until a reveal-and-call flow exists.
          <a
            href="#"
            onClick={(e) => e.preventDefault()}
            title={t('staff.my.callHint')}
            style={{ display: 'block', padding: '8px 0', fontSize: 15 }}
          >
            <PhoneOutlined /> {t('staff.my.contact')}：{org.contactName ?? ''} {org.contactPhoneMasked ?? ''}
          </a>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('staff.my.since', { date: formatTime(org.since) })}
        </Typography.Text>
      </Space>
    </Card>
  );
}

/** 我的企业: a liaison's enterprises as cards, laid out for a phone first. */
export function MyEnterprisesPage() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['staff', 'my-enterprises'], queryFn: staffApi.myEnterprises });
  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Typography.Title level={3}>{t('staff.my.title')}</Typography.Title>
      {mine.isPending ? (
        <Skeleton active />
      ) : mine.isError ? (
        <Empty description={errorText(mine.error, t)} />
      ) : mine.data.staffId === null ? (
        <Empty description={t('staff.my.noStaff')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('staff.my.count', { count: mine.data.items.length })}
          </Typography.Paragraph>
          <List
            dataSource={mine.data.items}
            locale={{ emptyText: <Empty description={t('staff.my.empty')} /> }}
            renderItem={(org) => (
              <List.Item style={{ padding: '6px 0', border: 'none' }}>
                <EnterpriseCard org={org} />
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}
