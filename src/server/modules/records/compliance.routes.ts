import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Who has not reported, reminders, reporting rates, screening lists (owner: compliance). Skeleton: routes land with the capability. */
export const complianceRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
