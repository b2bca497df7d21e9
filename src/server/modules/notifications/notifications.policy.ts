import { can, inScope, type Actor } from '../../core/access/policy.ts';

// The inbox needs no policy: every query is keyed on the caller's own user id.

/** A group robot is visible to a case administrator whose scope contains its area. */
export function canSeeWebhook(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'cases:admin') && inScope(actor, row.areaPath);
}

export function canManageWebhook(actor: Actor, row: { areaPath: string }): boolean {
  return canSeeWebhook(actor, row);
}
