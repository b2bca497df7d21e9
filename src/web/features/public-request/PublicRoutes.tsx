import { Layout, Typography } from 'antd';
import { Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../LanguageSwitch.tsx';
import { PublicRequestPage } from './PublicRequestPage.tsx';
import { TrackPage } from './TrackPage.tsx';

/** Pages residents open from a QR code or a tracking link, without signing in (mounted at /r/*). */
export function PublicRoutes() {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{
          background: '#1d5fbf',
          padding: '0 12px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Typography.Text strong style={{ color: '#fff' }}>
          {t('app.short')}
        </Typography.Text>
        <LanguageSwitch size="small" />
      </Layout.Header>
      <Layout.Content>
        <Routes>
          <Route path="track/:token" element={<TrackPage />} />
          <Route path=":placeRef" element={<PublicRequestPage />} />
        </Routes>
      </Layout.Content>
    </Layout>
  );
}
