import type { Permission, Role } from '../../../shared/access.ts';

/** Which role holds which permission. A change here changes who can reach what: the route snapshot shows it. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['areas:read', 'areas:manage', 'audit:read'],
  command_office: ['areas:read'],
  department_staff: ['areas:read'],
  town_staff: ['areas:read', 'areas:manage'],
  community_worker: ['areas:read'],
  liaison: ['areas:read'],
  supervisor: ['areas:read'],
  enterprise_user: [],
  volunteer: ['areas:read'],
};
