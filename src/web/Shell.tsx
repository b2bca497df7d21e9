import { useState, type ReactNode } from 'react';
import { App, Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, Modal, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { HomeOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useMe, useSignedIn } from './session.ts';
import { NAV } from './nav.tsx';
import { forgetOfflineData } from './features/field-entry/service-worker.ts';
import { NotificationBell } from './features/notifications/NotificationBell.tsx';

const { Header, Sider, Content } = Layout;

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const isMobile = !screens.md;
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const signedIn = useSignedIn();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  const items: NonNullable<MenuProps['items']> = [
    { key: '/', icon: <HomeOutlined />, label: t('menu.home') },
    ...NAV.filter((entry) => me.permissions.includes(entry.permission)).map((entry) => ({
      key: entry.path,
      icon: entry.icon,
      label: t(entry.label),
    })),
  ];

  const selected = '/' + (location.pathname.split('/')[1] ?? '');

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(key);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const logout = async () => {
    await api.logout().catch(() => undefined);
    // The next user of a shared phone sees neither this user nor their cached forms and subjects.
    forgetOfflineData();
    signedIn(null);
    void navigate('/');
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        type: 'group',
        label: (
          <div style={{ maxWidth: 240 }} data-testid="user-summary">
            <div style={{ color: 'rgba(0,0,0,0.88)', fontWeight: 600 }}>{me.displayName}</div>
            <div>{t(`roles.${me.role}`)}</div>
            <div>
              {t('menu.scope')}: {me.scopeName ?? t('menu.allCity')}
            </div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('menu.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('menu.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'logout') void logout();
    },
  };

  const brand = (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        paddingInline: 20,
        fontWeight: 600,
        fontSize: 17,
        color: '#1d5fbf',
        whiteSpace: 'nowrap',
      }}
    >
      {t('app.short')}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Sider theme="light" width={208} style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          {brand}
          {menu}
        </Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          title={t('app.short')}
          styles={{ body: { padding: 0 } }}
          data-testid="menu-drawer"
        >
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            paddingInline: isMobile ? 8 : 20,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            height: 56,
            lineHeight: '56px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {isMobile && (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('menu.open')}
                onClick={() => setDrawerOpen(true)}
                data-testid="menu-button"
              />
              <Typography.Text strong style={{ color: '#1d5fbf' }}>
                {t('app.short')}
              </Typography.Text>
            </>
          )}
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch size="small" />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" style={{ paddingInline: 6 }} data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1d5fbf' }} />
              {!isMobile && <span style={{ marginInlineStart: 6 }}>{me.displayName}</span>}
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: isMobile ? 8 : 20, minWidth: 0 }}>{children}</Content>
      </Layout>
      <Modal
        open={passwordOpen}
        title={t('password.title')}
        footer={null}
        onCancel={() => setPasswordOpen(false)}
        destroyOnHidden
      >
        <ChangePasswordForm
          onCancel={() => setPasswordOpen(false)}
          onDone={() => {
            setPasswordOpen(false);
            void message.success(t('password.done'));
          }}
        />
      </Modal>
    </Layout>
  );
}
