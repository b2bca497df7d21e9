import { TeamOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { PeoplePage } from './PeoplePage.tsx';

export const peopleNav: NavEntry = {
  path: '/people',
  permission: 'people:read',
  label: 'people.menu',
  icon: <TeamOutlined />,
  element: <PeoplePage />,
};
