import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';
import { caseWorkRoutes } from './case-work.routes.ts';

export const casesRoutes: FastifyPluginAsync<ModuleOptions> = async (app, opts) => {
  await app.register(caseWorkRoutes, opts);
};
