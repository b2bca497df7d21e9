import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Grid,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { errorText } from '../../api.ts';
import { formatTime } from '../../i18n.ts';
import { recordsApi, type RecordForm } from './api.ts';
import { loc } from './common.tsx';
import { FormVersionDrawer } from './FormVersionDrawer.tsx';
import { RetentionPanel } from './RetentionPanel.tsx';

const ADMIN_FORMS_KEY = ['records', 'forms', 'admin'] as const;

function FieldsTable({ fields }: { fields: FieldSpec[] }) {
  const { t } = useTranslation();
  const limits = (f: FieldSpec) =>
    [
      f.min !== undefined || f.max !== undefined ? `${f.min ?? '…'}–${f.max ?? '…'}` : '',
      f.unit ? loc(f.unit) : '',
      f.options?.length ? f.options.map((o) => loc(o.label)).join('、') : '',
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <Table<FieldSpec>
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={fields}
      scroll={{ x: 'max-content' }}
      data-testid="version-fields"
      columns={[
        {
          title: t('records.forms.label'),
          render: (_: unknown, f) => (
            <div>
              {loc(f.label)}
              {f.required && <Typography.Text type="danger"> *</Typography.Text>}
              <Typography.Text
                type="secondary"
                style={{ display: 'block', fontSize: 12, fontFamily: 'monospace' }}
              >
                {f.key}
              </Typography.Text>
            </div>
          ),
        },
        { title: t('records.forms.type'), render: (_: unknown, f) => t(`formFields.types.${f.type}`) },
        {
          title: t('records.forms.limits'),
          render: (_: unknown, f) => <span style={{ fontSize: 12 }}>{limits(f) || '—'}</span>,
        },
      ]}
    />
  );
}

/** One form: its versions (each version's fields), a new version, on or off. */
function FormDrawer({
  form,
  onClose,
  onNewVersion,
}: {
  form: RecordForm | null;
  onClose(): void;
  onNewVersion(current: RecordForm): void;
}) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [picked, setPicked] = useState<number | undefined>();
  const versions = useQuery({
    queryKey: ['records', 'versions', form?.key],
    queryFn: () => recordsApi.versions(form?.key ?? ''),
    enabled: Boolean(form),
  });
  const list = [...(versions.data?.items ?? [])].sort((a, b) => b.version - a.version);
  const shown = list.find((v) => v.version === picked) ?? list[0];
  const latest = list[0] ?? form;
  return (
    <Drawer
      open={Boolean(form)}
      onClose={() => {
        setPicked(undefined);
        onClose();
      }}
      size={screens.md ? 720 : '100%'}
      destroyOnHidden
      title={form ? loc(form.name) : ''}
      extra={
        latest && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => onNewVersion(latest)}
            data-testid="new-version"
          >
            {t('records.forms.newVersion')}
          </Button>
        )
      }
    >
      {versions.isError && <Alert type="error" showIcon title={errorText(versions.error, t)} />}
      {versions.isPending ? (
        <Skeleton active />
      ) : !shown ? (
        <Empty />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Select<number>
            value={shown.version}
            onChange={setPicked}
            style={{ width: '100%' }}
            aria-label={t('records.forms.version')}
            options={list.map((v) => ({
              value: v.version,
              label: `${t('records.forms.versionN', { version: v.version })}${
                v.createdAt ? ` · ${formatTime(v.createdAt)}` : ''
              }${v.version === list[0]?.version ? ` · ${t('records.forms.currentVersion')}` : ''}`,
            }))}
          />
          {shown.description && <Typography.Paragraph>{loc(shown.description)}</Typography.Paragraph>}
          <FieldsTable fields={shown.fields} />
        </Space>
      )}
    </Drawer>
  );
}

function FormsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const client = useQueryClient();
  const [open, setOpen] = useState<RecordForm | null>(null);
  const [editing, setEditing] = useState<RecordForm | null>(null);
  const forms = useQuery({ queryKey: ADMIN_FORMS_KEY, queryFn: recordsApi.allForms });
  const toggle = useMutation({
    mutationFn: (f: RecordForm) => recordsApi.setFormActive(f.key, !f.active),
    onSuccess: async (saved) => {
      void message.success(saved.active ? t('records.forms.activated') : t('records.forms.deactivated'));
      await client.invalidateQueries({ queryKey: ['records'] });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const expectation = (f: RecordForm) =>
    f.expectation
      ? t(`records.forms.expectations.${f.expectation.subjects}`, { perDay: f.expectation.perDay })
      : t('records.forms.noExpectation');
  return (
    <>
      {forms.isError && <Alert type="error" showIcon title={errorText(forms.error, t)} />}
      <Table<RecordForm>
        rowKey="key"
        loading={forms.isPending}
        dataSource={forms.data?.items ?? []}
        pagination={false}
        scroll={{ x: screens.md ? undefined : 'max-content' }}
        locale={{ emptyText: <Empty description={t('records.forms.empty')} /> }}
        onRow={(f) => ({ onClick: () => setOpen(f), style: { cursor: 'pointer' } })}
        data-testid="forms-table"
        columns={[
          {
            title: t('records.forms.name'),
            render: (_: unknown, f) => (
              <div>
                <a>{loc(f.name)}</a>
                <Typography.Text
                  type="secondary"
                  style={{ display: 'block', fontSize: 12, fontFamily: 'monospace' }}
                >
                  {f.key}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t('records.forms.version'),
            width: 80,
            render: (_: unknown, f) => `v${f.version}`,
          },
          {
            title: t('records.forms.subject'),
            width: 100,
            render: (_: unknown, f) => t(`records.subjectKinds.${f.subjectKind}`),
          },
          {
            title: t('records.forms.expectation'),
            render: (_: unknown, f) => <span style={{ fontSize: 12 }}>{expectation(f)}</span>,
          },
          {
            title: t('records.forms.channels'),
            render: (_: unknown, f) => (
              <Space size={[0, 4]} wrap>
                {f.channels.map((c) => (
                  <Tag key={c}>{t(`records.channels.${c}`)}</Tag>
                ))}
                {f.offline && <Tag color="green">{t('records.forms.offline')}</Tag>}
                {f.healthData && <Tag color="red">{t('records.forms.healthData')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('records.forms.status'),
            width: 110,
            render: (_: unknown, f) => (
              <span onClick={(e) => e.stopPropagation()}>
                <Popconfirm
                  title={f.active ? t('records.forms.deactivateConfirm') : t('records.forms.activateConfirm')}
                  onConfirm={() => toggle.mutate(f)}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                >
                  <Switch
                    checked={f.active}
                    loading={toggle.isPending && toggle.variables?.key === f.key}
                    checkedChildren={t('records.forms.active')}
                    unCheckedChildren={t('records.forms.inactive')}
                  />
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />
      <FormDrawer form={open} onClose={() => setOpen(null)} onNewVersion={(f) => setEditing(f)} />
      <FormVersionDrawer form={editing} onClose={() => setEditing(null)} />
    </>
  );
}

/** /record-forms: the forms as data (versions, fields, on/off) and their retention. */
export function RecordFormsPage() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'retention' ? 'retention' : 'forms';
  return (
    <Card
      title={t('records.forms.title')}
      styles={{ body: { padding: screens.md ? '0 24px 24px' : '0 12px 12px' } }}
      data-testid="record-forms-page"
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'forms' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'forms', label: t('records.forms.tab'), children: <FormsTab /> },
          { key: 'retention', label: t('records.retention.tab'), children: <RetentionPanel /> },
        ]}
      />
    </Card>
  );
}
