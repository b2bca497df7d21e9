import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { drainRollups, rebuildAllRollups } from '../../src/server/modules/dashboard/rollups.service.ts';
import { structureCounts } from '../../src/server/modules/dashboard/dashboard.repo.ts';
import { SOLVED_PROBLEMS } from './cases.ts';

const load = (db: Db) =>
  firstStart(db, {
    adminPassword: 'x'.repeat(12),
    loadDemo: true,
    demoPassword: 'y'.repeat(12),
    pii: testPiiCipher(),
  });

async function total(db: Db, metric: string, from: string, to: string): Promise<number> {
  const result = (await db.execute(
    sql`select coalesce(sum(value), 0)::float8 as n from dashboard_cells
        where metric = ${metric} and day between ${from}::date and ${to}::date`,
  )) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]?.n ?? 0);
}

describeEachDatabase('pinghu-2020 dashboard rollups', (database) => {
  const db = () => database().db;
  let dirtyAfterLoad = 0;
  let drainMs = 0;
  beforeAll(async () => {
    await load(db());
    const dirty = (await db().execute(sql`select count(*)::int as n from rollup_dirty`)) as unknown as {
      rows: { n: number }[];
    };
    dirtyAfterLoad = dirty.rows[0]?.n ?? 0;
    // What the refresher does at the first start after the demo loaded.
    const started = performance.now();
    await drainRollups(database());
    drainMs = performance.now() - started;
    console.log(
      `pinghu-2020 [${database().kind}]: ${dirtyAfterLoad} dirty cells after the demo load drained in ${Math.round(drainMs)} ms`,
    );
  }, 300_000);

  it('the demo load marks its cells through the triggers, and they drain', async () => {
    expect(dirtyAfterLoad).toBeGreaterThan(1000);
    const left = (await db().execute(sql`select count(*)::int as n from rollup_dirty`)) as unknown as {
      rows: { n: number }[];
    };
    expect(left.rows[0]?.n).toBe(0);
  });

  it('shows 1,560 problems resolved in February 2020 and 703 above-scale enterprises at city level', async () => {
    expect(await total(db(), 'problems_resolved', '2020-02-01', '2020-02-29')).toBe(SOLVED_PROBLEMS);
    // A stock: every change up to the day.
    expect(await total(db(), 'enterprises_above_scale', '1900-01-01', '2020-02-29')).toBe(703);
    const resumed = await total(db(), 'enterprises_resumed', '1900-01-01', '2020-02-29');
    expect(resumed).toBeGreaterThan(600);
    expect(resumed).toBeLessThanOrEqual(703);
    expect(await total(db(), 'enterprise_reports', '2020-02-01', '2020-02-29')).toBeGreaterThan(0);
  });

  it('counts the source’s structure: 8 towns, 235 grids, 703 enterprises, 590 cadres in 20 groups, 17 plans; 广陈镇’s 2 markets and 19 supermarkets', async () => {
    const city = await structureCounts(db(), null);
    expect(city).toMatchObject({
      towns: 8,
      grids: 235,
      aboveScaleEnterprises: 703,
      cadres: 590,
      guidanceGroups: 20,
      keyEnterprisePlans: 17,
      problemsSolved: SOLVED_PROBLEMS,
    });
    const guangchen = (await db().execute(
      sql`select path from areas where name = '广陈镇' and level = 'town'`,
    )) as unknown as { rows: { path: string }[] };
    const town = await structureCounts(db(), guangchen.rows[0]?.path ?? 'missing');
    expect(town).toMatchObject({ markets: 2, supermarkets: 19 });
  });

  it('rebuilding from the source rows gives the same cells as the triggers did', async () => {
    const snapshot = async () =>
      (
        (await db().execute(
          sql`select metric, area_path, day::text as day, dim, value from dashboard_cells
              order by metric, area_path, day, dim`,
        )) as unknown as { rows: unknown[] }
      ).rows;
    const incremental = await snapshot();
    await rebuildAllRollups(database());
    expect(await snapshot()).toEqual(incremental);
  }, 300_000);
});
