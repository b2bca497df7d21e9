import { App, Button, Card, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { ChangePasswordForm } from '../ChangePasswordForm.tsx';
import { LanguageSwitch } from '../LanguageSwitch.tsx';
import { ME_KEY, useSignedIn } from '../session.ts';

/** Shown before anything else while the account still has a one-time password. */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const signedIn = useSignedIn();

  const logout = async () => {
    await api.logout().catch(() => undefined);
    signedIn(null);
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        boxSizing: 'border-box',
        background: '#f5f7fa',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('password.title')}
          </Typography.Title>
          <LanguageSwitch size="small" />
        </div>
        <Typography.Paragraph type="warning" style={{ marginTop: 12 }}>
          {t('password.mustChange')}
        </Typography.Paragraph>
        <ChangePasswordForm
          onDone={() => {
            void message.success(t('password.done'));
            void client.invalidateQueries({ queryKey: ME_KEY });
          }}
        />
        <Button type="link" onClick={() => void logout()} style={{ paddingLeft: 0 }}>
          {t('menu.logout')}
        </Button>
      </Card>
    </div>
  );
}
