import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../core/db/client.ts';
import { auditActorOf, requireActor } from '../../core/auth/auth.plugin.ts';
import type { FastifyRequest } from 'fastify';
import {
  Area,
  AreaDetail,
  AreaList,
  AreaParams,
  ChildrenQuery,
  CreateAreaBody,
  MoveAreaBody,
  SearchQuery,
  SearchResult,
  SubtreeQuery,
  UpdateAreaBody,
  VersionBody,
} from './areas.schema.ts';
import * as service from './areas.service.ts';

export const areasRoutes: FastifyPluginAsync<{ database: Database }> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['areas'];
  const ctx = (request: FastifyRequest): service.AreaContext => ({
    db: opts.database.db,
    actor: requireActor(request),
    who: auditActorOf(request),
  });
  const read = { access: 'areas:read' as const };
  const manage = { access: 'areas:manage' as const };

  app.get(
    '/areas',
    {
      config: read,
      schema: {
        tags,
        summary: 'Children of an area, or the roots the caller may see',
        querystring: ChildrenQuery,
        response: { 200: AreaList },
      },
    },
    (request) =>
      service.listChildren(ctx(request), request.query.parentId, request.query.includeInactive ?? false),
  );

  app.get(
    '/areas/search',
    {
      config: read,
      schema: {
        tags,
        summary: 'Find areas by name or code within the caller’s scope',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    (request) => service.search(ctx(request), request.query),
  );

  app.get(
    '/areas/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One area with its ancestors and descendant counts',
        params: AreaParams,
        response: { 200: AreaDetail },
      },
    },
    (request) => service.getDetail(ctx(request), request.params.id),
  );

  app.get(
    '/areas/:id/subtree',
    {
      config: read,
      schema: {
        tags,
        summary: 'An area and its descendants, ordered by path',
        params: AreaParams,
        querystring: SubtreeQuery,
        response: { 200: AreaList },
      },
    },
    (request) =>
      service.getSubtree(
        ctx(request),
        request.params.id,
        request.query.maxDepth ?? 10,
        request.query.includeInactive ?? false,
      ),
  );

  app.post(
    '/areas',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create an area under a parent',
        body: CreateAreaBody,
        response: { 201: Area },
      },
    },
    async (request, reply) => reply.status(201).send(await service.create(ctx(request), request.body)),
  );

  app.patch(
    '/areas/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Rename an area or change its kind or order',
        params: AreaParams,
        body: UpdateAreaBody,
        response: { 200: Area },
      },
    },
    (request) => service.update(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/areas/:id/move',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Move an area and its subtree under another parent',
        params: AreaParams,
        body: MoveAreaBody,
        response: { 200: Area },
      },
    },
    (request) => service.move(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/areas/:id/deactivate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Deactivate an area and its subtree',
        params: AreaParams,
        body: VersionBody,
        response: { 200: Area },
      },
    },
    (request) => service.setActive(ctx(request), request.params.id, request.body.version, false),
  );

  app.post(
    '/areas/:id/reactivate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Undo a deactivation: reactivate an area and its subtree',
        params: AreaParams,
        body: VersionBody,
        response: { 200: Area },
      },
    },
    (request) => service.setActive(ctx(request), request.params.id, request.body.version, true),
  );
};
