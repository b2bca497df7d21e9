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

export const PERMISSIONS = [
  'areas:read',
  'areas:manage',
  'audit:read',
  'orgs:read',
  'orgs:manage',
  'people:read',
  'people:manage',
  /** See identity and phone numbers unmasked, in the actor's area; every such read is audited. */
  'pii:read',
  'staff:read',
  'staff:manage',
  'assignments:manage',
  'imports:run',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
