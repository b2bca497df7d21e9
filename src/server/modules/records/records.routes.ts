import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Forms, record submission, batch ingest, corrections, lists (owner: records core). Skeleton: routes land with the capability. */
export const recordsRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
