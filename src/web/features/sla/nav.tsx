import { CalendarOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { CalendarPage } from './CalendarPage.tsx';

export const calendarNav: NavEntry = {
  path: '/calendar',
  permission: 'cases:admin',
  label: 'sla.menu',
  icon: <CalendarOutlined />,
  element: <CalendarPage />,
};
