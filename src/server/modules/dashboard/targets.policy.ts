import { can, inScope, type Actor } from '../../core/access/policy.ts';

// Who may do what with a target. Seeing one needs dashboard:read (the route says so) and the target's
// area inside the actor's scope; out-of-scope targets answer 404 like missing ones.

export function canSeeTarget(actor: Actor, target: { areaPath: string }): boolean {
  return inScope(actor, target.areaPath);
}

/** Edit, deactivate and issue sheets: targets:manage over the target's whole area. */
export function canManageTarget(actor: Actor, target: { areaPath: string }): boolean {
  return can(actor, 'targets:manage') && inScope(actor, target.areaPath);
}
