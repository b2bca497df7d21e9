import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { requestLocale } from '../../core/errors.ts';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  DashboardBreakdown,
  DashboardDimension,
  DashboardQuery,
  DashboardRowsPage,
  DashboardSummary,
  DashboardTrend,
  ExportQuery,
  GeoFeatureCollection,
  GeoQuery,
  MetricQuery,
  RowsQuery,
  TrendQuery,
} from './dashboard.schema.ts';
import * as service from './dashboard.service.ts';

/** The command dashboard's figures: summary, breakdown by child area, trends, dimensions, map shapes, exports. */
export const dashboardRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const config = { access: 'dashboard:read' as const };
  const tags = ['dashboard'];

  app.get(
    '/dashboard/summary',
    {
      config,
      schema: {
        tags,
        summary:
          'Every metric over an area and day range, with the previous equal range, and the structure figures',
        querystring: DashboardQuery,
        response: { 200: DashboardSummary },
      },
    },
    (request) => service.summary(ctx(request), request.query),
  );

  app.get(
    '/dashboard/breakdown',
    {
      config,
      schema: {
        tags,
        summary: 'One metric per child area (every child, with or without figures), best first',
        querystring: MetricQuery,
        response: { 200: DashboardBreakdown },
      },
    },
    (request) => service.breakdown(ctx(request), request.query),
  );

  app.get(
    '/dashboard/trend',
    {
      config,
      schema: {
        tags,
        summary: 'Up to 6 metrics per day over the range (stocks as of each day)',
        querystring: TrendQuery,
        response: { 200: DashboardTrend },
      },
    },
    (request) => service.trend(ctx(request), request.query),
  );

  app.get(
    '/dashboard/dimension',
    {
      config,
      schema: {
        tags,
        summary: 'One metric by industry or handling department',
        querystring: MetricQuery,
        response: { 200: DashboardDimension },
      },
    },
    (request) => service.dimension(ctx(request), request.query),
  );

  app.get(
    '/dashboard/geo',
    {
      config,
      schema: {
        tags,
        summary: 'The child areas’ map shapes as GeoJSON (empty when the scenario ships none)',
        querystring: GeoQuery,
        response: { 200: GeoFeatureCollection },
      },
    },
    (request) => service.geo(ctx(request), request.query),
  );

  app.get(
    '/dashboard/rows',
    {
      config,
      schema: {
        tags,
        summary: 'The records, cases or enterprises behind a number; keyset pages',
        querystring: RowsQuery,
        response: { 200: DashboardRowsPage },
      },
    },
    (request) => service.rows(ctx(request), request.query),
  );

  app.get(
    '/dashboard/export.xlsx',
    {
      config,
      schema: {
        tags,
        summary: 'A chart’s data as xlsx (summary, breakdown, trend or dimension), headers in zh or en',
        querystring: ExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    (request, reply) => service.exportView(ctx(request), request.query, reply, requestLocale(request)),
  );
};
