import { useState } from 'react';
import { Alert, App, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { HOUSEHOLD_ROLES } from '../../../shared/registries.ts';
import { errorText } from '../../api.ts';
import { peopleApi, type HouseholdDetail, type Person } from './api.ts';
import { placeFieldErrors } from './fieldErrors.ts';
import { PersonSelect } from './pickers.tsx';
import type { HouseholdRole } from './types.ts';

interface Values {
  personId: string;
  role: HouseholdRole;
}

const FIELDS = ['personId', 'role'] as const;

export function MemberModal({
  householdId,
  hasHead,
  onClose,
  onAdded,
}: {
  householdId: string;
  hasHead: boolean;
  onClose(): void;
  onAdded(detail: HouseholdDetail): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [picked, setPicked] = useState<Person | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const detail = await peopleApi.addMember(householdId, values);
      void message.success(t('people.memberAdded', { name: picked?.name ?? '' }));
      onAdded(detail);
    } catch (caught) {
      setError(placeFieldErrors(form, caught, FIELDS, errorText(caught, t)));
    } finally {
      setBusy(false);
    }
  };

  const moves = picked?.householdId && picked.householdId !== householdId;
  return (
    <Modal
      open
      title={t('people.addMember')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        name="memberAdd"
        form={form}
        layout="vertical"
        initialValues={{ role: hasHead ? 'member' : 'head' }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          label={t('people.person')}
          name="personId"
          rules={[{ required: true, message: t('people.required') }]}
          extra={moves ? t('people.movesHousehold') : undefined}
        >
          <PersonSelect onPick={setPicked} />
        </Form.Item>
        <Form.Item label={t('people.householdRole')} name="role" rules={[{ required: true }]}>
          <Select options={HOUSEHOLD_ROLES.map((r) => ({ value: r, label: t(`people.roles.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
