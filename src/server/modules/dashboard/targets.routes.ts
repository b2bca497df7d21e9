import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

/** Targets (metric × area × due day × value), their progress, laggards and progress supervision sheets. */
export const targetsRoutes: FastifyPluginAsync<ModuleOptions> = async () => {
  // Filled by the targets work.
};
