// Roles and permissions are shared so the SPA can label them; which role holds which permission is
// decided on the server only (src/server/core/access/roles.ts) and sent to the client per user.

export const ROLES = [
  'admin',
  'command_office',
  'department_staff',
  'town_staff',
  'community_worker',
  'liaison',
  'supervisor',
  'enterprise_user',
  'volunteer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['areas:read', 'areas:manage', 'audit:read'] as const;
export type Permission = (typeof PERMISSIONS)[number];
