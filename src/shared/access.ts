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
  /** See cases in the actor's area, department or ownership. */
  'cases:read',
  /** Accept, work on and resolve cases; open coordination tasks; comment. */
  'cases:handle',
  /** Order handovers, see a unit's metrics and overdue list. */
  'cases:supervise',
  /** File a case (staff for anyone in scope; an enterprise user for its own organisation). */
  'cases:submit',
  /** Case types, guides, calendar, webhooks, Open311 keys. */
  'cases:admin',
  /** See daily records of subjects in the actor's area (an enterprise's own through the portal). */
  'records:read',
  /** Submit records for subjects in scope (an enterprise user: its own organisation), incl. bulk ingest. */
  'records:submit',
  /** The compliance board, reminders, screening lists and the departments' report sheets. */
  'records:supervise',
  /** Forms, rules, report templates and retention. */
  'records:admin',
  /** The command dashboard (figures, map, trends, briefing) and the targets' progress, in the actor's area. */
  'dashboard:read',
  /** Set targets and issue progress supervision sheets (进度督促单) to laggards. */
  'targets:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
