import { ShopOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { OrgsPage } from './OrgsPage.tsx';

export const orgsNav: NavEntry = {
  path: '/orgs',
  permission: 'orgs:read',
  label: 'orgs.menu',
  icon: <ShopOutlined />,
  element: <OrgsPage />,
};
