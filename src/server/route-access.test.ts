import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from './app.ts';
import { authentication, type RouteAccessEntry } from './core/auth/auth.plugin.ts';
import { permissionsOf, rolesAllowed } from './core/access/policy.ts';
import type { Permission } from '../shared/access.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { createTestApp, signInAs } from './testing/factories.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const concreteUrl = (url: string) => url.replace(/:id\b/g, crypto.randomUUID());

describe('route access', () => {
  let database: TestDatabase;
  let app: App;
  let routes: RouteAccessEntry[];
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    app = await createTestApp(database);
    await app.ready();
    routes = [...app.routeAccess].sort(
      (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
    );
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('matches the reviewed snapshot of who may call what', () => {
    const list = routes.map((r) => ({ ...r, roles: rolesAllowed(r.access) }));
    expect(list).toMatchSnapshot();
  });

  it('keeps public routes to the known few', () => {
    expect(routes.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'GET /api/health']),
    );
    const publicUrls = new Set(routes.filter((r) => r.access === 'public').map((r) => r.url));
    // Residents file requests and report screenings through the QR forms, and Open311 clients file
    // without an account; nothing else is public.
    expect([...publicUrls].sort()).toEqual([
      '/api/*',
      '/api/auth/login',
      '/api/health',
      '/api/openapi.json',
      '/api/public/places/:code',
      '/api/public/record-places/:areaId',
      '/api/public/record-places/:areaId/records',
      '/api/public/requests',
      '/api/public/requests/:trackingToken',
      '/api/public/verification-codes',
      '/open311/v2/discovery.:format',
      '/open311/v2/requests.:format',
      '/open311/v2/requests/:id.:format',
      '/open311/v2/services.:format',
      '/open311/v2/services/:service_code.:format',
      '/open311/v2/tokens/:token.:format',
    ]);
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    const guarded = routes.filter((r) => r.access !== 'public');
    expect(guarded.length).toBeGreaterThan(10);
    const answers: string[] = [];
    for (const route of guarded) {
      const res = await app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route.url),
        ...(WRITE_METHODS.has(route.method) ? { payload: {} } : {}),
      });
      answers.push(`${route.method} ${route.url} → ${res.statusCode} ${res.json().error?.code}`);
    }
    expect(answers).toEqual(guarded.map((r) => `${r.method} ${r.url} → 401 unauthenticated`));
  });

  it('answers 403 on every permission-guarded route to a signed-in role without that permission', async () => {
    // Roles that between them lack every permission: each route is tried by the first that lacks its own.
    const candidates = [
      {
        role: 'enterprise_user' as const,
        session: await signInAs(app, database.db, 'enterprise_user', null),
      },
      { role: 'volunteer' as const, session: await signInAs(app, database.db, 'volunteer', '330482') },
      {
        role: 'department_staff' as const,
        session: await signInAs(app, database.db, 'department_staff', '330482'),
      },
    ];
    const guarded = routes.filter((r) => r.access !== 'public' && r.access !== 'authenticated');
    const answers: string[] = [];
    for (const route of guarded) {
      const lacking = candidates.find((c) => !permissionsOf(c.role).includes(route.access as Permission));
      if (!lacking) throw new Error(`no test role lacks ${route.access}`);
      const { session } = lacking;
      const res = await app.inject({
        method: route.method as 'GET',
        url: concreteUrl(route.url),
        headers: session.headers,
        ...(WRITE_METHODS.has(route.method) ? { payload: {} } : {}),
      });
      answers.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(answers).toEqual(guarded.map((r) => `${r.method} ${r.url} → 403`));
  });

  it('refuses to start with an /api route that declares no access', async () => {
    const bare = Fastify({ logger: false });
    const start = async () => {
      await bare.register(authentication, { db: database.db, sessionTtlHours: 1, routes: [] });
      await bare.register(
        async (api) => {
          api.get('/forgotten', () => ({ ok: true }));
        },
        { prefix: '/api' },
      );
      await bare.ready();
    };
    await expect(start()).rejects.toThrow(/GET \/api\/forgotten declares no access/);
    await bare.close().catch(() => undefined);
  });

  it('starts when every /api route declares its access', async () => {
    const routesSeen: RouteAccessEntry[] = [];
    const bare = Fastify({ logger: false });
    await bare.register(authentication, { db: database.db, sessionTtlHours: 1, routes: routesSeen });
    await bare.register(
      async (api) => {
        api.get('/remembered', { config: { access: 'authenticated' } }, () => ({ ok: true }));
      },
      { prefix: '/api' },
    );
    await bare.ready();
    expect(routesSeen).toEqual([{ method: 'GET', url: '/api/remembered', access: 'authenticated' }]);
    await bare.close();
  });
});
