import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api.ts';
import { peopleApi, type Dwelling } from './api.ts';
import { placeFieldErrors } from './fieldErrors.ts';
import { CompoundSelect } from './pickers.tsx';

interface Values {
  compoundAreaId: string;
  building: string;
  unit?: string;
  room: string;
  address?: string;
}

const FIELDS = ['compoundAreaId', 'building', 'unit', 'room', 'address'] as const;

/** Registers one dwelling; mounted only while open, so every opening starts with a fresh form. */
export function DwellingFormModal({
  compound,
  onClose,
  onCreated,
}: {
  compound?: { id: string; name: string | null };
  onClose(): void;
  onCreated(dwelling: Dwelling): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = [{ required: true, whitespace: true, message: t('people.required') }];

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const dwelling = await peopleApi.createDwelling({
        compoundAreaId: values.compoundAreaId,
        building: values.building.trim(),
        unit: values.unit?.trim() ?? '',
        room: values.room.trim(),
        address: values.address?.trim() || null,
      });
      void client.invalidateQueries({ queryKey: ['dwellings'] });
      void message.success(t('people.dwellingCreated', { label: dwelling.label }));
      onCreated(dwelling);
    } catch (caught) {
      setError(placeFieldErrors(form, caught, FIELDS, errorText(caught, t)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('people.addDwelling')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values>
        name="dwellingCreate"
        form={form}
        layout="vertical"
        initialValues={{ compoundAreaId: compound?.id }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('people.compound')} name="compoundAreaId" rules={required}>
          <CompoundSelect initialLabel={compound?.name} />
        </Form.Item>
        <Form.Item label={t('people.building')} name="building" rules={[...required, { max: 20 }]}>
          <Input autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('people.unit')} name="unit" extra={t('people.unitHelp')} rules={[{ max: 20 }]}>
          <Input autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('people.room')} name="room" rules={[...required, { max: 20 }]}>
          <Input autoComplete="off" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('people.address')} name="address" rules={[{ max: 200 }]}>
          <Input autoComplete="off" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
