import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** The command dashboard's figures: summary, breakdown by child area, trends, dimensions, map shapes, exports. */
export const dashboardRoutes: FastifyPluginAsync<ModuleOptions> = async () => {
  // Filled by the dashboard-API work.
};
