import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

// Skeleton registered in app.ts so the module's routes can be added without touching app.ts.
export const casesRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
