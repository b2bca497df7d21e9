import type { ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined } from '@ant-design/icons';
import type { Permission } from '../shared/access.ts';
import { AreasPage } from './pages/AreasPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { myEnterprisesNav, staffNav } from './features/staff/nav.tsx';
import { peopleNav } from './features/people/nav.tsx';
import { orgsNav } from './features/orgs/nav.tsx';
import { importsNav } from './features/imports/nav.tsx';
import { webhooksNav } from './features/notifications/nav.tsx';
import { caseMetricsNav, caseTasksNav, casesNav, myCasesNav } from './features/cases/nav.tsx';
import { calendarNav } from './features/sla/nav.tsx';
import { caseTypesNav, guidesNav, open311KeysNav } from './features/case-admin/nav.tsx';
import { recordsNavEntries } from './features/records/nav.tsx';
import { fieldEntryNavEntries } from './features/field-entry/nav.tsx';
import { dashboardNav } from './features/dashboard/nav.tsx';
import { targetsNav } from './features/targets/nav.tsx';

/** A page in the main menu: shown, and routed, only to users holding its permission. */
export interface NavEntry {
  path: string;
  permission: Permission;
  /** i18n key of the menu label. */
  label: string;
  icon: ReactNode;
  element: ReactNode;
}

// Feature pages add their entry here, in menu order.
export const NAV: readonly NavEntry[] = [
  dashboardNav,
  targetsNav,
  {
    path: '/areas',
    permission: 'areas:read',
    label: 'menu.areas',
    icon: <ApartmentOutlined />,
    element: <AreasPage />,
  },
  ...fieldEntryNavEntries,
  casesNav,
  caseTasksNav,
  myCasesNav,
  caseMetricsNav,
  guidesNav,
  calendarNav,
  caseTypesNav,
  ...recordsNavEntries,
  orgsNav,
  peopleNav,
  staffNav,
  myEnterprisesNav,
  importsNav,
  webhooksNav,
  open311KeysNav,
  {
    path: '/audit',
    permission: 'audit:read',
    label: 'menu.audit',
    icon: <AuditOutlined />,
    element: <AuditPage />,
  },
];
