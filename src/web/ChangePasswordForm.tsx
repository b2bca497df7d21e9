import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api, errorText } from './api.ts';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm({ onDone, onCancel }: { onDone(): void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: PasswordValues) => {
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      onDone();
    } catch (caught) {
      setError(errorText(caught, t));
      if (caught instanceof ApiError) {
        const known = new Set(['currentPassword', 'newPassword']);
        form.setFields(
          caught.details
            .filter((d) => known.has(d.field))
            .map((d) => ({ name: d.field as 'currentPassword' | 'newPassword', errors: [d.reason] })),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form<PasswordValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form.Item
        label={t('password.current')}
        name="currentPassword"
        rules={[{ required: true, message: t('password.required') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label={t('password.next')}
        name="newPassword"
        rules={[
          { required: true, message: t('password.required') },
          { min: 10, message: t('password.minLength') },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label={t('password.confirm')}
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('password.required') },
          ({ getFieldValue }) => ({
            validator: (_rule, value) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
        {onCancel && <Button onClick={onCancel}>{t('common.cancel')}</Button>}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('password.submit')}
        </Button>
      </div>
    </Form>
  );
}
