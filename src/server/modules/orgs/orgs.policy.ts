import { can, inScope, type Actor } from '../../core/access/policy.ts';

/** Every organisation carries the area path it is filed under; scope is decided on that alone. */
export function canSee(actor: Actor, row: { areaPath: string }): boolean {
  return inScope(actor, row.areaPath);
}

export function canManage(actor: Actor, row: { areaPath: string }): boolean {
  return can(actor, 'orgs:manage') && inScope(actor, row.areaPath);
}

/** The clear contact phone: pii:read, and the organisation lies in the actor's area. */
export function canReveal(actor: Actor, row: { areaPath: string; contactPhoneEnc: string | null }): boolean {
  return row.contactPhoneEnc !== null && can(actor, 'pii:read') && inScope(actor, row.areaPath);
}

export function orgActions(
  actor: Actor,
  row: { areaPath: string; status: string; contactPhoneEnc: string | null },
) {
  const manage = canManage(actor, row);
  return {
    update: manage,
    changeStatus: manage && row.status !== 'closed',
    reveal: canReveal(actor, row),
  };
}
