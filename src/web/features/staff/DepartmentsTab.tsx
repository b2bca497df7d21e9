import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { useMe } from '../../session.ts';
import { staffApi, type Department } from './api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { isStaleVersion, showFieldErrors } from './fieldErrors.ts';

interface DepartmentValues {
  code: string;
  name: string;
  shortName?: string;
  areaId?: string;
  sortOrder?: number | null;
  active: boolean;
}

const FIELDS = ['code', 'name', 'shortName', 'areaId', 'sortOrder', 'active'] as const;

/** Create (no department) or edit (a department, sent with its version). */
export function DepartmentFormModal({
  department,
  open,
  onClose,
}: {
  department?: Department;
  open: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<DepartmentValues>();
  const save = useMutation({
    mutationFn: (v: DepartmentValues) => {
      const sortOrder = v.sortOrder ?? undefined;
      if (department) {
        return staffApi.updateDepartment(department.id, {
          version: department.version,
          name: v.name.trim(),
          shortName: v.shortName?.trim() ? v.shortName.trim() : null,
          sortOrder,
          active: v.active,
        });
      }
      return staffApi.createDepartment({
        code: v.code.trim(),
        name: v.name.trim(),
        shortName: v.shortName?.trim() || undefined,
        areaId: v.areaId ?? '',
        sortOrder,
      });
    },
    onSuccess: async () => {
      void message.success(t('staff.form.saved'));
      onClose();
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
    },
    onError: async (error) => {
      if (isStaleVersion(error)) {
        void message.warning(t('staff.form.stale'));
        onClose();
        await queryClient.invalidateQueries({ queryKey: ['staff'] });
        return;
      }
      if (!showFieldErrors(form, error, FIELDS)) void message.error(errorText(error, t));
    },
  });
  return (
    <Modal
      open={open}
      title={department ? t('staff.departments.edit') : t('staff.departments.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<DepartmentValues>
        form={form}
        layout="vertical"
        name="staff-department"
        initialValues={
          department
            ? {
                code: department.code,
                name: department.name,
                shortName: department.shortName ?? undefined,
                sortOrder: department.sortOrder,
                active: department.active,
              }
            : { active: true, sortOrder: 0 }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="code"
          label={t('staff.departments.code')}
          extra={department ? undefined : t('staff.departments.codeHint')}
          rules={[
            { required: true, message: t('staff.form.required') },
            { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('staff.departments.codeInvalid') },
          ]}
        >
          <Input disabled={Boolean(department)} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.departments.name')}
          rules={[{ required: true, whitespace: true, message: t('staff.form.required') }, { max: 100 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="shortName" label={t('staff.departments.shortName')} rules={[{ max: 40 }]}>
          <Input />
        </Form.Item>
        {department ? null : (
          <Form.Item
            name="areaId"
            label={t('staff.departments.area')}
            rules={[{ required: true, message: t('staff.form.required') }]}
          >
            <AreaSelect placeholder={t('staff.form.areaPlaceholder')} allowClear />
          </Form.Item>
        )}
        <Form.Item name="sortOrder" label={t('staff.form.sortOrder')}>
          <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        {department ? (
          <Form.Item name="active" label={t('staff.form.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

export function DepartmentsTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const [includeInactive, setIncludeInactive] = useState(false);
  const [editing, setEditing] = useState<Department | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['staff', 'departments', { includeInactive }],
    queryFn: () => staffApi.departments(includeInactive),
  });
  const canCreate = me.permissions.includes('staff:manage');
  const rows = list.data?.items ?? [];
  const status = (d: Department) => (d.active ? null : <Tag>{t('staff.list.inactive')}</Tag>);
  const edit = (d: Department) =>
    d.can.update ? (
      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(d)}>
        {t('staff.form.edit')}
      </Button>
    ) : null;
  const empty = (
    <Empty description={list.isError ? errorText(list.error, t) : t('staff.departments.empty')} />
  );
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
          {t('staff.departments.includeInactive')}
        </Checkbox>
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('staff.departments.create')}
          </Button>
        ) : null}
      </Space>
      {list.isPending ? (
        <Skeleton active />
      ) : narrow ? (
        <List
          dataSource={rows}
          locale={{ emptyText: empty }}
          renderItem={(d) => (
            <List.Item actions={d.can.update ? [edit(d)] : []}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    {d.name}
                    {status(d)}
                  </Space>
                }
                description={[d.shortName, d.code].filter(Boolean).join(' · ')}
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<Department>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: empty }}
          columns={[
            { title: t('staff.departments.name'), dataIndex: 'name' },
            { title: t('staff.departments.shortName'), dataIndex: 'shortName' },
            { title: t('staff.departments.code'), dataIndex: 'code' },
            { title: t('staff.list.status'), key: 'status', render: (_, d) => status(d) },
            { title: '', key: 'actions', render: (_, d) => edit(d) },
          ]}
        />
      )}
      <DepartmentFormModal open={creating} onClose={() => setCreating(false)} />
      {editing ? (
        <DepartmentFormModal
          key={`${editing.id}:${editing.version}`}
          department={editing}
          open
          onClose={() => setEditing(undefined)}
        />
      ) : null}
    </Card>
  );
}
