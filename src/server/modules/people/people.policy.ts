import { can, inScope, type Actor } from '../../core/access/policy.ts';

/** Every people-registry row carries the area path it is filed under; scope is decided on that alone. */
export function canSee(actor: Actor, row: { areaPath: string }): boolean {
  return inScope(actor, row.areaPath);
}

export function canManage(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'people:manage') && inScope(actor, row.areaPath);
}

/** Clear identity and phone numbers: pii:read, and the person lies in the actor's area. */
export function canReveal(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'pii:read') && inScope(actor, row.areaPath);
}

export function personActions(actor: Actor, row: { areaPath: string }) {
  return { update: canManage(actor, row), reveal: canReveal(actor, row) };
}
