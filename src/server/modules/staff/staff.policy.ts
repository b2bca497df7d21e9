import { can, inScope, pathWithin, type Actor } from '../../core/access/policy.ts';

export function canSee(actor: Actor, row: { areaPath: string }): boolean {
  return inScope(actor, row.areaPath);
}

/**
 * A department serving a wider area than the actor's scope (a city bureau seen by a town worker)
 * is still visible: staff of the town belong to it.
 */
export function canSeeDepartment(actor: Actor, row: { areaPath: string }): boolean {
  return (
    inScope(actor, row.areaPath) || (actor.scopePath !== null && pathWithin(actor.scopePath, row.areaPath))
  );
}

export function canManageStaff(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'staff:manage') && inScope(actor, row.areaPath);
}

export function canAssign(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'assignments:manage') && inScope(actor, row.areaPath);
}

/** The clear phone: pii:read, and the staff member works inside the actor's area. */
export function canReveal(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'pii:read') && inScope(actor, row.areaPath);
}

export function staffActions(
  actor: Actor,
  row: { areaPath: string; active: boolean; phoneMasked: string | null },
) {
  return {
    update: canManageStaff(actor, row),
    assign: canAssign(actor, row) && row.active,
    // Nothing to reveal without a stored phone, so the client shows no button then.
    reveal: canReveal(actor, row) && row.phoneMasked !== null,
  };
}

export function teamActions(actor: Actor, row: { areaPath: string; active: boolean }) {
  return {
    update: canManageStaff(actor, row),
    manageMembers: canManageStaff(actor, row) && row.active,
    cover: canAssign(actor, row) && row.active,
  };
}
