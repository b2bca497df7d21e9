import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  CalendarDay,
  CalendarDayBody,
  CalendarList,
  CalendarQuery,
  CaseMetrics,
  CaseMetricsQuery,
  DayParams,
  OverduePage,
  OverdueQuery,
} from './sla.schema.ts';
import * as service from './sla.service.ts';

export const slaRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const admin = { access: 'cases:admin' as const };
  const supervise = { access: 'cases:supervise' as const };
  const tags = ['sla'];

  app.get(
    '/calendar',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Holidays and make-up working days (调休) of a year',
        querystring: CalendarQuery,
        response: { 200: CalendarList },
      },
    },
    (request) => service.listCalendar(ctx(request), request.query.year),
  );

  app.put(
    '/calendar/:day',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Mark a day as a holiday or a make-up working day',
        params: DayParams,
        body: CalendarDayBody,
        response: { 200: CalendarDay },
      },
    },
    (request) => service.setCalendarDay(ctx(request), request.params.day, request.body),
  );

  app.delete(
    '/calendar/:day',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Remove an exception day (the day follows Monday–Friday again)',
        params: DayParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await service.removeCalendarDay(ctx(request), request.params.day);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/case-metrics',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Response, on-time resolution and satisfaction rates per department, area or case type',
        querystring: CaseMetricsQuery,
        response: { 200: CaseMetrics },
      },
    },
    (request) => service.caseMetrics(ctx(request), request.query),
  );

  app.get(
    '/cases-overdue',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Open cases past their resolution deadline, longest overdue first',
        querystring: OverdueQuery,
        response: { 200: OverduePage },
      },
    },
    (request) => service.overdueList(ctx(request), request.query),
  );
};
