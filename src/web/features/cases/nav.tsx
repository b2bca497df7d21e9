import { BarChartOutlined, CarryOutOutlined, CommentOutlined, FileTextOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { CasesPage } from './CasesPage.tsx';
import { DepartmentTasksPage } from './DepartmentTasksPage.tsx';
import { MetricsPage } from './MetricsPage.tsx';
import { MyCasesPage } from './MyCasesPage.tsx';

export const casesNav: NavEntry = {
  path: '/cases',
  permission: 'cases:read',
  label: 'cases.menu',
  icon: <FileTextOutlined />,
  element: <CasesPage />,
};

export const caseTasksNav: NavEntry = {
  path: '/case-tasks',
  permission: 'cases:read',
  label: 'cases.tasksMenu',
  icon: <CarryOutOutlined />,
  element: <DepartmentTasksPage />,
};

// Every submitter sees it: an enterprise user's portal, and for staff the cases they filed.
export const myCasesNav: NavEntry = {
  path: '/my-cases',
  permission: 'cases:submit',
  label: 'cases.myMenu',
  icon: <CommentOutlined />,
  element: <MyCasesPage />,
};

export const caseMetricsNav: NavEntry = {
  path: '/case-metrics',
  permission: 'cases:supervise',
  label: 'cases.metricsMenu',
  icon: <BarChartOutlined />,
  element: <MetricsPage />,
};
