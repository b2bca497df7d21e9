import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Departments' report sheets from the same records (owner: templates). Skeleton: routes land with the capability. */
export const reportTemplatesRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
