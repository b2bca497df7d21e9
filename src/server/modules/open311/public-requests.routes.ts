import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auditActorOf } from '../../core/auth/auth.plugin.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import { consoleCodeSender, type CodeSender } from '../../core/sms/code-sender.ts';
import {
  ApiKey,
  ApiKeyCreated,
  ApiKeyList,
  AreaIdParams,
  CodeRequestBody,
  CodeSent,
  CreateApiKeyBody,
  KeyIdParams,
  PlaceParams,
  PublicPlace,
  PublicRequestBody,
  PublicRequestCreated,
  TrackedRequest,
  TrackingParams,
} from './public-requests.schema.ts';
import * as service from './public-requests.service.ts';
import * as open311 from './open311.service.ts';

export interface PublicRequestsOptions extends ModuleOptions {
  /** Where verification codes go; absent → the console (no SMS gateway). */
  codeSender?: CodeSender;
}

/** The resident's QR form (signed out), the places' QR codes, and the Open311 API keys. */
export const publicRequestsRoutes: FastifyPluginAsync<PublicRequestsOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const sender = opts.codeSender ?? consoleCodeSender();
  const db = opts.database.db;
  const pub = (request: FastifyRequest): service.PublicContext => ({
    db,
    pii: opts.pii,
    who: { ...auditActorOf(request), actorName: 'resident' },
  });
  const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  const open = { access: 'public' as const };
  const tags = ['public requests'];

  app.post(
    '/public/verification-codes',
    {
      config: open,
      schema: {
        tags,
        summary: 'Send a six-digit code to a resident’s mobile (5 per hour; 429 with Retry-After beyond)',
        body: CodeRequestBody,
        response: { 202: CodeSent },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.sendVerificationCode(pub(request), sender, request.body)),
  );

  app.get(
    '/public/places/:code',
    {
      config: open,
      schema: {
        tags,
        summary: 'A place (by area id or path) and the case types residents may file there',
        params: PlaceParams,
        response: { 200: PublicPlace },
      },
    },
    (request) => service.getPlace(db, request.params.code),
  );

  app.post(
    '/public/requests',
    {
      config: open,
      schema: {
        tags,
        summary: 'File a resident’s request with the code sent to their phone',
        body: PublicRequestBody,
        response: { 201: PublicRequestCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.submitPublicRequest(pub(request), request.body)),
  );

  app.get(
    '/public/requests/:trackingToken',
    {
      config: open,
      schema: {
        tags,
        summary: 'A resident’s request by its tracking token: status and public updates, no personal data',
        params: TrackingParams,
        response: { 200: TrackedRequest },
      },
    },
    (request) => service.trackRequest(db, request.params.trackingToken),
  );

  for (const format of ['png', 'svg'] as const) {
    app.get(
      `/areas/:id/qr.${format}`,
      {
        config: { access: 'areas:read' },
        schema: {
          tags: ['areas'],
          summary: `The QR code (${format.toUpperCase()}) of a place's resident form, /r/<area id>`,
          params: AreaIdParams,
        },
      },
      async (request, reply) => {
        const qr = await service.placeQr(
          serviceContext(request, opts),
          request.params.id,
          origin(request),
          format,
        );
        return reply
          .header('content-type', format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'image/png')
          .header('x-qr-url', qr.url)
          .header('cache-control', 'private, max-age=3600')
          .send(qr.body);
      },
    );
  }

  // ── Open311 API keys ──
  const admin = { access: 'cases:admin' as const };
  const keyTags = ['open311'];
  app.post(
    '/open311/keys',
    {
      config: admin,
      schema: {
        tags: keyTags,
        summary: 'Issue an Open311 API key (the key is returned this once)',
        body: CreateApiKeyBody,
        response: { 201: ApiKeyCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await open311.createApiKey(serviceContext(request, opts), request.body.name)),
  );

  app.get(
    '/open311/keys',
    {
      config: admin,
      schema: { tags: keyTags, summary: 'Open311 API keys (prefix only)', response: { 200: ApiKeyList } },
    },
    (request) => open311.listApiKeys(serviceContext(request, opts)),
  );

  app.post(
    '/open311/keys/:id/revoke',
    {
      config: admin,
      schema: {
        tags: keyTags,
        summary: 'Revoke an Open311 API key',
        params: KeyIdParams,
        response: { 200: ApiKey },
      },
    },
    (request) => open311.revokeApiKey(serviceContext(request, opts), request.params.id),
  );
};
