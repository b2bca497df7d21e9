import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Grid,
  Input,
  List,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { RESIDENT_TYPES, SPECIAL_GROUPS } from '../../../shared/registries.ts';
import { errorText } from '../../api.ts';
import { useCan } from '../../session.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { downloadPeople, peopleApi, type PeopleFilters, type Person } from './api.ts';
import type { ResidentType } from './types.ts';

function PersonTags({ person }: { person: Person }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag>{t(`people.residentTypes.${person.residentType}`)}</Tag>
      {person.specialGroups.map((g) => (
        <Tag key={g} color="orange">
          {t(`people.specialGroupNames.${g}`)}
        </Tag>
      ))}
    </>
  );
}

export function PeopleList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const canManage = useCan('people:manage');
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<PeopleFilters>({ sort: 'name' });
  const [exporting, setExporting] = useState(false);

  const people = useInfiniteQuery({
    queryKey: ['people', filters],
    queryFn: ({ pageParam }) => peopleApi.list(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = people.data?.pages.flatMap((p) => p.items) ?? [];
  const open = (id: string) => void navigate(id);

  const exportAs = async (format: 'xlsx' | 'csv') => {
    setExporting(true);
    try {
      await downloadPeople(filters, format);
    } catch {
      void message.error(t('people.exportFailed'));
    } finally {
      setExporting(false);
    }
  };

  const toolbar = (
    <Space orientation="vertical" style={{ width: '100%' }} size={8}>
      <Input.Search
        allowClear
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(value) => setFilters((f) => ({ ...f, q: value.trim() || undefined }))}
        placeholder={t('people.searchPlaceholder')}
        enterButton
        aria-label={t('people.searchPlaceholder')}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('people.searchHint')}
      </Typography.Text>
      <Space wrap style={{ width: '100%' }}>
        <div style={{ width: isMobile ? '100%' : 260 }}>
          <AreaSelect
            allowClear
            placeholder={t('people.areaFilterPlaceholder')}
            value={filters.areaId}
            onChange={(areaId) => setFilters((f) => ({ ...f, areaId }))}
          />
        </div>
        <Select<ResidentType | ''>
          style={{ width: isMobile ? '100%' : 140 }}
          value={filters.residentType ?? ''}
          onChange={(v) => setFilters((f) => ({ ...f, residentType: v || undefined }))}
          options={[
            { value: '', label: `${t('people.residentType')}: ${t('people.all')}` },
            ...RESIDENT_TYPES.map((r) => ({ value: r, label: t(`people.residentTypes.${r}`) })),
          ]}
        />
        <Select<string>
          style={{ width: isMobile ? '100%' : 160 }}
          value={filters.specialGroup ?? ''}
          onChange={(v) => setFilters((f) => ({ ...f, specialGroup: v || undefined }))}
          options={[
            { value: '', label: `${t('people.specialGroup')}: ${t('people.all')}` },
            ...SPECIAL_GROUPS.map((g) => ({ value: g, label: t(`people.specialGroupNames.${g}`) })),
          ]}
        />
        <Select<'name' | 'updatedAt'>
          style={{ width: isMobile ? '100%' : 140 }}
          value={filters.sort ?? 'name'}
          onChange={(sort) => setFilters((f) => ({ ...f, sort }))}
          options={[
            { value: 'name', label: t('people.sortName') },
            { value: 'updatedAt', label: t('people.sortUpdated') },
          ]}
        />
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: t('people.exportXlsx') },
              { key: 'csv', label: t('people.exportCsv') },
            ],
            onClick: ({ key }) => void exportAs(key === 'csv' ? 'csv' : 'xlsx'),
          }}
        >
          <Button icon={<DownloadOutlined />} loading={exporting}>
            {t('people.export')}
          </Button>
        </Dropdown>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('new')}>
            {t('people.add')}
          </Button>
        )}
      </Space>
    </Space>
  );

  const more = people.hasNextPage ? (
    <div style={{ textAlign: 'center', marginTop: 12 }}>
      <Button loading={people.isFetchingNextPage} onClick={() => void people.fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </div>
  ) : null;

  const empty = <Empty description={t('people.empty')} />;

  return (
    <Card title={t('people.title')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
      {toolbar}
      <div style={{ marginTop: 16 }}>
        {people.isError && <Alert type="error" showIcon title={errorText(people.error, t)} />}
        {isMobile ? (
          <List
            loading={people.isPending}
            dataSource={items}
            locale={{ emptyText: empty }}
            renderItem={(p) => (
              <List.Item key={p.id} onClick={() => open(p.id)} style={{ cursor: 'pointer' }}>
                <List.Item.Meta
                  title={
                    <Link to={p.id}>
                      {p.name}
                      {p.age !== null && (
                        <Typography.Text
                          type="secondary"
                          style={{ marginInlineStart: 8, fontWeight: 'normal' }}
                        >
                          {t('people.ageValue', { age: p.age })}
                        </Typography.Text>
                      )}
                    </Link>
                  }
                  description={
                    <Space orientation="vertical" size={2}>
                      <span>{[p.idNumberMasked, p.phoneMasked].filter(Boolean).join(' · ')}</span>
                      <span>{p.areaName}</span>
                      <span>
                        <PersonTags person={p} />
                      </span>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        ) : (
          <Table<Person>
            rowKey="id"
            loading={people.isPending}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: empty }}
            onRow={(p) => ({ onClick: () => open(p.id), style: { cursor: 'pointer' } })}
            columns={[
              {
                title: t('people.name'),
                dataIndex: 'name',
                render: (name: string, p) => <Link to={p.id}>{name}</Link>,
              },
              { title: t('people.idNumber'), dataIndex: 'idNumberMasked' },
              { title: t('people.phone'), dataIndex: 'phoneMasked' },
              { title: t('people.age'), dataIndex: 'age', width: 70 },
              { title: t('people.area'), dataIndex: 'areaName' },
              {
                title: t('people.household'),
                dataIndex: 'householdId',
                render: (id: string | null, p) =>
                  id ? (
                    <Link to={`households/${id}`} onClick={(e) => e.stopPropagation()}>
                      {p.householdRole ? t(`people.roles.${p.householdRole}`) : t('people.openHousehold')}
                    </Link>
                  ) : null,
              },
              { title: t('people.residentType'), render: (_: unknown, p) => <PersonTags person={p} /> },
            ]}
          />
        )}
        {more}
      </div>
    </Card>
  );
}
