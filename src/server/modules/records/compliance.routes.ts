import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  ComplianceQuery,
  ComplianceSummary,
  MissingPage,
  MissingQuery,
  Rates,
  RatesQuery,
  ReminderBody,
  ReminderResult,
} from './compliance.schema.ts';
import {
  CreateScreeningBody,
  EndScreeningBody,
  Screening,
  ScreeningPage,
  ScreeningParams,
  ScreeningsQuery,
} from './screenings.schema.ts';
import * as compliance from './compliance.service.ts';
import * as screenings from './screenings.service.ts';

/** Who has not reported, reminders, reporting rates, and the screening lists that say who must report. */
export const complianceRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const supervise = { access: 'records:supervise' as const };
  const tags = ['compliance'];

  app.get(
    '/compliance',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Expected and reported subjects per form with an expectation, per child area, for a day',
        querystring: ComplianceQuery,
        response: { 200: ComplianceSummary },
      },
    },
    (request) => compliance.complianceSummary(ctx(request), request.query),
  );

  app.get(
    '/compliance/missing',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Subjects that have not (fully) reported a form on a day, by area',
        querystring: MissingQuery,
        response: { 200: MissingPage },
      },
    },
    (request) => compliance.missingList(ctx(request), request.query),
  );

  app.post(
    '/compliance/reminders',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Remind whoever answers for each missing subject, once per subject, form and day',
        body: ReminderBody,
        response: { 200: ReminderResult },
      },
    },
    (request) => compliance.sendReminders(ctx(request), request.body),
  );

  app.get(
    '/compliance/rates',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Reporting rate of a form per day and child area (at most 62 days)',
        querystring: RatesQuery,
        response: { 200: Rates },
      },
    },
    (request) => compliance.rates(ctx(request), request.query),
  );

  app.get(
    '/screenings',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Residents under daily screening (每日排摸), latest start first',
        querystring: ScreeningsQuery,
        response: { 200: ScreeningPage },
      },
    },
    (request) => screenings.listScreenings(ctx(request), request.query),
  );

  app.post(
    '/screenings',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'Put a person under daily screening from a day (until a day, or until ended)',
        body: CreateScreeningBody,
        response: { 201: Screening },
      },
    },
    async (request, reply) => {
      const created = await screenings.createScreening(ctx(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/screenings/:id/end',
    {
      config: supervise,
      schema: {
        tags,
        summary: 'End a screening on a day (inclusive)',
        params: ScreeningParams,
        body: EndScreeningBody,
        response: { 200: Screening },
      },
    },
    (request) => screenings.endScreening(ctx(request), request.params.id, request.body),
  );
};
