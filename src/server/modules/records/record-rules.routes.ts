import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  CreateRecordRuleBody,
  RecordRule,
  RecordRuleIdParams,
  RecordRuleList,
  RuleHitPage,
  RuleHitQuery,
  UpdateRecordRuleBody,
} from './record-rules.schema.ts';
import * as service from './record-rules.service.ts';

/** Rules on records as data, and the conditions they found (hits, with the cases they opened). */
export const recordRulesRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const tags = ['record-rules'];

  app.get(
    '/record-rules',
    {
      config: { access: 'records:admin' },
      schema: {
        tags,
        summary: 'Rules on daily records, with how many of their conditions hold now',
        response: { 200: RecordRuleList },
      },
    },
    (request) => service.listRules(ctx(request)),
  );

  app.post(
    '/record-rules',
    {
      config: { access: 'records:admin' },
      schema: {
        tags,
        summary: 'Define a rule: a condition on a form (checked against its current version) and an action',
        body: CreateRecordRuleBody,
        response: { 201: RecordRule },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createRule(ctx(request), request.body)),
  );

  app.patch(
    '/record-rules/:id',
    {
      config: { access: 'records:admin' },
      schema: {
        tags,
        summary: 'Change a rule; a changed condition or switching it off clears its open hits',
        params: RecordRuleIdParams,
        body: UpdateRecordRuleBody,
        response: { 200: RecordRule },
      },
    },
    (request) => service.updateRule(ctx(request), request.params.id, request.body),
  );

  app.get(
    '/record-rule-hits',
    {
      config: { access: 'records:supervise' },
      schema: {
        tags,
        summary: 'Conditions found by the rules in the actor’s area, newest first, with the case each opened',
        querystring: RuleHitQuery,
        response: { 200: RuleHitPage },
      },
    },
    (request) => service.listHits(ctx(request), request.query),
  );
};
