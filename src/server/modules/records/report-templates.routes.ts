import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requestLocale } from '../../core/errors.ts';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  CreateTemplateBody,
  Report,
  ReportQuery,
  Template,
  TemplateIdParams,
  TemplateKeyParams,
  TemplateList,
  TemplateListQuery,
  UpdateTemplateBody,
} from './report-templates.schema.ts';
import * as service from './report-templates.service.ts';

/** Departments' report sheets from the same records: "one form, many uses". */
export const reportTemplatesRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const supervise = { access: 'records:supervise' as const };
  const admin = { access: 'records:admin' as const };
  const tags = ['report-templates'];

  app.get(
    '/report-templates',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'The departments’ report templates over daily records',
        querystring: TemplateListQuery,
        response: { 200: TemplateList },
      },
    },
    (request) => service.listTemplates(ctx(request), request.query.includeInactive ?? false),
  );

  app.post(
    '/report-templates',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Define a report template; its columns are checked against the form’s fields',
        body: CreateTemplateBody,
        response: { 201: Template },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createTemplate(ctx(request), request.body)),
  );

  app.patch(
    '/report-templates/:id',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Change a report template (name, grouping, columns, active)',
        params: TemplateIdParams,
        body: UpdateTemplateBody,
        response: { 200: Template },
      },
    },
    (request) => service.updateTemplate(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/report-templates/:key/report',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'A template’s sheet over a day range (at most 92 days), per area or subject, with totals',
        params: TemplateKeyParams,
        querystring: ReportQuery,
        response: { 200: Report },
      },
    },
    (request) => service.buildReport(ctx(request), request.params.key, request.query),
  );

  app.get(
    '/report-templates/:key/report.xlsx',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'The same sheet as xlsx, with a title row naming the template, range and area',
        params: TemplateKeyParams,
        querystring: ReportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    (request, reply) =>
      service.sendReportXlsx(ctx(request), request.params.key, request.query, reply, requestLocale(request)),
  );
};
