import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree } from '../../testing/factories.ts';
import { createOrg } from '../../testing/orgs.factories.ts';
import { createPerson } from '../../testing/people.factories.ts';
import { insertCase, seedCaseFixtures } from '../../testing/cases.factories.ts';
import { insertRecord } from '../../testing/records.factories.ts';
import { createScreeningRow } from '../../testing/compliance.factories.ts';
import { cases } from '../cases/cases.tables.ts';
import { orgStatusHistory, orgs } from '../orgs/orgs.tables.ts';
import { records } from '../records/records.tables.ts';
import { drainRollups, rebuildAllRollups, refreshDirtyRollups } from './rollups.service.ts';
import { shanghaiDay } from './rollups.rules.ts';

interface Cell {
  metric: string;
  path: string;
  day: string;
  dim: string;
  value: number;
  samples: number[] | null;
}

/** The cells under one test city, in a stable order, keyed "metric path day dim". */
async function cellsUnder(db: Db, cityPath: string): Promise<Record<string, number>> {
  const result = (await db.execute(
    sql`select metric, area_path as path, day::text as day, dim, value, samples from dashboard_cells
        where area_path = ${cityPath} or area_path like ${`${cityPath}.%`}
        order by metric, area_path, day, dim`,
  )) as unknown as { rows: Cell[] };
  const out: Record<string, number> = {};
  for (const c of result.rows)
    out[`${c.metric} ${c.path.slice(cityPath.length) || '.'} ${c.day} ${c.dim}`] = c.value;
  return out;
}

/** Only the cells that differ between two snapshots (what a change touched). */
function diff(before: Record<string, number>, after: Record<string, number>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = v;
  for (const k of Object.keys(before)) if (!(k in after)) out[k] = null;
  return out;
}

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

