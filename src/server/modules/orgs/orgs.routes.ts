import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requestLocale } from '../../core/errors.ts';
import {
  ChangeStatusBody,
  CreateOrgBody,
  IdParams,
  OrgDetail,
  OrgItem,
  OrgList,
  OrgsExportQuery,
  OrgsQuery,
  Reveal,
  UpdateOrgBody,
} from './orgs.schema.ts';
import * as service from './orgs.service.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';

export type OrgsRouteOptions = ModuleOptions;

export const orgsRoutes: FastifyPluginAsync<OrgsRouteOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): service.OrgsContext => serviceContext(request, opts);
  const read = { access: 'orgs:read' as const };
  const manage = { access: 'orgs:manage' as const };
  const tags = ['orgs'];

  app.get(
    '/orgs',
    {
      config: read,
      schema: {
        tags,
        summary:
          'Find organisations by name fragment, exact credit code or exact contact phone, with filters, within scope',
        querystring: OrgsQuery,
        response: { 200: OrgList },
      },
    },
    (request) => service.listOrgs(ctx(request), request.query),
  );

  app.get(
    '/orgs/export',
    {
      config: read,
      schema: {
        tags,
        summary: 'The filtered organisation list as xlsx or CSV, phones masked',
        querystring: OrgsExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      },
    },
    (request, reply) => service.exportOrgs(ctx(request), request.query, reply, requestLocale(request)),
  );

  app.get(
    '/orgs/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One organisation with its status history and the ancestors of its area',
        params: IdParams,
        response: { 200: OrgDetail },
      },
    },
    (request) => service.getOrg(ctx(request), request.params.id),
  );

  app.post(
    '/orgs/:id/reveal',
    {
      config: { access: 'pii:read' as const },
      schema: {
        tags,
        summary: 'The clear contact phone of one organisation; every call is audited',
        params: IdParams,
        response: { 200: Reveal },
      },
    },
    (request) => service.revealContact(ctx(request), request.params.id),
  );

  app.post(
    '/orgs',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Register an organisation',
        body: CreateOrgBody,
        response: { 201: OrgItem },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createOrg(ctx(request), request.body)),
  );

  app.patch(
    '/orgs/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change an organisation (optimistic version); status changes go through /status',
        params: IdParams,
        body: UpdateOrgBody,
        response: { 200: OrgItem },
      },
    },
    (request) => service.updateOrg(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/orgs/:id/status',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Move an organisation to a new operating status on a date (suspended, resumed, closed)',
        params: IdParams,
        body: ChangeStatusBody,
        response: { 200: OrgDetail },
      },
    },
    (request) => service.changeStatus(ctx(request), request.params.id, request.body),
  );
};
