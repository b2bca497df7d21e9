import { AimOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { TargetsPage } from './TargetsPage.tsx';

export const targetsNav: NavEntry = {
  path: '/targets',
  permission: 'dashboard:read',
  label: 'targets.menu.targets',
  icon: <AimOutlined />,
  element: <TargetsPage />,
};
