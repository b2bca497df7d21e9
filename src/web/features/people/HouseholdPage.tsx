import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Grid, List, Skeleton, Space, Tag } from 'antd';
import { ArrowLeftOutlined, KeyOutlined, UserAddOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { peopleApi } from './api.ts';
import { MemberModal } from './MemberModal.tsx';
import { DwellingHouseholds } from './DwellingHouseholds.tsx';
import { dwellingText, TenancyPanel } from './PersonDetailPage.tsx';
import { TenancyModal } from './TenancyModal.tsx';

export function HouseholdPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [dialog, setDialog] = useState<'member' | 'tenancy' | null>(null);
  const detail = useQuery({ queryKey: ['household', id], queryFn: () => peopleApi.household(id) });
  if (detail.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;
  const { household, members, dwelling, tenancy } = detail.data;
  const none = t('people.none');
  const padding = { body: { padding: screens.md ? 24 : 12 } };
  const manage = household.can.manage;
  const changed = () => {
    setDialog(null);
    void client.invalidateQueries({ queryKey: ['household', id] });
    void client.invalidateQueries({ queryKey: ['people'] });
    void client.invalidateQueries({ queryKey: ['person'] });
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate(-1)}
        style={{ padding: 0 }}
      >
        {t('common.back')}
      </Button>
      <Card title={t('people.householdTitle')} styles={padding}>
        <Descriptions
          column={screens.md ? 2 : 1}
          size="small"
          items={[
            { key: 'area', label: t('people.area'), children: household.areaName ?? none },
            { key: 'dwelling', label: t('people.dwelling'), children: dwellingText(dwelling, none) },
            {
              key: 'type',
              label: t('people.residentType'),
              children: (
                <Space wrap>
                  <Tag>{t(`people.residentTypes.${household.residentType}`)}</Tag>
                  {household.singleRenter && <Tag color="blue">{t('people.singleRenter')}</Tag>}
                </Space>
              ),
            },
            { key: 'note', label: t('people.note'), children: household.note ?? none },
          ]}
        />
      </Card>
      <Card
        title={`${t('people.members')} · ${t('people.memberCount', { count: members.length })}`}
        styles={padding}
        extra={
          manage && (
            <Button icon={<UserAddOutlined />} onClick={() => setDialog('member')}>
              {t('people.addMember')}
            </Button>
          )
        }
      >
        <List
          dataSource={members}
          locale={{
            emptyText: <Empty description={t('people.noMembers')} image={Empty.PRESENTED_IMAGE_SIMPLE} />,
          }}
          renderItem={(m) => (
            <List.Item key={m.id}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/people/${m.id}`}>{m.name}</Link>
                    {m.householdRole && <Tag>{t(`people.roles.${m.householdRole}`)}</Tag>}
                  </Space>
                }
                description={[m.idNumberMasked, m.phoneMasked].filter(Boolean).join(' · ')}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={t('people.tenancy')}
        styles={padding}
        extra={
          manage &&
          !tenancy && (
            <Button icon={<KeyOutlined />} onClick={() => setDialog('tenancy')}>
              {t('people.startTenancy')}
            </Button>
          )
        }
      >
        <TenancyPanel tenancy={tenancy} onChanged={changed} />
      </Card>
      {dwelling && (
        <Card title={t('people.otherHouseholdsHere')} styles={padding}>
          <DwellingHouseholds
            dwellingId={dwelling.id}
            exclude={household.id}
            emptyText={t('people.noOtherHouseholds')}
          />
        </Card>
      )}
      {dialog === 'member' && (
        <MemberModal
          householdId={household.id}
          hasHead={members.some((m) => m.householdRole === 'head')}
          onClose={() => setDialog(null)}
          onAdded={changed}
        />
      )}
      {dialog === 'tenancy' && (
        <TenancyModal householdId={household.id} onClose={() => setDialog(null)} onCreated={changed} />
      )}
    </Space>
  );
}
