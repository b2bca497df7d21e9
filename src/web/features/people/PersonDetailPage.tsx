import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Grid,
  List,
  Popconfirm,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowLeftOutlined,
  EditOutlined,
  EyeInvisibleOutlined,
  EyeOutlined,
  HomeOutlined,
  KeyOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { peopleApi, type Dwelling, type Tenancy } from './api.ts';
import { TenancyModal } from './TenancyModal.tsx';

export function dwellingText(d: Dwelling | null, none: string): string {
  if (!d) return none;
  return [d.compoundName, d.label].filter(Boolean).join(' ');
}

/** Today on the user's calendar (toISOString would give the UTC day, wrong before 08:00 in China). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The tenancy and its landlord (masked), with "end" on a chosen date for those who may. */
export function TenancyPanel({ tenancy, onChanged }: { tenancy: Tenancy | null; onChanged(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [endOn, setEndOn] = useState<Dayjs | null>(null);
  if (!tenancy) return <Typography.Text type="secondary">{t('people.noTenancy')}</Typography.Text>;
  const today = localToday();
  // Not in the future, not before the start (a tenancy starting later may end on its first day).
  const latest = today < tenancy.startDate ? tenancy.startDate : today;
  const outOfRange = (day: Dayjs) => {
    const date = day.format('YYYY-MM-DD');
    return date < tenancy.startDate || date > latest;
  };
  const end = async () => {
    if (!endOn) return;
    setBusy(true);
    try {
      await peopleApi.endTenancy(tenancy.id, endOn.format('YYYY-MM-DD'));
      void message.success(t('people.tenancyEnded'));
      onChanged();
    } catch (caught) {
      void message.error(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Descriptions
      column={1}
      size="small"
      items={[
        {
          key: 'landlord',
          label: t('people.landlord'),
          children: tenancy.landlord ? (
            <Space wrap>
              <Link to={`/people/${tenancy.landlord.id}`}>{tenancy.landlord.name}</Link>
              <span>{tenancy.landlord.phoneMasked}</span>
            </Space>
          ) : (
            t('people.none')
          ),
        },
        { key: 'start', label: t('people.tenancyStart'), children: tenancy.startDate },
        {
          key: 'end',
          label: t('people.tenancyEnd'),
          children: tenancy.endDate ?? (
            <Space>
              <span>—</span>
              {tenancy.can.end && (
                <Popconfirm
                  title={t('people.endTenancyConfirm')}
                  description={
                    <Space orientation="vertical" size={4}>
                      <span>{t('people.tenancyEndPick')}</span>
                      <DatePicker
                        value={endOn}
                        onChange={(day: Dayjs | null) => setEndOn(day)}
                        disabledDate={outOfRange}
                        allowClear={false}
                        id="tenancyEndDate"
                      />
                    </Space>
                  }
                  onOpenChange={(open) => {
                    if (open) setEndOn(null);
                  }}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, disabled: !endOn }}
                  onConfirm={() => end()}
                >
                  <Button size="small" danger loading={busy}>
                    {t('people.endTenancy')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

export function PersonDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const [clear, setClear] = useState<{ idNumber: string | null; phone: string | null } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [addingTenant, setAddingTenant] = useState(false);
  const detail = useQuery({ queryKey: ['person', id], queryFn: () => peopleApi.get(id) });
  const tenants = useQuery({
    queryKey: ['personTenants', id],
    queryFn: () => peopleApi.tenants(id),
    enabled: (detail.data?.tenantHouseholdCount ?? 0) > 0,
  });

  if (detail.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (detail.isError) return <Alert type="error" showIcon title={errorText(detail.error, t)} />;
  const { person, household, dwelling, tenancy } = detail.data;
  const refresh = () => void client.invalidateQueries({ queryKey: ['person', id] });

  const reveal = async () => {
    setRevealing(true);
    try {
      setClear(await peopleApi.reveal(person.id));
    } catch (caught) {
      void message.error(errorText(caught, t));
    } finally {
      setRevealing(false);
    }
  };

  const numbers = clear ?? { idNumber: person.idNumberMasked, phone: person.phoneMasked };
  const none = t('people.none');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate('/people')}
        style={{ padding: 0 }}
      >
        {t('common.back')}
      </Button>
      <Card
        title={person.name}
        styles={{ body: { padding: isMobile ? 12 : 24 } }}
        extra={
          <Space wrap>
            {person.can.reveal &&
              (clear ? (
                <Button icon={<EyeInvisibleOutlined />} onClick={() => setClear(null)}>
                  {t('people.hide')}
                </Button>
              ) : (
                <Popconfirm
                  title={t('people.revealConfirm')}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => reveal()}
                >
                  <Button icon={<EyeOutlined />} loading={revealing}>
                    {t('people.reveal')}
                  </Button>
                </Popconfirm>
              ))}
            {person.can.update && (
              <Button icon={<EditOutlined />} onClick={() => void navigate(`/people/${person.id}/edit`)}>
                {t('people.edit')}
              </Button>
            )}
          </Space>
        }
      >
        {clear && <Alert type="warning" showIcon title={t('people.revealed')} style={{ marginBottom: 12 }} />}
        <Descriptions
          column={isMobile ? 1 : 2}
          size="small"
          items={[
            { key: 'idType', label: t('people.idType'), children: t(`people.idTypes.${person.idType}`) },
            { key: 'idNumber', label: t('people.idNumber'), children: numbers.idNumber ?? none },
            { key: 'phone', label: t('people.phone'), children: numbers.phone ?? none },
            {
              key: 'gender',
              label: t('people.gender'),
              children: person.gender ? t(`people.genders.${person.gender}`) : none,
            },
            {
              key: 'birth',
              label: t('people.birthDate'),
              children: person.birthDate
                ? `${person.birthDate}${person.age !== null ? ` (${t('people.ageValue', { age: person.age })})` : ''}`
                : none,
            },
            { key: 'area', label: t('people.area'), children: person.areaName ?? none },
            {
              key: 'type',
              label: t('people.residentType'),
              children: t(`people.residentTypes.${person.residentType}`),
            },
            {
              key: 'groups',
              label: t('people.specialGroups'),
              children: person.specialGroups.length
                ? person.specialGroups.map((g) => (
                    <Tag key={g} color="orange">
                      {t(`people.specialGroupNames.${g}`)}
                    </Tag>
                  ))
                : none,
            },
            { key: 'note', label: t('people.note'), children: person.note ?? none },
            { key: 'updated', label: t('people.updatedAt'), children: formatTime(person.updatedAt) },
          ]}
        />
      </Card>
      <Card title={t('people.household')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        {household ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Link to={`/people/households/${household.id}`}>{t('people.openHousehold')}</Link>
              {person.householdRole && <Tag>{t(`people.roles.${person.householdRole}`)}</Tag>}
              <Tag>{t(`people.residentTypes.${household.residentType}`)}</Tag>
              {household.singleRenter && <Tag color="blue">{t('people.singleRenter')}</Tag>}
              <span>{t('people.memberCount', { count: household.memberCount })}</span>
            </Space>
            <div>
              {t('people.dwelling')}: {dwellingText(dwelling, none)}
            </div>
            <Typography.Title level={5} style={{ marginTop: 8 }}>
              {t('people.tenancy')}
            </Typography.Title>
            <TenancyPanel tenancy={tenancy} onChanged={refresh} />
          </Space>
        ) : (
          <Empty description={t('people.noHousehold')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
            {person.can.update && (
              <Button
                icon={<HomeOutlined />}
                onClick={() => void navigate(`/people/households/new?person=${person.id}`)}
              >
                {t('people.addHousehold')}
              </Button>
            )}
          </Empty>
        )}
      </Card>
      {(detail.data.tenantHouseholdCount > 0 || person.can.update) && (
        <Card
          title={t('people.tenants')}
          styles={{ body: { padding: isMobile ? 12 : 24 } }}
          extra={
            person.can.update && (
              <Button icon={<KeyOutlined />} onClick={() => setAddingTenant(true)}>
                {t('people.addTenant')}
              </Button>
            )
          }
        >
          <List
            loading={detail.data.tenantHouseholdCount > 0 && tenants.isPending}
            dataSource={detail.data.tenantHouseholdCount > 0 ? (tenants.data?.items ?? []) : []}
            locale={{
              emptyText: <Empty description={t('people.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />,
            }}
            renderItem={(item) => (
              <List.Item key={item.tenancyId}>
                <List.Item.Meta
                  title={
                    <Link to={`/people/households/${item.householdId}`}>
                      {dwellingText(item.dwelling, item.areaName ?? t('people.openHousehold'))}
                    </Link>
                  }
                  description={
                    <Space wrap>
                      <span>{t('people.memberCount', { count: item.memberCount })}</span>
                      {item.singleRenter && <Tag color="blue">{t('people.singleRenter')}</Tag>}
                      <span>
                        {t('people.tenancyStart')}: {item.startDate}
                      </span>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      {addingTenant && (
        <TenancyModal
          landlordId={person.id}
          onClose={() => setAddingTenant(false)}
          onCreated={() => {
            setAddingTenant(false);
            refresh();
            void client.invalidateQueries({ queryKey: ['personTenants', id] });
          }}
        />
      )}
    </Space>
  );
}
