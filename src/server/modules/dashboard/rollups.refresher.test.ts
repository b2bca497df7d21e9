import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { eventsOf } from '../../core/events/event-bus.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree } from '../../testing/factories.ts';
import { insertRecord } from '../../testing/records.factories.ts';
import type { DashboardChangeEvent } from '../../../shared/dashboard.ts';
import { startRollupRefresher } from './rollups.refresher.ts';

describeEachDatabase('Dashboard rollup refresher', (database) => {
  it('a committed record shows in the cells and in a dashboard event within the 2 s budget; stop is clean', async () => {
    const db = database().db;
    const tree = await createAreaTree(db);
    const errors: unknown[] = [];
    const refresher = startRollupRefresher(database(), { log: { error: (p) => errors.push(p) } });
    await refresher.idle();
    const bus = eventsOf(database());
    await bus.ready();
    const events: DashboardChangeEvent[] = [];
    const unsubscribe = bus.subscribe('dashboard', (e) => events.push(e as DashboardChangeEvent));
    try {
      const started = Date.now();
      await insertRecord(db, {
        formKey: 'checkpoint_pass',
        subject: { kind: 'place', id: tree.place.id, areaPath: tree.place.path },
        observedAt: new Date('2020-02-10T09:00:00+08:00'),
      });
      while (!events.some((e) => e.paths.includes(tree.grids[0].path)) && Date.now() - started < 2000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const elapsed = Date.now() - started;
      expect(events.find((e) => e.paths.includes(tree.grids[0].path))?.families).toEqual(['records']);
      expect(elapsed).toBeLessThan(2000);
      const cells = (await db.execute(
        sql`select value from dashboard_cells where metric = 'checkpoint_passes' and area_path = ${tree.grids[0].path}`,
      )) as unknown as { rows: { value: number }[] };
      expect(cells.rows).toEqual([{ value: 1 }]);
    } finally {
      unsubscribe();
      await refresher.stop();
    }
    expect(errors).toEqual([]);
  });
});
