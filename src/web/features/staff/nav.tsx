import { ShopOutlined, SolutionOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { StaffPage } from './StaffPage.tsx';
import { MyEnterprisesPage } from './MyEnterprisesPage.tsx';

export const staffNav: NavEntry = {
  path: '/staff',
  permission: 'staff:read',
  label: 'staff.menu',
  icon: <SolutionOutlined />,
  element: <StaffPage />,
};

// Every liaison-capable role holds orgs:read; the page itself answers an empty list to anyone else.
export const myEnterprisesNav: NavEntry = {
  path: '/my-enterprises',
  permission: 'orgs:read',
  label: 'staff.my.menu',
  icon: <ShopOutlined />,
  element: <MyEnterprisesPage />,
};
