import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';

// Handovers, coordination tasks, guides and attachments: registered by casesRoutes.
export const caseWorkRoutes: FastifyPluginAsync<ModuleOptions> = async () => {};
