import { assertInScope } from '../../core/access/policy.ts';
import type { Database } from '../../core/db/client.ts';
import { eventsOf } from '../../core/events/event-bus.ts';
import { AppError } from '../../core/errors.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import type { DashboardChangeEvent, RollupFamily } from '../../../shared/dashboard.ts';
import { DASHBOARD_TOPIC } from './dashboard-events.rules.ts';

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

/**
 * Tells open dashboards that something under these paths changed which no rollup carries (a target
 * set, a supervision sheet issued), so their target panels refetch within the same 2 s as the figures.
 */
export async function announceDashboardChange(
  database: Database,
  paths: string[],
  log: { warn(payload: object, message: string): void },
  families: RollupFamily[] = [],
): Promise<void> {
  const event: DashboardChangeEvent = { paths, families, at: new Date().toISOString() };
  try {
    await eventsOf(database).publish(DASHBOARD_TOPIC, event);
  } catch (error) {
    // The change is committed; a lost announcement only delays the panels until their next refetch.
    log.warn({ err: error, paths }, 'dashboard announcement failed');
  }
}
