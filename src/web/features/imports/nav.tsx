import { UploadOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { ImportsPage } from './ImportsPage.tsx';

export const importsNav: NavEntry = {
  path: '/imports',
  permission: 'imports:run',
  label: 'imports.menu',
  icon: <UploadOutlined />,
  element: <ImportsPage />,
};
