import { can, inScope, type Actor } from '../../core/access/policy.ts';
import type { Permission } from '../../../shared/access.ts';
import type { RowKind } from './dashboard.schema.ts';

// Who sees what on the dashboard. The figures need dashboard:read (the routes say so) and an area in
// the actor's scope; the rows behind a number are the registries' own rows, so listing them also
// needs the permission that reads those rows anywhere else.

/** The area's figures: the area lies in the actor's scope (else 404, like a missing area). */
export function maySeeArea(actor: Actor, path: string): boolean {
  return inScope(actor, path);
}

const ROW_PERMISSION: Record<RowKind, Permission> = {
  record: 'records:read',
  case: 'cases:read',
  org: 'orgs:read',
};

/** The rows behind a number: the permission that reads that kind of row elsewhere. */
export function mayListRows(actor: Actor, kind: RowKind): boolean {
  return can(actor, ROW_PERMISSION[kind]);
}

/** A resident's name in a record's title only for those who may read people (PIPL: least exposure). */
export function mayNamePeople(actor: Actor): boolean {
  return can(actor, 'people:read');
}
