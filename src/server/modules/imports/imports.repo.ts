import { and, asc, desc, eq, getTableColumns, gt, inArray, not, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { breathe } from '../../core/event-loop.ts';
import { pathInSubtree } from '../../core/db/path-sql.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgStatusHistory, orgs } from '../orgs/orgs.tables.ts';
import { people } from '../people/people.tables.ts';
import { importJobs, importRows, importUndo } from './imports.tables.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type NewImportJobRow = typeof importJobs.$inferInsert;
export type NewOrgRow = typeof orgs.$inferInsert;
export type NewPersonRow = typeof people.$inferInsert;

// ---------------------------------------------------------------- jobs

export async function insertJob(db: Db, row: NewImportJobRow): Promise<ImportJobRow> {
  const [job] = await db.insert(importJobs).values(row).returning();
  if (!job) throw new Error('import job not inserted');
  return job;
}

export async function findJob(db: Db, id: string): Promise<ImportJobRow | undefined> {
  const rows = await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  return rows[0];
}

export async function listJobsOf(db: Db, userId: string, limit: number): Promise<ImportJobRow[]> {
  return db
    .select()
    .from(importJobs)
    .where(eq(importJobs.createdBy, userId))
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(limit);
}

export async function updateJob(
  db: Db,
  id: string,
  changes: Partial<Omit<NewImportJobRow, 'id'>>,
): Promise<ImportJobRow | undefined> {
  const rows = await db.update(importJobs).set(changes).where(eq(importJobs.id, id)).returning();
  return rows[0];
}

/** Moves a job from one status to another only if it is still in the first: two applies cannot both start. */
export async function claimJob(db: Db, id: string, from: string, to: string): Promise<boolean> {
  const rows = await db
    .update(importJobs)
    .set({ status: to, processedRows: 0 })
    .where(and(eq(importJobs.id, id), eq(importJobs.status, from)))
    .returning({ id: importJobs.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------- rows

export async function insertRows(db: Db, rows: Array<typeof importRows.$inferInsert>): Promise<void> {
  if (rows.length > 0) await db.insert(importRows).values(rows);
}

export async function readRows(
  db: Db,
  jobId: string,
  afterRow: number,
  limit: number,
): Promise<Array<{ rowNumber: number; data: unknown }>> {
  return db
    .select({ rowNumber: importRows.rowNumber, data: importRows.data })
    .from(importRows)
    .where(and(eq(importRows.jobId, jobId), gt(importRows.rowNumber, afterRow)))
    .orderBy(asc(importRows.rowNumber))
    .limit(limit);
}

export async function deleteRows(db: Db, jobId: string): Promise<void> {
  await db.delete(importRows).where(eq(importRows.jobId, jobId));
}

// ---------------------------------------------------------------- areas

/** Active areas in a scope (everywhere when null), for resolving the area column of each row. */
export async function areasInScope(
  db: Db,
  scopePath: string | null,
): Promise<Array<{ id: string; path: string; code: string; name: string }>> {
  const conditions: SQL[] = [eq(areas.active, true)];
  if (scopePath !== null) conditions.push(pathInSubtree(areas.path, scopePath));
  return db
    .select({ id: areas.id, path: areas.path, code: areas.code, name: areas.name })
    .from(areas)
    .where(and(...conditions));
}

// ---------------------------------------------------------------- registries

export async function orgCreditCodesOutside(
  db: Db,
  codes: string[],
  scopePath: string | null,
): Promise<Set<string>> {
  if (scopePath === null || codes.length === 0) return new Set();
  const rows = await db
    .select({ code: orgs.creditCode })
    .from(orgs)
    .where(and(inArray(orgs.creditCode, codes), not(pathInSubtree(orgs.areaPath, scopePath))));
  return new Set(rows.map((r) => r.code ?? ''));
}

export async function personHashesOutside(
  db: Db,
  hashes: string[],
  scopePath: string | null,
): Promise<Set<string>> {
  if (scopePath === null || hashes.length === 0) return new Set();
  const rows = await db
    .select({ hash: people.idNumberHash })
    .from(people)
    .where(and(inArray(people.idNumberHash, hashes), not(pathInSubtree(people.areaPath, scopePath))));
  return new Set(rows.map((r) => r.hash ?? ''));
}

/** Existing organisations by credit code, for merging the columns an import does not carry. */
export async function orgsByCreditCode(
  db: Db,
  codes: string[],
): Promise<Map<string, typeof orgs.$inferSelect>> {
  const out = new Map<string, typeof orgs.$inferSelect>();
  for await (const chunk of chunkedKeys(codes)) {
    const rows = await db.select().from(orgs).where(inArray(orgs.creditCode, chunk));
    for (const r of rows) out.set(r.creditCode ?? '', r);
  }
  return out;
}

export async function peopleByIdHash(
  db: Db,
  hashes: string[],
): Promise<Map<string, typeof people.$inferSelect>> {
  const out = new Map<string, typeof people.$inferSelect>();
  for await (const chunk of chunkedKeys(hashes)) {
    const rows = await db.select().from(people).where(inArray(people.idNumberHash, chunk));
    for (const r of rows) out.set(r.idNumberHash ?? '', r);
  }
  return out;
}

/**
 * Keys in lists short enough for one quick statement. Yields a turn of the event loop before each list
 * but the first: on PGlite a query blocks the server's thread, and an apply's lookups span 100,000 keys.
 */
const KEY_CHUNK = 1_000;

async function* chunkedKeys(keys: string[]): AsyncGenerator<string[]> {
  for (let start = 0; start < keys.length; start += KEY_CHUNK) {
    if (start > 0) await breathe();
    yield keys.slice(start, start + KEY_CHUNK);
  }
}

/**
 * Versions of the stored organisations among these codes, locked until the caller's transaction ends, so
 * the apply can tell which rows changed since it merged them.
 */
export async function orgVersionsForUpdate(db: Db, codes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const chunk of chunkedKeys(codes)) {
    const rows = await db
      .select({ key: orgs.creditCode, version: orgs.version })
      .from(orgs)
      .where(inArray(orgs.creditCode, chunk))
      .for('update');
    for (const r of rows) out.set(r.key ?? '', r.version);
  }
  return out;
}

export async function personVersionsForUpdate(db: Db, hashes: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for await (const chunk of chunkedKeys(hashes)) {
    const rows = await db
      .select({ key: people.idNumberHash, version: people.version })
      .from(people)
      .where(inArray(people.idNumberHash, chunk))
      .for('update');
    for (const r of rows) out.set(r.key ?? '', r.version);
  }
  return out;
}

/** Jobs left mid-run by a stopped process; their transaction rolled back, so nothing of them was written. */
export async function failUnfinishedJobs(db: Db, failure: unknown): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({
      status: 'failed',
      finishedAt: new Date(),
      errors: sql`${importJobs.errors} || ${JSON.stringify([failure])}::jsonb`,
    })
    .where(inArray(importJobs.status, ['parsing', 'applying']))
    .returning({ id: importJobs.id });
  return rows.length;
}

// ---------------------------------------------------------------- undo log of a chunked apply

export type UndoEntity = 'person' | 'org' | 'org_status_history';
export type NewImportUndoRow = typeof importUndo.$inferInsert;
export type ImportUndoRow = typeof importUndo.$inferSelect;

const registryTable = (entity: 'person' | 'org') => (entity === 'person' ? people : orgs);

/**
 * The stored rows holding these natural keys (ID hashes or credit codes), whole as json (timestamps to
 * the microsecond, so a restore is exact), locked until the caller's transaction ends.
 */
export async function lockRowsByKey(
  db: Db,
  entity: 'person' | 'org',
  keys: string[],
): Promise<Map<string, { id: string; version: number; row: unknown }>> {
  const out = new Map<string, { id: string; version: number; row: unknown }>();
  if (keys.length === 0) return out;
  const rows =
    entity === 'person'
      ? await db
          .select({
            id: people.id,
            version: people.version,
            key: people.idNumberHash,
            row: sql<unknown>`to_jsonb(${people})`,
          })
          .from(people)
          .where(inArray(people.idNumberHash, keys))
          .for('update')
      : await db
          .select({
            id: orgs.id,
            version: orgs.version,
            key: orgs.creditCode,
            row: sql<unknown>`to_jsonb(${orgs})`,
          })
          .from(orgs)
          .where(inArray(orgs.creditCode, keys))
          .for('update');
  for (const r of rows) out.set(r.key ?? '', { id: r.id, version: r.version, row: r.row });
  return out;
}

export async function insertStatusHistoryReturningIds(
  db: Db,
  rows: Array<typeof orgStatusHistory.$inferInsert>,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(orgStatusHistory).values(rows).returning({ id: orgStatusHistory.id });
  return inserted.map((r) => String(r.id));
}

export async function insertUndo(db: Db, rows: NewImportUndoRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(importUndo).values(rows);
}

/** The latest entries of a job's undo log first: an undo walks the apply backwards. */
export async function latestUndo(db: Db, jobId: string, limit: number): Promise<ImportUndoRow[]> {
  return db
    .select()
    .from(importUndo)
    .where(eq(importUndo.jobId, jobId))
    .orderBy(desc(importUndo.id))
    .limit(limit);
}

export async function deleteUndoEntries(db: Db, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(importUndo).where(inArray(importUndo.id, ids));
}

export async function deleteUndoOfJob(db: Db, jobId: string): Promise<void> {
  await db.delete(importUndo).where(eq(importUndo.jobId, jobId));
}

/** Jobs whose undo log is not empty (an apply or an undo stopped part-way). */
export async function jobsWithUndo(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ jobId: importUndo.jobId }).from(importUndo);
  return rows.map((r) => r.jobId);
}

