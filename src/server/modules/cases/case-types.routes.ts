import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  CaseType,
  CaseTypeCodeParams,
  CaseTypeIdParams,
  CaseTypeList,
  CaseTypeQuery,
  CreateCaseTypeBody,
  UpdateCaseTypeBody,
} from './case-types.schema.ts';
import * as service from './case-types.service.ts';

export const caseTypesRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const tags = ['case-types'];

  app.get(
    '/case-types',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Case types with their form fields, categories, SLA and who may file them',
        querystring: CaseTypeQuery,
        response: { 200: CaseTypeList },
      },
    },
    (request) => service.listCaseTypes(ctx(request), request.query.includeInactive ?? false),
  );

  app.get(
    '/case-types/:code',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One case type by code',
        params: CaseTypeCodeParams,
        response: { 200: CaseType },
      },
    },
    (request) => service.getCaseType(ctx(request), request.params.code),
  );

  app.post(
    '/case-types',
    {
      config: { access: 'cases:admin' },
      schema: {
        tags,
        summary: 'Define a case type',
        body: CreateCaseTypeBody,
        response: { 201: CaseType },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createCaseType(ctx(request), request.body)),
  );

  app.patch(
    '/case-types/:id',
    {
      config: { access: 'cases:admin' },
      schema: {
        tags,
        summary: 'Change a case type (fields, categories, SLA, submitters, active); stale version is 409',
        params: CaseTypeIdParams,
        body: UpdateCaseTypeBody,
        response: { 200: CaseType },
      },
    },
    (request) => service.updateCaseType(ctx(request), request.params.id, request.body),
  );
};
