import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requestLocale } from '../../core/errors.ts';
import {
  AddMemberBody,
  CreateDwellingBody,
  CreateHouseholdBody,
  CreatePersonBody,
  CreateTenancyBody,
  DwellingDto,
  DwellingList,
  DwellingQuery,
  EndTenancyBody,
  HouseholdDetail,
  HouseholdDto,
  HouseholdPage,
  HouseholdQuery,
  IdParams,
  PeopleExportQuery,
  PeopleQuery,
  PersonDetail,
  PersonItem,
  PersonList,
  Reveal,
  TenancyDto,
  TenantList,
  TenantsQuery,
  UpdatePersonBody,
} from './people.schema.ts';
import * as service from './people.service.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';

export type PeopleRouteOptions = ModuleOptions;

export const peopleRoutes: FastifyPluginAsync<PeopleRouteOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): service.PeopleContext => serviceContext(request, opts);
  const read = { access: 'people:read' as const };
  const manage = { access: 'people:manage' as const };
  const people = ['people'];
  const households = ['households'];

  app.get(
    '/people',
    {
      config: read,
      schema: {
        tags: people,
        summary: 'Find people by name fragment, exact ID or passport number, or exact phone, within scope',
        querystring: PeopleQuery,
        response: { 200: PersonList },
      },
    },
    (request) => service.listPeople(ctx(request), request.query),
  );

  app.get(
    '/people/export',
    {
      config: read,
      schema: {
        tags: people,
        summary: 'The people list as xlsx or CSV, with numbers masked',
        querystring: PeopleExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
      },
    },
    (request, reply) => service.exportPeople(ctx(request), request.query, reply, requestLocale(request)),
  );

  app.get(
    '/people/:id',
    {
      config: read,
      schema: {
        tags: people,
        summary: 'One person, masked, with household, dwelling and landlord',
        params: IdParams,
        response: { 200: PersonDetail },
      },
    },
    (request) => service.getPerson(ctx(request), request.params.id),
  );

  app.post(
    '/people/:id/reveal',
    {
      config: { access: 'pii:read' as const },
      schema: {
        tags: people,
        summary: 'The clear ID and phone number of one person; every call is audited',
        params: IdParams,
        response: { 200: Reveal },
      },
    },
    (request) => service.revealPerson(ctx(request), request.params.id),
  );

  app.get(
    '/people/:id/tenants',
    {
      config: read,
      schema: {
        tags: people,
        summary: 'The tenant households of a landlord',
        params: IdParams,
        querystring: TenantsQuery,
        response: { 200: TenantList },
      },
    },
    (request) => service.listTenants(ctx(request), request.params.id, request.query.includeEnded ?? false),
  );

  app.post(
    '/people',
    {
      config: manage,
      schema: {
        tags: people,
        summary: 'Register a person',
        body: CreatePersonBody,
        response: { 201: PersonItem },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createPerson(ctx(request), request.body)),
  );

  app.patch(
    '/people/:id',
    {
      config: manage,
      schema: {
        tags: people,
        summary: 'Change a person (optimistic version)',
        params: IdParams,
        body: UpdatePersonBody,
        response: { 200: PersonItem },
      },
    },
    (request) => service.updatePerson(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/dwellings',
    {
      config: read,
      schema: {
        tags: households,
        summary: 'Dwellings within scope, optionally of one compound',
        querystring: DwellingQuery,
        response: { 200: DwellingList },
      },
    },
    (request) => service.listDwellings(ctx(request), request.query),
  );

  app.post(
    '/dwellings',
    {
      config: manage,
      schema: {
        tags: households,
        summary: 'Register a dwelling (compound, building, unit, room)',
        body: CreateDwellingBody,
        response: { 201: DwellingDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createDwelling(ctx(request), request.body)),
  );

  app.get(
    '/households',
    {
      config: read,
      schema: {
        tags: households,
        summary: 'Households in scope, of one dwelling or under one area',
        querystring: HouseholdQuery,
        response: { 200: HouseholdPage },
      },
    },
    (request) => service.listHouseholds(ctx(request), request.query),
  );

  app.post(
    '/households',
    {
      config: manage,
      schema: {
        tags: households,
        summary: 'Register a household',
        body: CreateHouseholdBody,
        response: { 201: HouseholdDto },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createHousehold(ctx(request), request.body)),
  );

  app.get(
    '/households/:id',
    {
      config: read,
      schema: {
        tags: households,
        summary: 'One household with members, dwelling and active tenancy',
        params: IdParams,
        response: { 200: HouseholdDetail },
      },
    },
    (request) => service.getHousehold(ctx(request), request.params.id),
  );

  app.post(
    '/households/:id/members',
    {
      config: manage,
      schema: {
        tags: households,
        summary: 'Put a person into a household as head or member',
        params: IdParams,
        body: AddMemberBody,
        response: { 200: HouseholdDetail },
      },
    },
    (request) => service.addMember(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/tenancies',
    {
      config: manage,
      schema: {
        tags: households,
        summary: 'Tie a tenant household to its landlord (one active tenancy per household)',
        body: CreateTenancyBody,
        response: { 201: TenancyDto },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createTenancy(ctx(request), request.body)),
  );

  app.post(
    '/tenancies/:id/end',
    {
      config: manage,
      schema: {
        tags: households,
        summary: 'End a tenancy on a date',
        params: IdParams,
        body: EndTenancyBody,
        response: { 200: TenancyDto },
      },
    },
    (request) => service.endTenancy(ctx(request), request.params.id, request.body.endDate),
  );
};
