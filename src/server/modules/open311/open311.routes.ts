import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditActorOf } from '../../core/auth/auth.plugin.ts';
import { AppError, describeValidationError, messageFor, requestLocale } from '../../core/errors.ts';
import type { ModuleOptions } from '../../core/request-context.ts';
import { Open311Error, formatOf, xmlDocument, type Open311Format, type XmlValue } from './open311.rules.ts';
import * as service from './open311.service.ts';

const FormatParams = Type.Object({ format: Type.String({ maxLength: 10 }) });
const CodeParams = Type.Object({
  service_code: Type.String({ minLength: 1, maxLength: 100 }),
  format: Type.String({ maxLength: 10 }),
});
const IdParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  format: Type.String({ maxLength: 10 }),
});
const TokenParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 100 }),
  format: Type.String({ maxLength: 10 }),
});
const RequestsQuery = Type.Object({
  service_request_id: Type.Optional(Type.String({ maxLength: 2000 })),
  service_code: Type.Optional(Type.String({ maxLength: 500 })),
  start_date: Type.Optional(Type.String({ format: 'date-time' })),
  end_date: Type.Optional(Type.String({ format: 'date-time' })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
});

const formatOfUrl = (url: string): Open311Format => (/\.xml(?:\?|$)/.test(url) ? 'xml' : 'json');

function send(
  reply: FastifyReply,
  format: Open311Format,
  status: number,
  root: string,
  value: XmlValue,
  item?: string,
) {
  if (format === 'xml') {
    return reply
      .status(status)
      .type('text/xml; charset=utf-8')
      .send(xmlDocument(root, value, item));
  }
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}

function sendErrors(reply: FastifyReply, format: Open311Format, status: number, descriptions: string[]) {
  const items = descriptions.map((description) => ({ code: status, description }));
  return send(reply, format, status, 'errors', items, 'error');
}

/** Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2, JSON and XML. */
export const open311Routes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const db = opts.database.db;
  const open = { access: 'public' as const };
  const tags = ['open311'];
  const lang = (request: FastifyRequest): service.Lang => (requestLocale(request) === 'en-US' ? 'en' : 'zh');
  const formatOrFail = (raw: string): Open311Format => {
    const format = formatOf(raw);
    if (!format) throw new Open311Error(404, ['format must be json or xml']);
    return format;
  };

  // Clients post forms (application/x-www-form-urlencoded) as the spec shows; JSON works as well.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const format = formatOfUrl(request.url);
    if (error instanceof Open311Error) return sendErrors(reply, format, error.status, error.descriptions);
    const locale = requestLocale(request);
    if (error instanceof AppError)
      return sendErrors(reply, format, error.status, [messageFor(error.code, locale)]);
    const validation = (error as { validation?: unknown }).validation;
    if (Array.isArray(validation)) {
      const descriptions = validation.map((v: Parameters<typeof describeValidationError>[0]) => {
        const d = describeValidationError(v, 'en-US');
        return `${d.field || String(error.validationContext ?? 'request')} ${d.reason}`;
      });
      return sendErrors(reply, format, 400, descriptions);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendErrors(reply, format, status === 415 ? 400 : status, [error.message]);
    request.log.error({ err: error }, 'unhandled error');
    return sendErrors(reply, format, 500, ['internal error']);
  });

  app.setNotFoundHandler((request, reply) => sendErrors(reply, formatOfUrl(request.url), 404, ['not found']));

  app.get(
    '/discovery.:format',
    { config: open, schema: { tags, summary: 'Open311 service discovery', params: FormatParams } },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      const base = `${request.protocol}://${request.host}`;
      return send(reply, format, 200, 'discovery', await service.discovery(db, base));
    },
  );

  app.get(
    '/services.:format',
    {
      config: open,
      schema: { tags, summary: 'Open311 services: the published case types', params: FormatParams },
    },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      return send(reply, format, 200, 'services', await service.listServices(db, lang(request)), 'service');
    },
  );

  app.get(
    '/services/:service_code.:format',
    {
      config: open,
      schema: { tags, summary: 'Open311 service definition (attributes)', params: CodeParams },
    },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      const definition = await service.serviceDefinition(db, request.params.service_code, lang(request));
      return send(reply, format, 200, 'service_definition', definition);
    },
  );

  app.get(
    '/requests.:format',
    {
      config: open,
      schema: {
        tags,
        summary:
          'Open311 service requests (residents’ requests only; default the last 90 days, at most 1000)',
        params: FormatParams,
        querystring: RequestsQuery,
      },
    },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      const rows = await service.listRequests(db, request.query, lang(request));
      return send(reply, format, 200, 'service_requests', rows, 'request');
    },
  );

  app.get(
    '/requests/:id.:format',
    { config: open, schema: { tags, summary: 'One Open311 service request', params: IdParams } },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      const rows = await service.getRequest(db, request.params.id, lang(request));
      return send(reply, format, 200, 'service_requests', rows, 'request');
    },
  );

  app.post(
    '/requests.:format',
    {
      config: open,
      schema: {
        tags,
        summary: 'File an Open311 service request (api_key required; form-encoded or JSON)',
        params: FormatParams,
      },
    },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      const raw = request.body;
      const query = request.query as Record<string, unknown>;
      const body: Record<string, unknown> = {
        ...(raw !== null && typeof raw === 'object' && !Array.isArray(raw)
          ? (raw as Record<string, unknown>)
          : {}),
      };
      if (body.api_key === undefined && typeof query.api_key === 'string') body.api_key = query.api_key;
      const rows = await service.postRequest({ db, pii: opts.pii, who: auditActorOf(request) }, body);
      return send(reply, format, 201, 'service_requests', rows, 'request');
    },
  );

  app.get(
    '/tokens/:token.:format',
    { config: open, schema: { tags, summary: 'Open311 token → service_request_id', params: TokenParams } },
    async (request, reply) => {
      const format = formatOrFail(request.params.format);
      return send(
        reply,
        format,
        200,
        'service_requests',
        await service.lookupToken(db, request.params.token),
        'request',
      );
    },
  );
};
