import { can, inScope, type Actor } from '../../core/access/policy.ts';
import type { AreaRow } from './areas.repo.ts';

/** The area subtrees an actor may see: their scope root, or everything. */
export function visibleRoots(actor: Actor): string[] | null {
  return actor.scopePath === null ? null : [actor.scopePath];
}

export function canSee(actor: Actor, area: Pick<AreaRow, 'path'>): boolean {
  return inScope(actor, area.path);
}

/** Managing means: the permission, and the area lies inside the actor's scope. */
export function canManage(actor: Actor, area: Pick<AreaRow, 'path'>): boolean {
  return can(actor, 'areas:manage') && inScope(actor, area.path);
}

/** An actor may not move or deactivate the root of their own scope: that would change their own reach. */
export function canRestructure(actor: Actor, area: Pick<AreaRow, 'path' | 'parentId'>): boolean {
  return canManage(actor, area) && area.path !== actor.scopePath && area.parentId !== null;
}

export function allowedActions(actor: Actor, area: Pick<AreaRow, 'path' | 'parentId' | 'active' | 'level'>) {
  const restructure = canRestructure(actor, area);
  return {
    update: canManage(actor, area),
    move: restructure && area.active,
    deactivate: restructure && area.active,
    reactivate: restructure && !area.active,
    createChild: canManage(actor, area) && area.active && area.level !== 'place',
  };
}
