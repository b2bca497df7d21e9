import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createTestApp } from '../../testing/factories.ts';
import { createRecordsWorld, recordBody, type RecordsWorld } from '../../testing/records.factories.ts';
import type { DashboardChangeEvent } from '../../../shared/dashboard.ts';
import { startRollupRefresher, type RollupRefresher } from './rollups.refresher.ts';
import { listenOnFreePort, openSse, type SseClient } from './dashboard-events.testing.ts';

// The promise end to end: a record entered anywhere shows on open dashboards within 2 s —
// POST /api/records → trigger marks the cell dirty → NOTIFY wakes the refresher → cells recomputed →
// `dashboard` event published → the SSE stream of every dashboard whose scope holds the change.
describeEachDatabase('Dashboard live updates end to end', (database) => {
  let app: App;
  let base: string;
  let w: RecordsWorld;
  let refresher: RollupRefresher;
  const errors: unknown[] = [];
  const streams: SseClient[] = [];

  beforeAll(async () => {
    app = await createTestApp(database());
    w = await createRecordsWorld(app, database().db);
    refresher = startRollupRefresher(database(), { log: { error: (payload) => errors.push(payload) } });
    await refresher.idle();
    base = await listenOnFreePort(app);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await refresher.stop();
    await app.close();
  });

  it('a record posted in town A reaches town A’s open dashboard within 2 s, and not town B’s', async () => {
    const townA = await openSse(`${base}/api/dashboard/events`, w.townA.cookie);
    const townB = await openSse(`${base}/api/dashboard/events`, w.townB.cookie);
    streams.push(townA, townB);
    expect([townA.status, townB.status]).toEqual([200, 200]);

    const started = Date.now();
    const posted = await app.inject({
      method: 'POST',
      url: '/api/records',
      headers: w.townA.headers,
      payload: recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }),
    });
    expect(posted.statusCode).toBe(201);
    const grid = w.tree.grids[0].path;
    const message = await townA.next(
      (m) => m.event === 'dashboard' && (m.data as DashboardChangeEvent).paths.includes(grid),
      2000,
    );
    expect(message.receivedAt - started).toBeLessThan(2000);
    const event = message.data as DashboardChangeEvent;
    expect(event.families).toContain('records');
    expect(event.paths.every((path) => path.startsWith(w.tree.towns[0].path))).toBe(true);

    // Town B's staff must not learn that town A changed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const leaked = townB.messages.filter(
      (m) =>
        m.event === 'dashboard' &&
        (m.data as DashboardChangeEvent).paths.some((p) => !p.startsWith(w.tree.towns[1].path)),
    );
    expect(leaked).toEqual([]);
    expect(errors).toEqual([]);
  });
});
