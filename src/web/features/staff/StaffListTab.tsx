import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Empty, Input, List, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { staffApi, type StaffFilter, type StaffMember } from './api.ts';
import { StaffDetailDrawer } from './StaffDetailDrawer.tsx';
import { StaffFormModal } from './StaffFormModal.tsx';

export function StaffListTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [onlyActive, setOnlyActive] = useState(true);
  const [openId, setOpenId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const canCreate = useMe().permissions.includes('staff:manage');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const filter: StaffFilter = { q: q || undefined, departmentId, active: onlyActive ? true : undefined };
  const departments = useQuery({ queryKey: ['staff', 'departments'], queryFn: () => staffApi.departments() });
  const list = useInfiniteQuery({
    queryKey: ['staff', 'list', filter],
    queryFn: ({ pageParam }) => staffApi.staff({ ...filter, cursor: pageParam, limit: 30 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const status = (s: StaffMember) =>
    s.active ? <Tag color="green">{t('staff.list.active')}</Tag> : <Tag>{t('staff.list.inactive')}</Tag>;
  const empty = <Empty description={list.isError ? errorText(list.error, t) : t('staff.list.empty')} />;

  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12, width: '100%' }}>
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('staff.staffForm.create')}
          </Button>
        ) : null}
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('staff.list.searchPlaceholder')}
          style={{ width: narrow ? '100%' : 260 }}
        />
        <Select
          allowClear
          value={departmentId}
          onChange={setDepartmentId}
          placeholder={t('staff.list.allDepartments')}
          style={{ width: narrow ? '100%' : 200 }}
          options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
        />
        <Checkbox checked={onlyActive} onChange={(e) => setOnlyActive(e.target.checked)}>
          {t('staff.list.onlyActive')}
        </Checkbox>
        <Button icon={<DownloadOutlined />} href={staffApi.exportUrl(filter, 'xlsx')}>
          {t('staff.list.exportXlsx')}
        </Button>
        <Button icon={<DownloadOutlined />} href={staffApi.exportUrl(filter, 'csv')}>
          {t('staff.list.exportCsv')}
        </Button>
      </Space>
      {narrow ? (
        <List
          loading={list.isPending}
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(s) => (
            <List.Item onClick={() => setOpenId(s.id)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    {s.name}
                    {status(s)}
                  </Space>
                }
                description={[s.title, s.departmentName, s.areaName, s.phoneMasked]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<StaffMember>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          onRow={(s) => ({ onClick: () => setOpenId(s.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('staff.list.name'),
              key: 'name',
              render: (_, s) => <Typography.Link onClick={() => setOpenId(s.id)}>{s.name}</Typography.Link>,
            },
            { title: t('staff.list.phone'), dataIndex: 'phoneMasked' },
            { title: t('staff.list.department'), dataIndex: 'departmentName' },
            { title: t('staff.list.title'), dataIndex: 'title' },
            { title: t('staff.list.area'), dataIndex: 'areaName' },
            { title: t('staff.list.status'), key: 'status', render: (_, s) => status(s) },
          ]}
        />
      )}
      {list.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <StaffDetailDrawer staffId={openId} narrow={narrow} onClose={() => setOpenId(undefined)} />
      <StaffFormModal open={creating} onClose={() => setCreating(false)} onSaved={(m) => setOpenId(m.id)} />
    </Card>
  );
}
