import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import { BriefingQuery } from './briefing.schema.ts';
import { dailyBriefingPdf } from './briefing.service.ts';

/** The printable daily briefing for the leadership (A4 PDF). */
export const briefingRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/dashboard/briefing.pdf',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['dashboard'],
        summary: 'The daily briefing of an area and day as an A4 PDF (Chinese, or English with lang=en)',
        querystring: BriefingQuery,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const { pdf, filename } = await dailyBriefingPdf(serviceContext(request, opts), request.query);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${filename}"`)
        .send(pdf);
    },
  );
};
