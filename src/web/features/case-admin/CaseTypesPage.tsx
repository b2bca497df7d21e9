import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Grid, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { currentLang } from '../../i18n.ts';
import { caseAdminApi, type AdminCaseType } from './api.ts';
import { CaseTypeDrawer } from './CaseTypeDrawer.tsx';
import { TYPES_KEY, useSlaSummary } from './common.tsx';

/** The case types admin: every type (inactive too), edited in a drawer. */
export function CaseTypesPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const slaSummary = useSlaSummary();
  // One drawer for create (no type) and edit; closing keeps the type so the title holds while it slides out.
  const [drawer, setDrawer] = useState<{ open: boolean; type?: AdminCaseType }>({ open: false });
  const setEditing = (type: AdminCaseType) => setDrawer({ open: true, type });
  const list = useQuery({ queryKey: TYPES_KEY, queryFn: caseAdminApi.types });
  const rows = list.data?.items ?? [];
  const en = currentLang() === 'en-US';

  const names = (ty: AdminCaseType) => (
    <>
      <div>{en ? ty.name.en : ty.name.zh}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {en ? ty.name.zh : ty.name.en}
      </Typography.Text>
    </>
  );
  const submitters = (ty: AdminCaseType) => (
    <Space size={4} wrap>
      {ty.submitters.map((s) => (
        <Tag key={s}>{t(`caseAdmin.types.submitterKinds.${s}`)}</Tag>
      ))}
    </Space>
  );
  const status = (ty: AdminCaseType) =>
    ty.active ? <Tag color="green">{t('caseAdmin.active')}</Tag> : <Tag>{t('caseAdmin.inactive')}</Tag>;
  const edit = (ty: AdminCaseType) =>
    ty.can.update ? (
      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(ty)}>
        {t('caseAdmin.edit')}
      </Button>
    ) : null;
  const empty = <Empty description={list.isError ? errorText(list.error, t) : t('caseAdmin.types.empty')} />;

  return (
    <Card
      title={t('caseAdmin.types.title')}
      size={narrow ? 'small' : 'default'}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDrawer({ open: true })}
          aria-label={t('caseAdmin.types.create')}
        >
          {narrow ? null : t('caseAdmin.types.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('caseAdmin.types.intro')}</Typography.Paragraph>
      {list.isPending ? (
        <Skeleton active />
      ) : narrow ? (
        <List<AdminCaseType>
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(ty) => (
            <List.Item style={{ flexWrap: 'wrap', gap: 8 }} data-testid="case-type-row">
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <a onClick={() => setEditing(ty)}>{en ? ty.name.en : ty.name.zh}</a>
                    {status(ty)}
                  </Space>
                }
                description={
                  <>
                    <div style={{ wordBreak: 'break-all' }}>
                      {ty.code} · {t(`caseAdmin.types.subjectKinds.${ty.subjectKind}`)}
                    </div>
                    <div>{slaSummary(ty.sla)}</div>
                    {submitters(ty)}
                  </>
                }
              />
              {edit(ty)}
            </List.Item>
          )}
        />
      ) : (
        <Table<AdminCaseType>
          rowKey="id"
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          onRow={() => ({ 'data-testid': 'case-type-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('caseAdmin.types.name'), key: 'name', render: (_, ty) => names(ty) },
            {
              title: t('caseAdmin.types.code'),
              key: 'code',
              render: (_, ty) => (
                <Typography.Text style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {ty.code}
                </Typography.Text>
              ),
            },
            {
              title: t('caseAdmin.types.subjectKind'),
              key: 'subject',
              render: (_, ty) => t(`caseAdmin.types.subjectKinds.${ty.subjectKind}`),
            },
            { title: t('caseAdmin.types.submitters'), key: 'submitters', render: (_, ty) => submitters(ty) },
            { title: t('caseAdmin.types.sections.sla'), key: 'sla', render: (_, ty) => slaSummary(ty.sla) },
            { title: t('caseAdmin.types.status'), key: 'active', render: (_, ty) => status(ty) },
            { title: t('caseAdmin.types.actions'), key: 'actions', render: (_, ty) => edit(ty) },
          ]}
        />
      )}
      <CaseTypeDrawer
        open={drawer.open}
        type={drawer.type}
        onClose={() => setDrawer((d) => ({ ...d, open: false }))}
        onReloaded={setEditing}
      />
    </Card>
  );
}
