import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions, type ServiceContext } from '../../core/request-context.ts';
import {
  FormKeyParams,
  PurgeRunResult,
  RetentionItem,
  RetentionList,
  RetentionSettingsBody,
} from './record-retention.schema.ts';
import * as service from './record-retention.service.ts';

/** Retention per form and the audited purge. */
export const recordRetentionRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): ServiceContext => serviceContext(request, opts);
  const admin = { access: 'records:admin' as const };
  const tags = ['record-retention'];

  app.get(
    '/record-retention',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Each form’s retention period and action, with its latest purges',
        response: { 200: RetentionList },
      },
    },
    (request) => service.listRetention(ctx(request)),
  );

  app.put(
    '/record-retention/:formKey',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Set how long a form’s records are kept (1–3650 days, or null: kept) and what happens after',
        params: FormKeyParams,
        body: RetentionSettingsBody,
        response: { 200: RetentionItem },
      },
    },
    (request) => service.setRetention(ctx(request), request.params.formKey, request.body),
  );

  app.post(
    '/record-retention/run',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Run the retention purge now; answers what each form had purged',
        response: { 200: PurgeRunResult },
      },
    },
    (request) => service.runRetentionNow(ctx(request)),
  );
};
