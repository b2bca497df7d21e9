import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree } from '../../testing/factories.ts';
import { createOrg } from '../../testing/orgs.factories.ts';
import { insertCase, seedCaseFixtures } from '../../testing/cases.factories.ts';
import { insertRecord } from '../../testing/records.factories.ts';
import { insertCells, type CellInput } from '../../testing/dashboard.factories.ts';
import { cases } from '../cases/cases.tables.ts';
import { orgStatusHistory, orgs } from '../orgs/orgs.tables.ts';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { cellSums, type CellGrouping, type CellSumsInput } from './dashboard.repo.ts';
import type { CellSum } from './dashboard.rules.ts';
import { metricValue } from './metric-values.ts';
import { rebuildTotals } from './rollups.repo.ts';
import { drainRollups } from './rollups.service.ts';

// dashboard_totals must read exactly as the cells they sum: the same CellSums for every grouping,
// metric kind and dimension filter, and kept current by the refresh in the same transaction.

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sorted = (sums: CellSum[]): CellSum[] =>
  sums
    .map((s) => ({ ...s, samples: s.samples ? [...s.samples].sort((a, b) => a - b) : null }))
    .sort((a, b) =>
      `${a.metric}|${a.key}|${a.day ?? ''}`.localeCompare(`${b.metric}|${b.key}|${b.day ?? ''}`),
    );

/** Every cell-bearing kind: flows, stocks, a gauge, a median, with and without dimensions. */
const PLAN: Pick<CellSumsInput, 'daily' | 'stocks' | 'gauges' | 'medians'> = {
  daily: ['checkpoint_passes', 'problems_opened', 'problems_overdue'],
  stocks: ['enterprises_above_scale', 'enterprises_resumed'],
  gauges: ['problems_overdue'],
  medians: ['refund_turnaround_median'],
};

async function totalsTable(db: Db, cityPath: string): Promise<Record<string, string>> {
  const result = (await db.execute(
    sql`select metric, area_path as path, day::text as day, dim, value, samples from dashboard_totals
        where area_path = ${cityPath} or area_path like ${`${cityPath}.%`}
        order by metric, area_path, day, dim`,
  )) as unknown as {
    rows: {
      metric: string;
      path: string;
      day: string;
      dim: string;
      value: number;
      samples: number[] | null;
    }[];
  };
  const out: Record<string, string> = {};
  for (const r of result.rows) {
    const samples = r.samples ? [...r.samples].map(Number).sort((a, b) => a - b) : null;
    out[`${r.metric} ${r.path} ${r.day} ${r.dim}`] = `${Number(r.value)} ${JSON.stringify(samples)}`;
  }
  return out;
}

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

