import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError } from '../../core/errors.ts';
import { can } from '../../core/access/policy.ts';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import { caseWorkRoutes } from './case-work.routes.ts';
import { caseTypesRoutes } from './case-types.routes.ts';
import {
  ActionBody,
  ActionParams,
  CaseDetail,
  CaseEvent,
  CaseEventList,
  CasePage,
  CaseParams,
  CaseQuery,
  CommentBody,
  CreateCaseBody,
  RatingBody,
  SimilarQuery,
  SimilarResult,
} from './cases.schema.ts';
import * as service from './cases.service.ts';

export const casesRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  await plain.register(caseTypesRoutes, opts);
  await plain.register(caseWorkRoutes, opts);

  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  /** Staff who read cases and requesters who file them; others (e.g. volunteers) are refused. */
  const ctx = (request: FastifyRequest): ServiceContext => {
    const context = serviceContext(request, opts);
    if (!can(context.actor, 'cases:read') && !can(context.actor, 'cases:submit'))
      throw new AppError('forbidden');
    return context;
  };
  const signedIn = { access: 'authenticated' as const };
  const tags = ['cases'];

  app.get(
    '/cases',
    {
      config: signedIn,
      schema: {
        tags,
        summary:
          'Cases the caller may see, by view (mine, team, department, overdue, requested, all); keyset pages',
        querystring: CaseQuery,
        response: { 200: CasePage },
      },
    },
    (request) => service.listCases(ctx(request), request.query),
  );

  app.get(
    '/cases/similar',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Cases like the one being filed (same subject and category, or similar title) and guides',
        querystring: SimilarQuery,
        response: { 200: SimilarResult },
      },
    },
    (request) => service.similarCases(ctx(request), request.query),
  );

  app.post(
    '/cases',
    {
      config: { access: 'cases:submit' },
      schema: {
        tags,
        summary: 'File a case; an enterprise problem goes straight to the enterprise’s primary liaison',
        body: CreateCaseBody,
        response: { 201: CaseDetail },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createCase(ctx(request), request.body)),
  );

  app.get(
    '/cases/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'One case with its tasks, pending handover and what the caller may do',
        params: CaseParams,
        response: { 200: CaseDetail },
      },
    },
    (request) => service.getCase(ctx(request), request.params.id),
  );

  app.get(
    '/cases/:id/events',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The case timeline (requesters see public entries only)',
        params: CaseParams,
        response: { 200: CaseEventList },
      },
    },
    (request) => service.listEvents(ctx(request), request.params.id),
  );

  app.post(
    '/cases/:id/actions/:action',
    {
      config: signedIn,
      schema: {
        tags,
        summary:
          'Move the case through its lifecycle (accept, start, resolve, close, confirm, reject, withdraw, merge, reopen)',
        params: ActionParams,
        body: ActionBody,
        response: { 200: CaseDetail },
      },
    },
    (request) => service.takeAction(ctx(request), request.params.id, request.params.action, request.body),
  );

  app.post(
    '/cases/:id/comments',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Comment on a case (requesters: public only; staff: public or internal)',
        params: CaseParams,
        body: CommentBody,
        response: { 201: CaseEvent },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.addComment(ctx(request), request.params.id, request.body)),
  );

  app.post(
    '/cases/:id/rating',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The requester rates a resolved or closed case, once',
        params: CaseParams,
        body: RatingBody,
        response: { 200: CaseDetail },
      },
    },
    (request) => service.rateCase(ctx(request), request.params.id, request.body),
  );
};
