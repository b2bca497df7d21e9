import { FormOutlined } from '@ant-design/icons';
import type { NavEntry } from '../../nav.tsx';
import { FieldEntryRoutes } from './FieldEntryRoutes.tsx';

/** The field entry screens (checkpoint, door visit, daily reports), usable offline. */
export const fieldEntryNavEntries: NavEntry[] = [
  {
    path: '/entry',
    permission: 'records:submit',
    label: 'fieldEntry.menu',
    icon: <FormOutlined />,
    element: <FieldEntryRoutes />,
  },
];
