import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from './core/db/client.ts';
import type { PiiCipher } from './core/crypto/pii.ts';
import { temporaryFileStore, type FileStore } from './core/storage/file-store.ts';
import { errorHandler, messageFor, requestLocale } from './core/errors.ts';
import { validatorCompiler } from './core/validation.ts';
import { authentication, type RouteAccessEntry } from './core/auth/auth.plugin.ts';
import { idempotency } from './core/idempotency/idempotency.plugin.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { areasRoutes } from './modules/areas/areas.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { orgsRoutes } from './modules/orgs/orgs.routes.ts';
import { peopleRoutes } from './modules/people/people.routes.ts';
import { staffRoutes } from './modules/staff/staff.routes.ts';
import { importsRoutes } from './modules/imports/imports.routes.ts';
import { casesRoutes } from './modules/cases/cases.routes.ts';
import { slaRoutes } from './modules/sla/sla.routes.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { open311Routes } from './modules/open311/open311.routes.ts';
import { publicRequestsRoutes } from './modules/open311/public-requests.routes.ts';
import { recordsRoutes } from './modules/records/records.routes.ts';
import { publicRecordsRoutes } from './modules/records/public-records.routes.ts';
import { recordRulesRoutes } from './modules/records/record-rules.routes.ts';
import { complianceRoutes } from './modules/records/compliance.routes.ts';
import { reportTemplatesRoutes } from './modules/records/report-templates.routes.ts';
import { recordRetentionRoutes } from './modules/records/record-retention.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { briefingRoutes } from './modules/dashboard/briefing.routes.ts';
import { dashboardEventsRoutes } from './modules/dashboard/dashboard-events.routes.ts';
import { targetsRoutes } from './modules/dashboard/targets.routes.ts';
import type { CodeSender } from './core/sms/code-sender.ts';

export interface AppOptions {
  database: Database;
  /** Encrypts, decrypts and hashes personal data; from PII_KEY or the data folder. */
  pii: PiiCipher;
  /** Where uploaded files live (DATA_DIR); absent → a temporary folder (tests, the OpenAPI generator). */
  files?: FileStore;
  /** Sends residents' verification codes (SMS_SENDER); absent → printed to the console. */
  codeSender?: CodeSender;
  logLevel?: string;
  sessionTtlHours?: number;
  secureCookies?: boolean;
  /** Folder of the built SPA; when absent or missing the API runs alone. */
  webDist?: string;
  startedAt?: Date;
}

export type App = FastifyInstance & { routeAccess: RouteAccessEntry[] };

export const API_INFO = {
  title: 'Gridline API',
  description: 'City command platform: registries, cases, daily records and the command dashboard.',
  version: '0.1.0',
};

export async function buildApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'silent' },
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    requestIdHeader: false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  app.setErrorHandler(errorHandler);

  const routeAccess: RouteAccessEntry[] = [];
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: API_INFO,
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gridline_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
    },
  });
  await app.register(authentication, {
    db: options.database.db,
    sessionTtlHours: options.sessionTtlHours ?? 12,
    routes: routeAccess,
  });
  await app.register(idempotency, { db: options.database.db });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const services = {
    database: options.database,
    pii: options.pii,
    files: options.files ?? temporaryFileStore(),
    startedAt: options.startedAt ?? new Date(),
  };
  await app.register(
    async (api) => {
      await api.register(healthRoutes, services);
      await api.register(authRoutes, {
        ...services,
        sessionTtlHours: options.sessionTtlHours ?? 12,
        secureCookies: options.secureCookies ?? false,
      });
      await api.register(areasRoutes, services);
      await api.register(auditRoutes, services);
      await api.register(orgsRoutes, services);
      await api.register(peopleRoutes, services);
      await api.register(staffRoutes, services);
      await api.register(importsRoutes, services);
      await api.register(casesRoutes, services);
      await api.register(slaRoutes, services);
      await api.register(notificationsRoutes, services);
      await api.register(publicRequestsRoutes, { ...services, codeSender: options.codeSender });
      await api.register(recordsRoutes, services);
      await api.register(publicRecordsRoutes, { ...services, codeSender: options.codeSender });
      await api.register(recordRulesRoutes, services);
      await api.register(complianceRoutes, services);
      await api.register(reportTemplatesRoutes, services);
      await api.register(recordRetentionRoutes, services);
      await api.register(dashboardRoutes, services);
      await api.register(briefingRoutes, services);
      await api.register(dashboardEventsRoutes, services);
      await api.register(targetsRoutes, services);
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
      // Unknown API paths answer JSON, not the SPA.
      api.all('/*', { config: { access: 'public' }, schema: { hide: true } }, (request, reply) =>
        reply.status(404).send({
          error: { code: 'not_found', message: messageFor('not_found', requestLocale(request)), details: [] },
        }),
      );
    },
    { prefix: '/api' },
  );

  // Open311 GeoReport v2 lives at its conventional path, outside /api, for existing clients.
  await app.register(open311Routes, { ...services, prefix: '/open311/v2' });

  if (options.webDist && fs.existsSync(path.join(options.webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: options.webDist, wildcard: true, index: ['index.html'] });
    // Client-side routes (/areas, /audit …) get the SPA shell.
    app.setNotFoundHandler({}, (_request, reply) => reply.type('text/html').sendFile('index.html'));
  }

  return Object.assign(app, { routeAccess }) as unknown as App;
}
