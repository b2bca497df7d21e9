import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgStatus } from '../../../shared/registries.ts';
import { ApiError, errorText } from '../../api.ts';
import { orgsApi, type Org, type OrgDetail } from './api.ts';

interface Values {
  status: OrgStatus;
  effectiveDate: string;
  note?: string;
}

const FIELDS = ['status', 'effectiveDate', 'note'];

/** Status dates are calendar days in China, where the organisations are. */
const todayInChina = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Moves an organisation to one of the statuses the server allows next, on a date. */
export function StatusModal({
  org,
  allowed,
  open,
  onClose,
  onChanged,
  onStale,
}: {
  org: Org;
  allowed: readonly OrgStatus[];
  open: boolean;
  onClose(): void;
  onChanged(detail: OrgDetail): void;
  onStale(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ status: allowed[0], effectiveDate: todayInChina() });
  }, [open, allowed, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const detail = await orgsApi.changeStatus(org.id, {
        status: values.status,
        effectiveDate: values.effectiveDate,
        note: values.note?.trim() || null,
        version: org.version,
      });
      onChanged(detail);
    } catch (caught) {
      if (caught instanceof ApiError) {
        const known = caught.details.filter((d) => FIELDS.includes(d.field));
        if (known.length > 0)
          form.setFields(known.map((d) => ({ name: d.field as keyof Values, errors: [d.reason] })));
        if (caught.status === 409 && caught.details[0]?.field === 'version') onStale();
      }
      setError(errorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`${t('orgs.changeStatus')} · ${org.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> name="orgStatus" form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          label={t('orgs.newStatus')}
          name="status"
          rules={[{ required: true, message: t('orgs.required') }]}
        >
          <Select options={allowed.map((s) => ({ value: s, label: t(`orgs.statuses.${s}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('orgs.effectiveDate')}
          name="effectiveDate"
          rules={[{ required: true, message: t('orgs.required') }]}
        >
          {/* The native picker is the easiest on a phone; min and max mirror the server's date rule. */}
          <Input type="date" min={org.statusSince ?? undefined} max={todayInChina()} />
        </Form.Item>
        <Form.Item label={t('orgs.note')} name="note">
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
