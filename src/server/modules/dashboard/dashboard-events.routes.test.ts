import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { openPostgres, type Database } from '../../core/db/client.ts';
import { eventsOf } from '../../core/events/event-bus.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import type { DashboardChangeEvent } from '../../../shared/dashboard.ts';
import { DASHBOARD_TOPIC } from './dashboard-events.rules.ts';
import { listenOnFreePort, openSse, type SseClient } from './dashboard-events.testing.ts';

const change = (paths: string[]): DashboardChangeEvent => ({
  paths,
  families: ['records'],
  at: new Date().toISOString(),
});

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describeEachDatabase('Dashboard live events (SSE)', (database) => {
  let app: App;
  let base: string;
  let tree: TestTree;
  let admin: Session;
  let townA: Session;
  let enterprise: Session;
  const streams: SseClient[] = [];
  const open = async (session: Session | null, query = '') => {
    const stream = await openSse(`${base}/api/dashboard/events${query}`, session?.cookie);
    streams.push(stream);
    return stream;
  };
  const publish = (event: DashboardChangeEvent) => eventsOf(database()).publish(DASHBOARD_TOPIC, event);

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    admin = await signInAs(app, db, 'admin', null);
    townA = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    enterprise = await signInAs(app, db, 'enterprise_user', null);
    base = await listenOnFreePort(app);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await app.close();
  });

  it('answers 401 without a session and 403 to a role without dashboard:read, before any stream', async () => {
    const anonymous = await open(null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/json/);
    const refused = await open(enterprise);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text())).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('answers 400 naming areaId when it is not an id, 404 for an area outside the scope or missing', async () => {
    const bad = await app.inject({ url: '/api/dashboard/events?areaId=town-b', headers: townA.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('areaId');
    const unknownField = await app.inject({ url: '/api/dashboard/events?town=1', headers: townA.headers });
    expect(unknownField.statusCode).toBe(400);
    const outside = await open(townA, `?areaId=${tree.towns[1].id}`);
    expect(outside.status).toBe(404);
    const missing = await open(townA, `?areaId=${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
  });

  it('streams a published change within 2 s, with headers that stop buffering and a retry hint', async () => {
    const stream = await open(townA);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toMatch(/no-cache/);
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.text()).toMatch(/^retry: \d+\n\n/);
    const sentAt = Date.now();
    await publish(change([tree.grids[0].path]));
    const message = await stream.next((m) => m.event === 'dashboard', 2000);
    expect(message.receivedAt - sentAt).toBeLessThan(2000);
    expect(message.data).toMatchObject({ paths: [tree.grids[0].path], families: ['records'] });
  });

  it('sends a stream only the changes inside its scope, trimmed to the paths in scope', async () => {
    const town = await open(townA);
    const everywhere = await open(admin);
    const narrowed = await open(admin, `?areaId=${tree.towns[1].id}`);
    // Town B alone changes: the town A stream must not learn of it.
    await publish(change([tree.grids[1].path]));
    await publish(change([tree.grids[0].path, tree.grids[1].path, tree.city.path]));
    const first = await town.next((m) => m.event === 'dashboard');
    expect(first.data).toMatchObject({ paths: [tree.grids[0].path] });
    const adminSeen = await everywhere.next((m) => m.event === 'dashboard' && isLong(m.data));
    expect(adminSeen.data).toMatchObject({ paths: [tree.grids[0].path, tree.grids[1].path, tree.city.path] });
    await narrowed.next(
      (m) => m.event === 'dashboard' && (m.data as DashboardChangeEvent).paths.length === 1,
    );
    await until(() => narrowed.messages.length >= 2);
    expect(narrowed.messages.map((m) => m.data)).toMatchObject([
      { paths: [tree.grids[1].path] },
      { paths: [tree.grids[1].path] },
    ]);
    // Give the town stream a moment: nothing more may arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(town.messages).toHaveLength(1);
  });

  it('drops its subscriber when the client goes away', async () => {
    const bus = eventsOf(database());
    await until(() => bus.subscriberCount(DASHBOARD_TOPIC) === 0 || streams.length > 0);
    const before = bus.subscriberCount(DASHBOARD_TOPIC);
    const stream = await open(townA);
    expect(bus.subscriberCount(DASHBOARD_TOPIC)).toBe(before + 1);
    stream.close();
    await until(() => bus.subscriberCount(DASHBOARD_TOPIC) === before);
  });

  it('app.close() ends open streams instead of waiting for them', async () => {
    const own = await createTestApp(database());
    const ownBase = await listenOnFreePort(own);
    const session = await signInAs(own, database().db, 'command_office', tree.city.path);
    const stream = await openSse(`${ownBase}/api/dashboard/events`, session.cookie);
    expect(stream.status).toBe(200);
    const started = Date.now();
    const closing = own.close();
    await stream.ended;
    const endedAfter = Date.now() - started;
    await closing;
    expect(endedAfter).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  describe('across instances', () => {
    let second: Database | undefined;
    let secondApp: App | undefined;
    beforeAll(async () => {
      if (database().kind !== 'postgres') return;
      second = await openPostgres(database().url ?? '', 2);
      secondApp = await createTestApp(second);
    });
    afterAll(async () => {
      await secondApp?.close();
      await second?.close();
    });

    it('a change published by one instance reaches a stream open on another', async (context) => {
      if (!second || !secondApp) return context.skip();
      const secondBase = await listenOnFreePort(secondApp);
      const session = await signInAs(secondApp, second.db, 'town_staff', tree.towns[0].path);
      const stream = await openSse(`${secondBase}/api/dashboard/events`, session.cookie);
      streams.push(stream);
      const sentAt = Date.now();
      await publish(change([tree.grids[0].path]));
      const message = await stream.next((m) => m.event === 'dashboard', 2000);
      expect(message.receivedAt - sentAt).toBeLessThan(2000);
    });
  });
});

const isLong = (data: unknown) => (data as DashboardChangeEvent).paths.length === 3;
