import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Rules on records and their hits (owner: rules). Skeleton: routes land with the capability. */
export const recordRulesRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
