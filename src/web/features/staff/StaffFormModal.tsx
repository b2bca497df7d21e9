import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select, Spin, Switch } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isValidPhone, normaliseIdentifier } from '../../../shared/identifiers.ts';
import { errorText } from '../../api.ts';
import { staffApi, type StaffMember } from './api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { isStaleVersion, showFieldErrors } from './fieldErrors.ts';

interface StaffValues {
  name: string;
  phone?: string;
  departmentId?: string | null;
  title?: string;
  areaId?: string;
  userId?: string;
  active: boolean;
}

const FIELDS = ['name', 'phone', 'departmentId', 'title', 'areaId', 'userId', 'active'] as const;
const phoneDigits = (raw: string) => normaliseIdentifier(raw).replace(/-/g, '');

/**
 * Searches the server, as the user types, for logins that may be linked: in the caller's scope and not
 * linked to another staff record (the edited record's own login stays listed).
 */
function LoginSelect({
  value,
  onChange,
  id,
  staffId,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  staffId?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['staff', 'logins', { q, staffId }],
    queryFn: () => staffApi.logins({ q: q || undefined, staffId, limit: 20 }),
  });
  const options = (found.data?.items ?? []).map((u) => ({
    value: u.id,
    label: `${u.displayName}（${u.username}）`,
  }));
  // The linked login may not be among the first matches; it still needs a readable label.
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: t('staff.staffForm.loginLinked') });
  }
  return (
    <Select
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(next?: string) => onChange?.(next)}
      placeholder={t('staff.staffForm.loginPlaceholder')}
      notFoundContent={found.isFetching ? <Spin size="small" /> : null}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

/**
 * Create (no member) or edit (sent with its version). On edit the phone is only ever shown masked:
 * an empty phone field keeps the stored number, a new one replaces it.
 */
export function StaffFormModal({
  member,
  open,
  onClose,
  onSaved,
}: {
  member?: StaffMember;
  open: boolean;
  onClose(): void;
  onSaved?: (saved: StaffMember) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StaffValues>();
  const departments = useQuery({
    queryKey: ['staff', 'departments', { includeInactive: false }],
    queryFn: () => staffApi.departments(false),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (v: StaffValues) => {
      const phone = v.phone?.trim() ? phoneDigits(v.phone) : undefined;
      const title = v.title?.trim() || undefined;
      const userId = v.userId || undefined;
      if (member) {
        return staffApi.updateStaff(member.id, {
          version: member.version,
          name: v.name.trim(),
          ...(phone ? { phone } : {}),
          departmentId: v.departmentId ?? null,
          title: title ?? null,
          userId: userId ?? null,
          ...(v.areaId ? { areaId: v.areaId } : {}),
          active: v.active,
        });
      }
      return staffApi.createStaff({
        name: v.name.trim(),
        phone,
        departmentId: v.departmentId ?? undefined,
        title,
        userId,
        areaId: v.areaId ?? '',
      });
    },
    onSuccess: async (saved) => {
      void message.success(t('staff.form.saved'));
      onSaved?.(saved);
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
      title={member ? t('staff.staffForm.edit') : t('staff.staffForm.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form<StaffValues>
        form={form}
        layout="vertical"
        name="staff-member"
        initialValues={
          member
            ? {
                name: member.name,
                departmentId: member.departmentId,
                title: member.title ?? undefined,
                userId: member.userId ?? undefined,
                active: member.active,
              }
            : { active: true }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('staff.list.name')}
          rules={[{ required: true, whitespace: true, message: t('staff.form.required') }, { max: 100 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('staff.list.phone')}
          extra={
            member?.phoneMasked ? t('staff.staffForm.phoneKeep', { masked: member.phoneMasked }) : undefined
          }
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value?.trim()) return;
                if (!isValidPhone(phoneDigits(value))) throw new Error(t('staff.staffForm.phoneInvalid'));
              },
            },
          ]}
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
        <Form.Item name="departmentId" label={t('staff.list.department')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isPending}
            placeholder={t('staff.staffForm.noDepartment')}
            options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('staff.list.title')} rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="areaId"
          label={t('staff.list.area')}
          extra={member?.areaName ? t('staff.form.areaKeep', { name: member.areaName }) : undefined}
          rules={member ? [] : [{ required: true, message: t('staff.form.required') }]}
        >
          <AreaSelect placeholder={t('staff.form.areaPlaceholder')} allowClear />
        </Form.Item>
        <Form.Item name="userId" label={t('staff.staffForm.userId')} extra={t('staff.staffForm.userIdHint')}>
          <LoginSelect staffId={member?.id} />
        </Form.Item>
        {member ? (
          <Form.Item name="active" label={t('staff.form.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
