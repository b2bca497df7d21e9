import { AppstoreOutlined, BookOutlined, KeyOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { CaseTypesPage } from './CaseTypesPage.tsx';
import { GuidesPage } from './GuidesPage.tsx';
import { Open311KeysPage } from './Open311KeysPage.tsx';

export const caseTypesNav: NavEntry = {
  path: '/case-types',
  permission: 'cases:admin',
  label: 'caseAdmin.typesMenu',
  icon: <AppstoreOutlined />,
  element: <CaseTypesPage />,
};

// The knowledge base: everyone who sees cases reads it; cases:handle writes (checked on the page).
export const guidesNav: NavEntry = {
  path: '/guides',
  permission: 'cases:read',
  label: 'caseAdmin.guidesMenu',
  icon: <BookOutlined />,
  element: <GuidesPage />,
};

export const open311KeysNav: NavEntry = {
  path: '/open311-keys',
  permission: 'cases:admin',
  label: 'caseAdmin.keysMenu',
  icon: <KeyOutlined />,
  element: <Open311KeysPage />,
};
