import {
  BellOutlined,
  FormOutlined,
  ProfileOutlined,
  TableOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { CompliancePage } from './CompliancePage.tsx';
import { RecordFormsPage } from './RecordFormsPage.tsx';
import { RecordRulesPage } from './RecordRulesPage.tsx';
import { RecordsPage } from './RecordsPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';

/** The daily-records pages in menu order (records, compliance board, report sheets, admin). */
export const recordsNavEntries: NavEntry[] = [
  {
    path: '/records',
    permission: 'records:read',
    label: 'records.menu.records',
    icon: <ProfileOutlined />,
    element: <RecordsPage />,
  },
  {
    path: '/compliance',
    permission: 'records:supervise',
    label: 'records.menu.compliance',
    icon: <BellOutlined />,
    element: <CompliancePage />,
  },
  {
    path: '/reports',
    permission: 'records:supervise',
    label: 'records.menu.reports',
    icon: <TableOutlined />,
    element: <ReportsPage />,
  },
  {
    path: '/record-forms',
    permission: 'records:admin',
    label: 'records.menu.forms',
    icon: <FormOutlined />,
    element: <RecordFormsPage />,
  },
  {
    path: '/record-rules',
    permission: 'records:admin',
    label: 'records.menu.rules',
    icon: <ThunderboltOutlined />,
    element: <RecordRulesPage />,
  },
];
