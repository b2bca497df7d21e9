import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { auditActorOf, requireActor } from '../../core/auth/auth.plugin.ts';
import { requestLocale } from '../../core/errors.ts';
import { sendTable } from '../../core/spreadsheet/export.ts';
import {
  ApplyBody,
  ImportJob,
  ImportJobList,
  JobParams,
  ListQuery,
  MappingBody,
  UploadQuery,
} from './imports.schema.ts';
import * as service from './imports.service.ts';

export interface ImportsRouteOptions {
  database: Database;
  pii: PiiCipher;
}

/** Files arrive as the raw request body (xlsx or CSV); the bytes decide the type, not this header. */
const UPLOAD_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export const importsRoutes: FastifyPluginAsync<ImportsRouteOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['imports'];
  const run = { access: 'imports:run' as const };
  const ctx = (request: FastifyRequest): service.ImportContext => ({
    database: opts.database,
    pii: opts.pii,
    actor: requireActor(request),
    who: auditActorOf(request),
    locale: requestLocale(request),
  });

  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: service.MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/imports',
    {
      config: run,
      bodyLimit: service.MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Upload a spreadsheet (raw xlsx or CSV body, at most 20 MB) and preview its import',
        consumes: UPLOAD_TYPES,
        querystring: UploadQuery,
        response: { 201: ImportJob },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await service.upload(ctx(request), {
          registry: request.query.registry,
          fileName: request.query.fileName,
          body: Buffer.isBuffer(request.body) ? request.body : new Uint8Array(),
        }),
      ),
  );

  app.get(
    '/imports',
    {
      config: run,
      schema: {
        tags,
        summary: 'My recent imports, newest first',
        querystring: ListQuery,
        response: { 200: ImportJobList },
      },
    },
    (request) => service.listMine(ctx(request), request.query.limit ?? 20),
  );

  app.get(
    '/imports/:id',
    {
      config: run,
      schema: {
        tags,
        summary: 'One import: status, progress, mapping, first problems and preview rows',
        params: JobParams,
        response: { 200: ImportJob },
      },
    },
    (request) => service.get(ctx(request), request.params.id),
  );

  app.get(
    '/imports/:id/report.xlsx',
    {
      config: run,
      schema: { tags, summary: 'Download every problem of an import as a spreadsheet', params: JobParams },
    },
    async (request, reply) => {
      const table = await service.report(ctx(request), request.params.id);
      return sendTable(reply, { format: 'xlsx', ...table });
    },
  );

  app.patch(
    '/imports/:id/mapping',
    {
      config: run,
      schema: {
        tags,
        summary: 'Choose which column feeds which field, and validate again',
        params: JobParams,
        body: MappingBody,
        response: { 200: ImportJob },
      },
    },
    (request) => service.remap(ctx(request), request.params.id, request.body.mapping),
  );

  app.post(
    '/imports/:id/apply',
    {
      config: run,
      schema: {
        tags,
        summary: 'Write the valid rows in one transaction, in the background; poll the import for progress',
        params: JobParams,
        body: ApplyBody,
        response: { 202: ImportJob },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await service.apply(ctx(request), request.params.id, request.body.skipInvalid ?? false)),
  );
};
