import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';
import { caseWorkRoutes } from './case-work.routes.ts';
import { caseTypesRoutes } from './case-types.routes.ts';

export const casesRoutes: FastifyPluginAsync<ModuleOptions> = async (app, opts) => {
  await app.register(caseTypesRoutes, opts);
  await app.register(caseWorkRoutes, opts);
};
