import type { Permission, Role } from '../../../shared/access.ts';

/** Which role holds which permission. A change here changes who can reach what: the route snapshot shows it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'areas:read',
    'areas:manage',
    'audit:read',
    'orgs:read',
    'orgs:manage',
    'people:read',
    'people:manage',
    'pii:read',
    'staff:read',
    'staff:manage',
    'assignments:manage',
    'imports:run',
  ],
  command_office: ['areas:read', 'orgs:read', 'people:read', 'staff:read'],
  department_staff: ['areas:read', 'orgs:read', 'staff:read'],
  town_staff: [
    'areas:read',
    'areas:manage',
    'orgs:read',
    'orgs:manage',
    'people:read',
    'people:manage',
    'pii:read',
    'staff:read',
    'staff:manage',
    'assignments:manage',
    'imports:run',
  ],
  community_worker: ['areas:read', 'orgs:read', 'people:read', 'people:manage', 'pii:read', 'staff:read'],
  liaison: ['areas:read', 'orgs:read', 'staff:read'],
  supervisor: ['areas:read', 'orgs:read', 'staff:read'],
  enterprise_user: [],
  volunteer: ['areas:read'],
};
