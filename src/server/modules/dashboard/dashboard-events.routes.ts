import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** GET /api/dashboard/events: server-sent events telling open dashboards which figures changed. */
export const dashboardEventsRoutes: FastifyPluginAsync<ModuleOptions> = async () => {
  // Filled by the live-updates work.
};
