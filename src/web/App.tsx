import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
// antd's pickers take weekday and month names from dayjs's global locale, not from ConfigProvider.
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { ApiError, errorText } from './api.ts';
import { rememberLang, storedLang, type Lang } from './i18n.ts';
import { LangContext, useMe, useMeQuery, useOfflineSessionRecovery } from './session.ts';
import { LoginPage } from './pages/LoginPage.tsx';
import { ChangePasswordPage } from './pages/ChangePasswordPage.tsx';
import { Shell } from './Shell.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NAV } from './nav.tsx';
import { PublicRoutes } from './features/public-request/PublicRoutes.tsx';
import { InboxPage } from './features/notifications/InboxPage.tsx';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={
        <Button type="primary" href="/">
          {t('notFound.back')}
        </Button>
      }
    />
  );
}

function SignedInRoutes() {
  const me = useMe();
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<HomePage />} />
        {/* Every signed-in user has an inbox; the header bell leads here. */}
        <Route path="/inbox" element={<InboxPage />} />
        {NAV.filter((entry) => me.permissions.includes(entry.permission)).map((entry) => (
          <Route key={entry.path} path={`${entry.path}/*`} element={entry.element} />
        ))}
        <Route path="/login" element={<Navigate to="/" replace />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

function Gate() {
  const { t } = useTranslation();
  const me = useMeQuery();
  useOfflineSessionRecovery();
  if (me.isPending) {
    return (
      <div style={{ display: 'flex', minHeight: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (me.isError) {
    return (
      <Result
        status="warning"
        title={errorText(me.error, t)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me.data) return <LoginPage />;
  if (me.data.mustChangePassword) return <ChangePasswordPage />;
  return <SignedInRoutes />;
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    rememberLang(next);
    void i18next.changeLanguage(next);
    setLangState(next);
  }, []);

  useEffect(() => {
    dayjs.locale(lang === 'en-US' ? 'en' : 'zh-cn');
    document.documentElement.lang = lang;
    document.title = i18next.t('app.name');
  }, [lang]);

  const langState = useMemo(() => ({ lang, setLang }), [lang, setLang]);

  return (
    <LangContext.Provider value={langState}>
      <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d5fbf' } }}>
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <BrowserRouter>
              <Routes>
                {/* Residents' QR form and tracking pages: no sign-in. */}
                <Route path="/r/*" element={<PublicRoutes />} />
                <Route path="*" element={<Gate />} />
              </Routes>
            </BrowserRouter>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
