import { AppstoreOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { CaseTypesPage } from './CaseTypesPage.tsx';

export const caseTypesNav: NavEntry = {
  path: '/case-types',
  permission: 'cases:admin',
  label: 'caseAdmin.typesMenu',
  icon: <AppstoreOutlined />,
  element: <CaseTypesPage />,
};
