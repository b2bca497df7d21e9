import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../../core/db/client.ts';
import { schemaVersion } from '../../core/db/migrations.ts';

const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Object({
    kind: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    schemaVersion: Type.Integer({ description: 'Number of migrations applied' }),
    migration: Type.Union([Type.String(), Type.Null()], {
      description: 'Tag of the newest applied migration',
    }),
  }),
  uptimeSeconds: Type.Number(),
  startedAt: Type.String({ format: 'date-time' }),
});

export const healthRoutes: FastifyPluginAsync<{ database: Database; startedAt: Date }> = async (
  app,
  opts,
) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'Liveness and schema version', response: { 200: Health } },
    },
    async () => {
      const version = await schemaVersion(opts.database);
      return {
        status: 'ok' as const,
        database: { kind: opts.database.kind, schemaVersion: version.applied, migration: version.tag },
        uptimeSeconds: Math.round((Date.now() - opts.startedAt.getTime()) / 1000),
        startedAt: opts.startedAt.toISOString(),
      };
    },
  );
};