describeEachDatabase('Dashboard rollups: triggers mark, the refresher recomputes', (database) => {
  let db: Db;
  beforeAll(async () => {
    db = database().db;
    await drainRollups(database());
  });

  async function world(): Promise<TestTree> {
    const tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    await drainRollups(database());
    return tree;
  }

  it('a record insert changes exactly its cell; a place rolls into its grid, a community keeps its own', async () => {
    const tree = await world();
    const org = await createOrg(db, tree.grids[0]);
    const before = await cellsUnder(db, tree.city.path);
    await insertRecord(db, {
      formKey: 'enterprise_daily',
      subject: { kind: 'org', id: org.id, areaPath: tree.grids[0].path },
      observedAt: at('2020-02-10'),
    });
    await insertRecord(db, {
      formKey: 'checkpoint_pass',
      subject: { kind: 'place', id: tree.place.id, areaPath: tree.place.path },
      values: { party: 'person', direction: 'in', temperature: 37.3, mask: true, visitor_type: 'resident' },
      observedAt: at('2020-02-10'),
    });
    await insertRecord(db, {
      formKey: 'checkpoint_pass',
      subject: { kind: 'place', id: tree.communities[0].id, areaPath: tree.communities[0].path },
      observedAt: at('2020-02-11'),
    });
    const result = await drainRollups(database());
    expect(result.families).toEqual(['records']);
    const grid = tree.grids[0].path.slice(tree.city.path.length);
    const community = tree.communities[0].path.slice(tree.city.path.length);
    expect(diff(before, await cellsUnder(db, tree.city.path))).toEqual({
      [`enterprise_reports ${grid} 2020-02-10 `]: 1,
      [`staff_on_duty ${grid} 2020-02-10 `]: 120,
      [`staff_returned ${grid} 2020-02-10 `]: 130,
      [`capacity_percent_sum ${grid} 2020-02-10 `]: 75,
      [`checkpoint_passes ${grid} 2020-02-10 `]: 1,
      [`fever_alerts ${grid} 2020-02-10 `]: 1,
      [`checkpoint_passes ${community} 2020-02-11 `]: 1,
    });
  });

  it('a correction (new revision) replaces the old values; a refresh with nothing dirty changes nothing', async () => {
    const tree = await world();
    const org = await createOrg(db, tree.grids[1]);
    const first = await insertRecord(db, {
      formKey: 'enterprise_daily',
      subject: { kind: 'org', id: org.id, areaPath: tree.grids[1].path },
      observedAt: at('2020-02-12'),
    });
    await drainRollups(database());
    const before = await cellsUnder(db, tree.city.path);
    await db.transaction(async (tx) => {
      await tx.update(records).set({ current: false }).where(eq(records.id, first.id));
      await tx.insert(records).values({
        ...first,
        id: crypto.randomUUID(),
        revision: 2,
        current: true,
        values: { ...first.values, staff_on_duty: 100, capacity_percent: 90 },
        clientKey: crypto.randomUUID(),
        regionCode: undefined,
      } as typeof records.$inferInsert);
    });
    await drainRollups(database());
    const grid = tree.grids[1].path.slice(tree.city.path.length);
    const after = await cellsUnder(db, tree.city.path);
    expect(diff(before, after)).toEqual({
      [`staff_on_duty ${grid} 2020-02-12 `]: 100,
      [`capacity_percent_sum ${grid} 2020-02-12 `]: 90,
    });
    expect((await refreshDirtyRollups(database())).claimed).toBe(0);
    expect(await cellsUnder(db, tree.city.path)).toEqual(after);
  });

  it('a case opened, resolved on time and rated lands on its created and resolved days; a refund carries its amount and turnaround', async () => {
    const tree = await world();
    const problem = await insertCase(db, tree.grids[0], {
      handlingDepartmentCode: 'economy',
      createdAt: at('2020-02-03'),
      firstResponseAt: at('2020-02-03', '10:00'),
      dueFirstResponseAt: at('2020-02-03', '12:00'),
      dueResolutionAt: at('2020-02-08'),
    });
    await drainRollups(database());
    const grid = tree.grids[0].path.slice(tree.city.path.length);
    const opened = await cellsUnder(db, tree.city.path);
    expect(opened).toMatchObject({
      [`problems_opened ${grid} 2020-02-03 economy`]: 1,
      [`problems_responded_on_time ${grid} 2020-02-03 economy`]: 1,
    });
    await db
      .update(cases)
      .set({ status: 'resolved', resolvedAt: at('2020-02-05', '23:30'), rating: 5 })
      .where(eq(cases.id, problem.id));
    const refund = await insertCase(db, tree.grids[0], {
      typeCode: 'export_tax_refund',
      handlingDepartmentCode: 'tax',
      status: 'resolved',
      createdAt: at('2020-02-04', '08:00'),
      resolvedAt: at('2020-02-05', '06:00'),
      fields: { amount_cny: 2_280_000 },
    });
    await drainRollups(database());
    expect(diff(opened, await cellsUnder(db, tree.city.path))).toEqual({
      [`problems_resolved ${grid} 2020-02-05 economy`]: 1,
      [`problems_resolved_on_time ${grid} 2020-02-05 economy`]: 1,
      [`problems_rated ${grid} 2020-02-05 economy`]: 1,
      [`problems_satisfied ${grid} 2020-02-05 economy`]: 1,
      [`refunds_paid ${grid} 2020-02-05 tax`]: 1,
      [`refunds_amount ${grid} 2020-02-05 tax`]: 2_280_000,
      [`refund_turnaround_median ${grid} 2020-02-05 tax`]: 1,
      // It was open past its deadline until resolved: today's gauge drops it.
      [`problems_overdue ${grid} ${shanghaiDay(new Date())} economy`]: null,
    });
    const samples = (await db.execute(
      sql`select samples from dashboard_cells where metric = 'refund_turnaround_median' and area_path = ${tree.grids[0].path}`,
    )) as unknown as { rows: { samples: number[] }[] };
    expect(samples.rows[0]?.samples).toEqual([22]);
    expect(refund.id).toBeTruthy();
    // A reopen takes the resolution away from its old day.
    const beforeReopen = await cellsUnder(db, tree.city.path);
    await db.update(cases).set({ status: 'in_progress', resolvedAt: null }).where(eq(cases.id, problem.id));
    await drainRollups(database());
    expect(diff(beforeReopen, await cellsUnder(db, tree.city.path))).toEqual({
      [`problems_resolved ${grid} 2020-02-05 economy`]: null,
      [`problems_resolved_on_time ${grid} 2020-02-05 economy`]: null,
      [`problems_rated ${grid} 2020-02-05 economy`]: null,
      [`problems_satisfied ${grid} 2020-02-05 economy`]: null,
      // Open again and past its deadline: today's gauge.
      [`problems_overdue ${grid} ${shanghaiDay(new Date())} economy`]: 1,
    });
  });

  it('an org resumption is a stock change on the day it resumed; stopping again takes it back', async () => {
    const tree = await world();
    const org = await createOrg(db, tree.grids[1], {
      aboveScale: true,
      industry: 'C',
      status: 'suspended',
      statusSince: '2020-01-24',
    });
    await db
      .insert(orgStatusHistory)
      .values({ orgId: org.id, status: 'suspended', effectiveDate: '2020-01-24' });
    await drainRollups(database());
    const grid = tree.grids[1].path.slice(tree.city.path.length);
    const registered = await cellsUnder(db, tree.city.path);
    expect(registered).toEqual({ [`enterprises_above_scale ${grid} 2020-01-24 C`]: 1 });
    await db.transaction(async (tx) => {
      await tx.update(orgs).set({ status: 'resumed', statusSince: '2020-02-10' }).where(eq(orgs.id, org.id));
      await tx
        .insert(orgStatusHistory)
        .values({ orgId: org.id, status: 'resumed', effectiveDate: '2020-02-10' });
    });
    await drainRollups(database());
    expect(diff(registered, await cellsUnder(db, tree.city.path))).toEqual({
      [`enterprises_resumed ${grid} 2020-02-10 C`]: 1,
    });
    await db
      .insert(orgStatusHistory)
      .values({ orgId: org.id, status: 'suspended', effectiveDate: '2020-02-20' });
    await drainRollups(database());
    expect(await cellsUnder(db, tree.city.path)).toEqual({
      [`enterprises_above_scale ${grid} 2020-01-24 C`]: 1,
      [`enterprises_resumed ${grid} 2020-02-10 C`]: 1,
      [`enterprises_resumed ${grid} 2020-02-20 C`]: -1,
    });
  });

  it('a screening marks every day it covers', async () => {
    const tree = await world();
    const person = await createPerson(db, tree.grids[0]);
    await createScreeningRow(db, { id: person.id, areaPath: tree.grids[0].path }, '2020-02-01', '2020-02-03');
    await drainRollups(database());
    const grid = tree.grids[0].path.slice(tree.city.path.length);
    expect(await cellsUnder(db, tree.city.path)).toEqual({
      [`screenings_expected ${grid} 2020-02-01 `]: 1,
      [`screenings_expected ${grid} 2020-02-02 `]: 1,
      [`screenings_expected ${grid} 2020-02-03 `]: 1,
    });
  });

  it('rebuilding everything equals the incremental cells, and is idempotent', async () => {
    const tree = await world();
    const org = await createOrg(db, tree.grids[0], { aboveScale: true, industry: 'D', status: 'resumed' });
    await db
      .insert(orgStatusHistory)
      .values({ orgId: org.id, status: 'resumed', effectiveDate: '2020-02-15' });
    for (const day of ['2020-02-14', '2020-02-15']) {
      await insertRecord(db, {
        formKey: 'enterprise_daily',
        subject: { kind: 'org', id: org.id, areaPath: tree.grids[0].path },
        observedAt: at(day),
      });
      await insertRecord(db, {
        formKey: 'resident_screening',
        subject: { kind: 'person', id: org.id, areaPath: tree.communities[1].path },
        values: { temperature: 38.1, symptoms: ['fever'], travel_14d: false, quarantine_status: 'none' },
        observedAt: at(day),
      });
    }
    await insertCase(db, tree.towns[1], {
      createdAt: at('2020-02-14'),
      status: 'resolved',
      resolvedAt: at('2020-02-15'),
    });
    await drainRollups(database());
    const incremental = await cellsUnder(db, tree.city.path);
    expect(Object.keys(incremental).length).toBeGreaterThan(8);
    await rebuildAllRollups(database());
    expect(await cellsUnder(db, tree.city.path)).toEqual(incremental);
    await rebuildAllRollups(database());
    expect(await cellsUnder(db, tree.city.path)).toEqual(incremental);
  });
});

describe('Dashboard rollups: triggers on every write path', () => {
  it('names the same forms in the trigger as ROLLUP_FORMS', async () => {
    const { readFile } = await import('node:fs/promises');
    const { ROLLUP_FORMS } = await import('./rollups.rules.ts');
    const migration = await readFile(
      new URL('../../../../drizzle/0010_rollup_triggers.sql', import.meta.url),
      'utf8',
    );
    const named = migration.match(/form_key IN \(([^)]*)\)/)?.[1];
    expect(named?.split(',').map((s) => s.trim().replaceAll("'", ''))).toEqual([...ROLLUP_FORMS]);
  });
});
