import { eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree } from '../../testing/factories.ts';
import { creditCode, creditStem, idPrefix, residentId } from '../../testing/imports.factories.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import type { Db } from '../../core/db/client.ts';
import { people } from '../people/people.tables.ts';
import { assignments } from '../staff/staff.tables.ts';
import { orgStatusHistory, orgs } from '../orgs/orgs.tables.ts';
import { findJob, insertJob, updateJob } from './imports.repo.ts';
import { failInterruptedImports } from './imports.service.ts';
import { undoJob, writeChunk } from './imports.undo.ts';
import { importUndo } from './imports.tables.ts';
import {
  orgsAdapter,
  peopleAdapter,
  type OrgImportValue,
  type PersonImportValue,
} from './imports.adapters.ts';

const pii = testPiiCipher();
const PEOPLE_MAPPED = new Set(['name', 'idNumber', 'area', 'phone', 'note']);
const ORG_MAPPED = new Set(['name', 'creditCode', 'area', 'status', 'statusSince']);

describeEachDatabase('imports interrupted by a restart', (database) => {
  let tree: TestTree;
  beforeAll(async () => {
    tree = await createAreaTree(database().db);
  });
  const db = () => database().db;
  const person = (prefix: string, i: number, name: string): PersonImportValue => ({
    name,
    idNumber: residentId(prefix, i),
    areaId: tree.grids[0].id,
    areaPath: tree.grids[0].path,
    areaName: tree.grids[0].name,
    gender: 'male',
    birthDate: '1990-01-01',
    note: `note ${name}`,
  });
  const org = (stem: string, i: number, name: string, status: OrgImportValue['status']): OrgImportValue => ({
    creditCode: creditCode(stem, i),
    name,
    areaId: tree.grids[0].id,
    areaPath: tree.grids[0].path,
    areaName: tree.grids[0].name,
    status,
  });
  /** Writes people as a form or an earlier import would: no undo log. */
  const seedPeople = async (values: PersonImportValue[]) => {
    const adapter = peopleAdapter(pii);
    const prepared = await adapter.prepare(db(), values, PEOPLE_MAPPED, null);
    await db().transaction((tx) => adapter.write(tx, prepared, PEOPLE_MAPPED, null));
  };
  const chunkOfPeople = async (jobId: string, values: PersonImportValue[]) => {
    const adapter = peopleAdapter(pii);
    const prepared = await adapter.prepare(db(), values, PEOPLE_MAPPED, null);
    return db().transaction((tx) => writeChunk(tx, pii, jobId, adapter, prepared, PEOPLE_MAPPED, null));
  };
  const chunkOfOrgs = async (jobId: string, values: OrgImportValue[]) => {
    const adapter = orgsAdapter(pii);
    const prepared = await adapter.prepare(db(), values, ORG_MAPPED, null);
    return db().transaction((tx) => writeChunk(tx, pii, jobId, adapter, prepared, ORG_MAPPED, null));
  };
  /** Every stored column, timestamps to the microsecond. */
  const snapshot = async (table: 'people' | 'orgs', where: string) => {
    const result = (await db().execute(
      sql`select to_jsonb(t)::text as row from ${sql.identifier(table)} t where t.name like ${`${where}%`} order by t.id`,
    )) as unknown as { rows: Array<{ row: string }> };
    return result.rows.map((r) => r.row);
  };
  const undoLeft = async (jobId: string) =>
    (await db().select().from(importUndo).where(eq(importUndo.jobId, jobId))).length;
  /** What the next start does on PGlite; on PostgreSQL the same undo, called directly. */
  const restart = async (jobId: string) => {
    if (database().kind === 'pglite') {
      expect(await failInterruptedImports(database(), pii)).toBe(1);
      const job = await findJob(db(), jobId);
      expect(job?.status).toBe('failed');
      expect(JSON.stringify(job?.errors)).toContain('interrupted by a restart');
      return;
    }
    expect(await failInterruptedImports(database(), pii)).toBe(0);
    expect((await findJob(db(), jobId))?.status).toBe('applying');
    await undoJob(database(), pii, jobId);
  };

  it('marks an applying job failed on the embedded database only, with a reason for the user', async () => {
    const job = await insertJob(db(), { registry: 'people', status: 'applying', fileName: 'a.xlsx' });
    const done = await insertJob(db(), { registry: 'people', status: 'succeeded', fileName: 'b.xlsx' });
    const count = await failInterruptedImports(database(), pii);
    const after = await findJob(db(), job.id);
    if (database().kind === 'pglite') {
      expect(count).toBe(1);
      expect(after?.status).toBe('failed');
      expect(JSON.stringify(after?.errors)).toContain('interrupted by a restart');
      expect(JSON.stringify(after?.errors)).toContain('nothing was written');
    } else {
      // Another instance may be running it: left alone.
      expect(count).toBe(0);
      expect(after?.status).toBe('applying');
      await db().delete(importUndo).where(eq(importUndo.jobId, job.id));
    }
    expect((await findJob(db(), done.id))?.status).toBe('succeeded');
  });

  it('undoes the chunks a stopped apply had committed, before marking it failed', async () => {
    const prefix = idPrefix();
    const name = `停${prefix}`;
    await seedPeople([0, 1, 2].map((i) => person(prefix, i, `${name}旧${i}`)));
    const before = await snapshot('people', name);
    expect(before).toHaveLength(3);
    const job = await insertJob(db(), { registry: 'people', status: 'applying', fileName: 'p.xlsx' });
    // Two chunks committed: three updates and two inserts, then two more inserts; then the process stops.
    const first = await chunkOfPeople(
      job.id,
      [0, 1, 2, 3, 4].map((i) => person(prefix, i, `${name}新${i}`)),
    );
    expect(first).toMatchObject({ inserted: 2, updated: 3 });
    await chunkOfPeople(
      job.id,
      [5, 6].map((i) => person(prefix, i, `${name}新${i}`)),
    );
    expect(await snapshot('people', name)).toHaveLength(7);
    expect(await undoLeft(job.id)).toBe(7);

    await restart(job.id);
    expect(await snapshot('people', name)).toEqual(before);
    expect(await undoLeft(job.id)).toBe(0);
  });

  it('undoes organisations and the status history an apply added', async () => {
    const stem = creditStem();
    const name = `企${stem}`;
    const adapter = orgsAdapter(pii);
    const seeded = await adapter.prepare(db(), [org(stem, 1, `${name}旧`, 'operating')], ORG_MAPPED, null);
    await db().transaction((tx) => adapter.write(tx, seeded, ORG_MAPPED, null));
    const before = await snapshot('orgs', name);
    const [old] = await db()
      .select()
      .from(orgs)
      .where(eq(orgs.creditCode, creditCode(stem, 1)));
    const historyBefore = await db()
      .select()
      .from(orgStatusHistory)
      .where(eq(orgStatusHistory.orgId, old?.id ?? ''));

    const job = await insertJob(db(), { registry: 'orgs', status: 'applying', fileName: 'o.xlsx' });
    const result = await chunkOfOrgs(job.id, [
      org(stem, 1, `${name}新`, 'suspended'),
      org(stem, 2, `${name}另`, 'closed'),
    ]);
    expect(result.historyIds).toHaveLength(2);
    await restart(job.id);

    expect(await snapshot('orgs', name)).toEqual(before);
    const history = await db()
      .select()
      .from(orgStatusHistory)
      .where(inArray(orgStatusHistory.id, result.historyIds.map(Number)));
    expect(history).toHaveLength(0);
    expect(
      await db()
        .select()
        .from(orgStatusHistory)
        .where(eq(orgStatusHistory.orgId, old?.id ?? '')),
    ).toEqual(historyBefore);
  });

  it('keeps rows someone else changed or referenced after the apply wrote them, and names them', async () => {
    const prefix = idPrefix();
    const stem = creditStem();
    const name = `改${prefix}`;
    await seedPeople([0, 1].map((i) => person(prefix, i, `${name}旧${i}`)));
    const untouched = (await snapshot('people', `${name}旧1`))[0];
    const job = await insertJob(db(), { registry: 'people', status: 'applying', fileName: 'p.xlsx' });
    await chunkOfPeople(
      job.id,
      [0, 1, 2, 3].map((i) => person(prefix, i, `${name}新${i}`)),
    );
    const orgJob = await insertJob(db(), { registry: 'orgs', status: 'applying', fileName: 'o.xlsx' });
    await chunkOfOrgs(orgJob.id, [org(stem, 1, `${name}企`, 'operating')]);

    // Meanwhile: an updated person and an inserted one are edited; the new org gets a liaison assignment.
    const edit = async (db2: Db, i: number) =>
      db2
        .update(people)
        .set({ note: '他人修改', version: sql`${people.version} + 1` })
        .where(eq(people.idNumberHash, pii.lookupHash(residentId(prefix, i))));
    await edit(db(), 0);
    await edit(db(), 2);
    const [newOrg] = await db()
      .select()
      .from(orgs)
      .where(eq(orgs.creditCode, creditCode(stem, 1)));
    await db()
      .insert(assignments)
      .values({ kind: 'liaison', orgId: newOrg?.id ?? '', areaPath: tree.grids[0].path });

    const kept = await undoJob(database(), pii, job.id);
    expect(kept.map((k) => k.label).sort()).toEqual(
      [0, 2]
        .map((i) => `${residentId(prefix, i).slice(0, 6)}********${residentId(prefix, i).slice(14)}`)
        .sort(),
    );
    const rows = await db()
      .select()
      .from(people)
      .where(sql`${people.name} like ${`${name}%`}`);
    expect(rows.map((r) => [r.name, r.note]).sort()).toEqual(
      [
        [`${name}新0`, '他人修改'],
        [`${name}旧1`, `note ${name}旧1`],
        [`${name}新2`, '他人修改'],
      ].sort(),
    );
    expect((await snapshot('people', `${name}旧1`))[0]).toEqual(untouched);
    const warnings = ((await findJob(db(), job.id))?.errors ?? []) as Array<{
      kind?: string;
      value: unknown;
    }>;
    expect(warnings.filter((w) => w.kind === 'warning')).toHaveLength(2);

    const keptOrgs = await undoJob(database(), pii, orgJob.id);
    expect(keptOrgs).toEqual([{ entity: 'org', label: creditCode(stem, 1) }]);
    expect(
      await db()
        .select()
        .from(orgs)
        .where(eq(orgs.creditCode, creditCode(stem, 1))),
    ).toHaveLength(1);
    expect(await undoLeft(orgJob.id)).toBe(0);
    for (const id of [job.id, orgJob.id]) await updateJob(db(), id, { status: 'failed' });
  });
});
