import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  CreateTargetBody,
  IssuedSheet,
  IssueSheetBody,
  Laggards,
  Target,
  TargetPage,
  TargetParams,
  TargetsQuery,
  UpdateTargetBody,
  VersionBody,
} from './targets.schema.ts';
import * as service from './targets.service.ts';
import { announceDashboardChange } from './dashboard-events.service.ts';

/** Targets (metric × area × due day × value), their progress, laggards and progress supervision sheets. */
export const targetsRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const read = { access: 'dashboard:read' as const };
  const manage = { access: 'targets:manage' as const };
  const tags = ['targets'];

  app.get(
    '/targets',
    {
      config: read,
      schema: {
        tags,
        summary: 'Targets in scope with their actual value, progress and status (soonest due first)',
        querystring: TargetsQuery,
        response: { 200: TargetPage },
      },
    },
    (request) => service.listTargets(ctx(request), request.query),
  );

  app.get(
    '/targets/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One target with its progress',
        params: TargetParams,
        response: { 200: Target },
      },
    },
    (request) => service.getTarget(ctx(request), request.params.id),
  );

  app.post(
    '/targets',
    {
      config: manage,
      schema: { tags, summary: 'Set a target', body: CreateTargetBody, response: { 201: Target } },
    },
    async (request, reply) => {
      const target = await service.createTarget(ctx(request), request.body);
      await announceDashboardChange(opts.database, [target.area.path], request.log);
      return reply.status(201).send(target);
    },
  );

  app.patch(
    '/targets/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a target (with the version read; stale → 409)',
        params: TargetParams,
        body: UpdateTargetBody,
        response: { 200: Target },
      },
    },
    async (request) => {
      const target = await service.updateTarget(ctx(request), request.params.id, request.body);
      await announceDashboardChange(opts.database, [target.area.path], request.log);
      return target;
    },
  );

  app.post(
    '/targets/:id/deactivate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Deactivate a target (undo with …/activate)',
        params: TargetParams,
        body: VersionBody,
        response: { 200: Target },
      },
    },
    async (request) => {
      const target = await service.setTargetActive(
        ctx(request),
        request.params.id,
        false,
        request.body ?? {},
      );
      await announceDashboardChange(opts.database, [target.area.path], request.log);
      return target;
    },
  );

  app.post(
    '/targets/:id/activate',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Reactivate a deactivated target',
        params: TargetParams,
        body: VersionBody,
        response: { 200: Target },
      },
    },
    async (request) => {
      const target = await service.setTargetActive(ctx(request), request.params.id, true, request.body ?? {});
      await announceDashboardChange(opts.database, [target.area.path], request.log);
      return target;
    },
  );

  app.get(
    '/targets/:id/laggards',
    {
      config: read,
      schema: {
        tags,
        summary: 'The child areas of the target’s area with their own progress, laggards first',
        params: TargetParams,
        response: { 200: Laggards },
      },
    },
    (request) => service.targetLaggards(ctx(request), request.params.id),
  );

  app.post(
    '/targets/:id/sheets',
    {
      config: manage,
      schema: {
        tags,
        summary:
          'Issue a progress supervision sheet (进度督促单) to an area under the target: 201 new, 200 the open one',
        params: TargetParams,
        body: IssueSheetBody,
        response: { 200: IssuedSheet, 201: IssuedSheet },
      },
    },
    async (request, reply) => {
      const result = await service.issueSheet(ctx(request), request.params.id, request.body);
      // The sheet is a case no rollup counts: open dashboards hear of it here (their target panels refetch).
      if (result.created) await announceDashboardChange(opts.database, [result.sheet.areaPath], request.log);
      return reply.status(result.created ? 201 : 200).send(result);
    },
  );
};
