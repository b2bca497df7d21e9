import type { FastifyPluginAsync } from 'fastify';
import type { ModuleOptions } from '../../core/request-context.ts';
import type { CodeSender } from '../../core/sms/code-sender.ts';

export interface PublicRecordsOptions extends ModuleOptions {
  codeSender?: CodeSender;
}

/** Residents' records through a place's QR code (owner: records core). Skeleton: routes land with the capability. */
export const publicRecordsRoutes: FastifyPluginAsync<PublicRecordsOptions> = async () => {};
