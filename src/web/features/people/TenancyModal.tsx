import { useState } from 'react';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { peopleApi, type Person, type Tenancy } from './api.ts';
import { placeFieldErrors } from './fieldErrors.ts';
import { PersonSelect } from './pickers.tsx';

interface Values {
  landlordId: string;
  householdId: string;
  startDate: string;
}

/** Picks a household through one of its members, since households have no names of their own. */
function HouseholdByMember({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?(value: string | undefined): void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [member, setMember] = useState<Person | undefined>(undefined);
  return (
    <>
      <PersonSelect
        id={id}
        value={member?.id}
        placeholder={t('people.tenantHouseholdPlaceholder')}
        onPick={(p) => {
          setMember(p);
          onChange?.(p?.householdId ?? undefined);
        }}
      />
      {member && !value && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {member.name} {t('people.notInHousehold')}
        </Typography.Text>
      )}
    </>
  );
}

/** Starts a tenancy; the household or the landlord may be fixed by the page it opens from. */
export function TenancyModal({
  householdId,
  landlordId,
  onClose,
  onCreated,
}: {
  householdId?: string;
  landlordId?: string;
  onClose(): void;
  onCreated(tenancy: Tenancy): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = [
    'startDate',
    ...(landlordId ? [] : ['landlordId']),
    ...(householdId ? [] : ['householdId']),
  ];
  const required = [{ required: true, message: t('people.required') }];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const tenancy = await peopleApi.createTenancy({
        landlordId: landlordId ?? values.landlordId,
        householdId: householdId ?? values.householdId,
        startDate: values.startDate,
      });
      void message.success(t('people.tenancyCreated'));
      onCreated(tenancy);
    } catch (caught) {
      setError(placeFieldErrors(form, caught, fields, errorText(caught, t)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={landlordId ? t('people.addTenant') : t('people.startTenancy')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        name="tenancyCreate"
        form={form}
        layout="vertical"
        initialValues={{ startDate: new Date().toISOString().slice(0, 10) }}
        onFinish={(values) => void submit(values)}
      >
        {!landlordId && (
          <Form.Item label={t('people.landlord')} name="landlordId" rules={required}>
            <PersonSelect placeholder={t('people.landlordPlaceholder')} />
          </Form.Item>
        )}
        {!householdId && (
          <Form.Item label={t('people.tenantHousehold')} name="householdId" rules={required}>
            <HouseholdByMember />
          </Form.Item>
        )}
        <Form.Item label={t('people.tenancyStart')} name="startDate" rules={required}>
          <Input type="date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