/** Deletes rows an apply inserted, only where the version is still the one it wrote; answers the ids deleted. */
export async function deleteIfUnchanged(
  db: Db,
  entity: 'person' | 'org',
  items: Array<{ id: string; applied: number | null }>,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const table = registryTable(entity);
  const result = (await db.execute(
    sql`delete from ${table} as t
        using jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as s(id uuid, applied int)
        where t.id = s.id and t.version = s.applied
        returning t.id::text as id`,
  )) as unknown as { rows: Array<{ id: string }> };
  return new Set(result.rows.map((r) => r.id));
}

export async function deleteStatusHistory(db: Db, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.delete(orgStatusHistory).where(inArray(orgStatusHistory.id, ids.map(Number)));
}

/**
 * Puts rows back to their before-images (every column, as stored), only where the version is still the
 * one the apply wrote; answers the ids restored.
 */
export async function restoreIfUnchanged(
  db: Db,
  entity: 'person' | 'org',
  items: Array<{ id: string; applied: number | null; row: unknown }>,
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const table = registryTable(entity);
  const columns = Object.values(getTableColumns(table)).filter((c) => c.name !== 'id');
  const set = sql.join(
    columns.map((c) => sql`${sql.identifier(c.name)} = (src.r).${sql.identifier(c.name)}`),
    sql`, `,
  );
  const result = (await db.execute(
    sql`with src as (
          select (e->>'applied')::int as applied, jsonb_populate_record(null::${table}, e->'row') as r
          from jsonb_array_elements(${JSON.stringify(items)}::jsonb) as e
        )
        update ${table} as t set ${set}
        from src
        where t.id = (src.r).id and t.version = src.applied
        returning t.id::text as id`,
  )) as unknown as { rows: Array<{ id: string }> };
  return new Set(result.rows.map((r) => r.id));
}

/** How users know a registry row: the masked ID number of a person, the credit code of an organisation. */
export async function keyLabels(
  db: Db,
  entity: 'person' | 'org',
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    entity === 'person'
      ? await db
          .select({ id: people.id, label: people.idNumberMasked })
          .from(people)
          .where(inArray(people.id, ids))
      : await db.select({ id: orgs.id, label: orgs.creditCode }).from(orgs).where(inArray(orgs.id, ids));
  return new Map(rows.map((r) => [r.id, r.label ?? r.id]));
}

export async function appendProblems(db: Db, jobId: string, problems: unknown[]): Promise<void> {
  if (problems.length === 0) return;
  await db
    .update(importJobs)
    .set({ errors: sql`${importJobs.errors} || ${JSON.stringify(problems)}::jsonb` })
    .where(eq(importJobs.id, jobId));
}
