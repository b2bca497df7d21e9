import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { auditActorOf } from '../../core/auth/auth.plugin.ts';
import type { ModuleOptions } from '../../core/request-context.ts';
import type { CodeSender } from '../../core/sms/code-sender.ts';
import type { PublicContext } from '../open311/public-requests.service.ts';
import {
  PublicPlaceParams,
  PublicRecordBody,
  PublicRecordCreated,
  PublicRecordPlace,
} from './public-records.schema.ts';
import * as service from './public-records.service.ts';

export interface PublicRecordsOptions extends ModuleOptions {
  codeSender?: CodeSender;
}

/**
 * Residents' records through a place's QR code (signed out). The code comes from the residents'
 * request form's endpoint, POST /api/public/verification-codes, so there is one code flow.
 */
export const publicRecordsRoutes: FastifyPluginAsync<PublicRecordsOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const pub = (request: FastifyRequest): PublicContext => ({
    db: opts.database.db,
    pii: opts.pii,
    who: { ...auditActorOf(request), actorName: 'resident' },
  });
  const open = { access: 'public' as const };
  const tags = ['public records'];

  app.get(
    '/public/record-places/:areaId',
    {
      config: open,
      schema: {
        tags,
        summary: 'A place and the forms residents may fill there (resident screening, returnee registration)',
        params: PublicPlaceParams,
        response: { 200: PublicRecordPlace },
      },
    },
    (request) => service.getRecordPlace(pub(request), request.params.areaId),
  );

  app.post(
    '/public/record-places/:areaId/records',
    {
      config: open,
      schema: {
        tags,
        summary:
          'A resident reports for themselves with the code sent to their phone; the phone must be registered under the place’s area',
        params: PublicPlaceParams,
        body: PublicRecordBody,
        response: { 200: PublicRecordCreated, 201: PublicRecordCreated },
      },
    },
    async (request, reply) => {
      const result = await service.submitPublicRecord(pub(request), request.params.areaId, request.body);
      return reply.status(result.replayed ? 200 : 201).send(result);
    },
  );
};
