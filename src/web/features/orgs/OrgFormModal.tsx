import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDUSTRY_SECTIONS, ORG_KINDS, ORG_STATUSES, ORG_TAGS } from '../../../shared/registries.ts';
import type { IndustrySection, OrgKind, OrgStatus } from '../../../shared/registries.ts';
import { ApiError, errorText } from '../../api.ts';
import { AreaSelect } from '../../AreaSelect.tsx';
import { orgsApi, type Org, type OrgTag } from './api.ts';
import { creditCodeIssue, phoneLooksValid } from './creditCode.ts';

const ORG_AREA_LEVELS = ['town', 'community', 'grid', 'place'] as const;

interface Values {
  kind: OrgKind;
  name: string;
  creditCode?: string;
  aboveScale: boolean;
  industry?: IndustrySection;
  areaId: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  tags: OrgTag[];
  status?: OrgStatus;
}

const FIELDS = [
  'kind',
  'name',
  'creditCode',
  'aboveScale',
  'industry',
  'areaId',
  'address',
  'contactName',
  'contactPhone',
  'tags',
  'status',
];

/** Puts the server's field errors on the form fields; returns the message for the rest. */
function showServerErrors(form: FormInstance<Values>, error: unknown, t: (k: string) => string): string {
  if (error instanceof ApiError) {
    const known = error.details.filter((d) => FIELDS.includes(d.field));
    if (known.length > 0)
      form.setFields(known.map((d) => ({ name: d.field as keyof Values, errors: [d.reason] })));
  }
  return errorText(error, t);
}

const blank = (text: string | undefined) => (text?.trim() ? text.trim() : null);

/** Registers an organisation (no `org`) or edits one; the phone is sent only when a new one is typed. */
export function OrgFormModal({
  org,
  open,
  onClose,
  onSaved,
  onStale,
}: {
  org?: Org;
  open: boolean;
  onClose(): void;
  onSaved(org: Org): void;
  onStale?(): void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (org) {
      form.setFieldsValue({
        kind: org.kind,
        name: org.name,
        creditCode: org.creditCode ?? undefined,
        aboveScale: org.aboveScale,
        industry: org.industry ?? undefined,
        areaId: org.areaId,
        address: org.address ?? undefined,
        contactName: org.contactName ?? undefined,
        tags: org.tags,
      });
    }
  }, [open, org, form]);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    const body = {
      kind: values.kind,
      name: values.name.trim(),
      creditCode: blank(values.creditCode),
      aboveScale: values.aboveScale,
      industry: values.industry ?? null,
      areaId: values.areaId,
      address: blank(values.address),
      contactName: blank(values.contactName),
      tags: values.tags,
    };
    const phone = blank(values.contactPhone);
    try {
      const saved = org
        ? await orgsApi.update(org.id, {
            ...body,
            version: org.version,
            ...(phone ? { contactPhone: phone } : {}),
          })
        : await orgsApi.create({
            ...body,
            contactPhone: phone,
            // Operating is the default; only another initial status starts a history entry.
            ...(values.status && values.status !== 'operating' ? { status: values.status } : {}),
          });
      onSaved(saved);
    } catch (caught) {
      setError(showServerErrors(form, caught, t));
      if (caught instanceof ApiError && caught.status === 409 && caught.details[0]?.field === 'version')
        onStale?.();
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('orgs.required') };
  return (
    <Modal
      open={open}
      title={org ? `${t('orgs.edit')} · ${org.name}` : t('orgs.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        name={org ? 'orgEdit' : 'orgCreate'}
        form={form}
        layout="vertical"
        initialValues={{ kind: 'enterprise', aboveScale: false, tags: [], status: 'operating' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('orgs.name')} name="name" rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('orgs.kind')} name="kind" rules={[required]}>
          <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`orgs.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('orgs.creditCode')}
          name="creditCode"
          extra={t('orgs.creditCodeHelp')}
          validateFirst
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const issue = creditCodeIssue(value ?? '');
                if (!issue) return;
                if (issue.key === 'length')
                  throw new Error(t('orgs.creditCodeLength', { count: issue.count }));
                throw new Error(t(issue.key === 'chars' ? 'orgs.creditCodeChars' : 'orgs.creditCodeCheck'));
              },
            },
          ]}
        >
          <Input maxLength={40} autoComplete="off" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item label={t('orgs.area')} name="areaId" rules={[required]}>
          <AreaSelect
            levels={ORG_AREA_LEVELS}
            placeholder={t('orgs.areaPlaceholder')}
            initialLabel={org?.areaName}
          />
        </Form.Item>
        <Form.Item label={t('orgs.aboveScale')} name="aboveScale" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={t('orgs.industry')} name="industry">
          <Select
            allowClear
            options={INDUSTRY_SECTIONS.map((s) => ({ value: s, label: t(`orgs.industries.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('orgs.tags')} name="tags">
          <Select
            mode="multiple"
            options={ORG_TAGS.map((tag) => ({ value: tag, label: t(`orgs.tagNames.${tag}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('orgs.address')} name="address">
          <Input maxLength={300} autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('orgs.contactName')} name="contactName">
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('orgs.contactPhone')}
          name="contactPhone"
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (value?.trim() && !phoneLooksValid(value)) throw new Error(t('orgs.phoneInvalid'));
              },
            },
          ]}
        >
          <Input
            maxLength={30}
            inputMode="tel"
            autoComplete="off"
            placeholder={org?.contactPhoneMasked ?? undefined}
          />
        </Form.Item>
        {!org && (
          <Form.Item label={t('orgs.initialStatus')} name="status">
            <Select
              options={ORG_STATUSES.filter((s) => s !== 'resumed').map((s) => ({
                value: s,
                label: t(`orgs.statuses.${s}`),
              }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
