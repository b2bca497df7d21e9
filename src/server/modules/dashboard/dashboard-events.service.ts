import { assertInScope } from '../../core/access/policy.ts';
import { AppError } from '../../core/errors.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { findAreaRef } from '../areas/areas.repo.ts';

/**
 * The area a stream is narrowed to: the asked area (404 when missing or outside the actor's scope) or
 * the actor's own scope (null = everywhere).
 */
export async function streamScope(ctx: ServiceContext, areaId: string | undefined): Promise<string | null> {
  if (areaId === undefined) return ctx.actor.scopePath;
  const area = await findAreaRef(ctx.db, areaId);
  if (!area) throw new AppError('not_found');
  assertInScope(ctx.actor, area.path);
  return area.path;
}
