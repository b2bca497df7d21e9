import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Retention per form and the audited purge (owner: templates). Skeleton: routes land with the capability. */
export const recordRetentionRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
