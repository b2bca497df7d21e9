import { DashboardOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { DashboardPage } from './DashboardPage.tsx';

export const dashboardNav: NavEntry = {
  path: '/dashboard',
  permission: 'dashboard:read',
  label: 'dashboard.menu.dashboard',
  icon: <DashboardOutlined />,
  element: <DashboardPage />,
};
