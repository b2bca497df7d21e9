import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../core/db/client.ts';
import { requireActor } from '../../core/auth/auth.plugin.ts';
import { AuditPage, AuditQuery } from './audit.schema.ts';
import * as service from './audit.service.ts';

export const auditRoutes: FastifyPluginAsync<{ database: Database }> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/audit',
    {
      config: { access: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Search the append-only audit log, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    (request) => service.search(opts.database.db, requireActor(request), request.query),
  );
};
