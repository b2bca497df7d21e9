import type { Permission, Role } from '../../../shared/access.ts';
import { ROLES } from '../../../shared/access.ts';
import { AppError } from '../errors.ts';
import { ROLE_PERMISSIONS } from './roles.ts';

/** The signed-in user as every policy decision sees them. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Area subtree the actor works in; null means everywhere (administrators). */
  scopePath: string | null;
  department: string | null;
  /** For enterprise users: the organisation they act for. */
  orgId: string | null;
}

/** What a route requires: nobody, any signed-in user, or one permission. */
export type RouteAccess = 'public' | 'authenticated' | Permission;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function can(actor: Actor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

export function rolesAllowed(access: RouteAccess): Role[] | 'everyone' {
  if (access === 'public') return 'everyone';
  if (access === 'authenticated') return [...ROLES];
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(access));
}

/** True when path lies in the subtree rooted at scope (scope itself included). */
export function pathWithin(path: string, scope: string | null): boolean {
  return scope === null || path === scope || path.startsWith(`${scope}.`);
}

export function inScope(actor: Actor, path: string): boolean {
  return pathWithin(path, actor.scopePath);
}

/** Out-of-scope rows answer exactly like missing rows, so their existence is not disclosed. */
export function assertInScope(actor: Actor, path: string | null | undefined): void {
  if (path === null || path === undefined || !inScope(actor, path)) throw new AppError('not_found');
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('forbidden');
}