describeEachDatabase('Dashboard area totals', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = database().db;
    await drainRollups(database());
  });

  it('for random cells, every city and town read through the totals equals the cells summed', async () => {
    const tree = await createAreaTree(db);
    const next = random(20200214);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    // Cells on every depth, the city's own included; values may cancel out (a stock back to 0).
    const paths = [
      tree.city.path,
      ...tree.towns.map((a) => a.path),
      ...tree.communities.map((a) => a.path),
      ...tree.grids.map((a) => a.path),
    ];
    const days = ['2020-01-20', '2020-02-01', '2020-02-03', '2020-02-05', '2020-02-08', '2020-02-10'];
    const cells = new Map<string, CellInput>();
    for (let i = 0; i < 300; i += 1) {
      const metric = pick<MetricKey>([
        'checkpoint_passes',
        'problems_opened',
        'problems_overdue',
        'enterprises_above_scale',
        'enterprises_resumed',
        'refund_turnaround_median',
      ]);
      const dim = metric === 'checkpoint_passes' ? '' : pick(['', 'C', 'F', 'tax']);
      const cell: CellInput = {
        metric,
        areaPath: pick(paths),
        day: pick(days),
        dim,
        value: Math.floor(next() * 21) - (metric.startsWith('enterprises') ? 10 : 0),
        ...(metric === 'refund_turnaround_median'
          ? { samples: Array.from({ length: 1 + Math.floor(next() * 3) }, () => Math.round(next() * 48)) }
          : {}),
      };
      cells.set(`${cell.metric} ${cell.areaPath} ${cell.day} ${cell.dim}`, cell);
    }
    await insertCells(db, [...cells.values()]);

    const reads: Array<{ rootPath: string | null; grouping: CellGrouping; dim?: string }> = [];
    for (const rootPath of [tree.city.path, tree.towns[0].path, tree.towns[1].path]) {
      for (const grouping of [{ by: 'none' }, { by: 'dim' }] as const) reads.push({ rootPath, grouping });
      reads.push({ rootPath, grouping: { by: 'none' }, dim: 'C' });
    }
    reads.push({ rootPath: tree.city.path, grouping: { by: 'child', depth: 1 } });
    reads.push({ rootPath: tree.city.path, grouping: { by: 'child', depth: 1 }, dim: 'tax' });
    // Everywhere (the sole city reads with no root): every city's totals, by town.
    reads.push({ rootPath: null, grouping: { by: 'none' } });
    reads.push({ rootPath: null, grouping: { by: 'child', depth: 1 } });
    for (const read of reads) {
      for (const [from, to] of [
        ['2020-02-02', '2020-02-08'],
        ['2020-02-01', '2020-02-10'],
        ['2020-02-09', '2020-02-12'],
      ] as const) {
        const input: CellSumsInput = { ...PLAN, ...read, from, to };
        const fromCells = await cellSums(db, { ...input, source: 'cells' });
        const fromTotals = await cellSums(db, { ...input, source: 'totals' });
        expect(sorted(fromTotals), JSON.stringify({ ...read, from, to })).toEqual(sorted(fromCells));
        expect(fromCells.length).toBeGreaterThan(0);
      }
    }
  });

  it('a record insert, a case and an org resumption move the town and city totals at the next refresh', async () => {
    const tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    await drainRollups(database());
    const passes = (path: string) =>
      metricValue(db, 'checkpoint_passes', { areaPath: path, from: '2020-02-10', to: '2020-02-10' });
    expect((await passes(tree.city.path)).value).toBeNull();

    await insertRecord(db, {
      formKey: 'checkpoint_pass',
      subject: { kind: 'place', id: tree.place.id, areaPath: tree.place.path },
      values: { party: 'person', direction: 'in', temperature: 36.5, mask: true, visitor_type: 'resident' },
      observedAt: at('2020-02-10'),
    });
    // Marked, not yet refreshed: the totals have not moved.
    expect((await passes(tree.towns[0].path)).value).toBeNull();
    await drainRollups(database());
    expect((await passes(tree.towns[0].path)).value).toBe(1);
    expect((await passes(tree.city.path)).value).toBe(1);
    expect((await passes(tree.towns[1].path)).value).toBeNull();

    await insertRecord(db, {
      formKey: 'checkpoint_pass',
      subject: { kind: 'place', id: tree.communities[1].id, areaPath: tree.communities[1].path },
      values: { party: 'person', direction: 'in', temperature: 36.5, mask: true, visitor_type: 'resident' },
      observedAt: at('2020-02-10'),
    });
    const problem = await insertCase(db, tree.grids[1], {
      handlingDepartmentCode: 'economy',
      createdAt: at('2020-02-10'),
    });
    const org = await createOrg(db, tree.grids[1], {
      aboveScale: true,
      industry: 'C',
      status: 'suspended',
      statusSince: '2020-01-24',
    });
    await drainRollups(database());
    expect((await passes(tree.towns[1].path)).value).toBe(1);
    expect((await passes(tree.city.path)).value).toBe(2);
    const opened = (path: string) =>
      metricValue(db, 'problems_opened', { areaPath: path, from: '2020-02-01', to: '2020-02-29' });
    expect((await opened(tree.towns[1].path)).value).toBe(1);
    expect((await opened(tree.city.path)).value).toBe(1);

    await db.transaction(async (tx) => {
      await tx.update(orgs).set({ status: 'resumed', statusSince: '2020-02-10' }).where(eq(orgs.id, org.id));
      await tx
        .insert(orgStatusHistory)
        .values({ orgId: org.id, status: 'resumed', effectiveDate: '2020-02-10' });
    });
    await db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: at('2020-02-11') })
      .where(eq(cases.id, problem.id));
    await drainRollups(database());
    const resumed = (path: string) =>
      metricValue(db, 'enterprises_resumed', { areaPath: path, from: '2020-02-01', to: '2020-02-29' });
    expect((await resumed(tree.towns[1].path)).value).toBe(1);
    expect((await resumed(tree.city.path)).value).toBe(1);
    expect((await resumed(tree.towns[0].path)).value).toBeNull();

    // What the refresh kept incrementally is what a rebuild from every cell gives.
    const incremental = await totalsTable(db, tree.city.path);
    expect(Object.keys(incremental).length).toBeGreaterThan(6);
    await db.transaction((tx) => rebuildTotals(tx));
    expect(await totalsTable(db, tree.city.path)).toEqual(incremental);
  });
});
