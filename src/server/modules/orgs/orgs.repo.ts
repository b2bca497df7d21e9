import { and, asc, desc, eq, getTableColumns, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, pathInSubtree } from '../../core/db/path-sql.ts';
import { upsertByKeyAsJson } from '../../core/db/json-upsert.ts';
import type { AreaRef } from '../areas/areas.repo.ts';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgStatusHistory, orgs } from './orgs.tables.ts';

export type OrgRow = typeof orgs.$inferSelect;
export type NewOrgRow = typeof orgs.$inferInsert;
export type OrgWithArea = OrgRow & { areaName: string | null };
export type { AreaRef };

export async function findAreasByPaths(
  db: Db,
  paths: string[],
): Promise<Pick<AreaRef, 'id' | 'name' | 'path' | 'level'>[]> {
  if (paths.length === 0) return [];
  return db
    .select({ id: areas.id, name: areas.name, path: areas.path, level: areas.level })
    .from(areas)
    .where(inArray(areas.path, paths))
    .orderBy(asc(areas.depth));
}

const orgWithArea = { ...getTableColumns(orgs), areaName: areas.name };

export async function findOrgById(db: Db, id: string): Promise<OrgWithArea | undefined> {
  const rows = await db
    .select(orgWithArea)
    .from(orgs)
    .leftJoin(areas, eq(areas.id, orgs.areaId))
    .where(eq(orgs.id, id))
    .limit(1);
  return rows[0];
}

export async function findOrgIdByCreditCode(db: Db, creditCode: string): Promise<string | undefined> {
  const rows = await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.creditCode, creditCode)).limit(1);
  return rows[0]?.id;
}

export type OrgsSort = 'name' | 'updatedAt';

export interface OrgsQuery {
  scopePath: string | null;
  subtreePath?: string;
  kind?: string;
  status?: string;
  tag?: string;
  aboveScale?: boolean;
  industry?: string;
  nameFragment?: string;
  creditCode?: string;
  phoneHash?: string;
  sort: OrgsSort;
  /** Keyset position: the previous page's last sort key (name, or updated_at as text) and id. */
  after?: { sortValue: string; id: string };
  limit: number;
}

export type OrgListRow = OrgWithArea & { sortKey: string };

export async function listOrgs(db: Db, query: OrgsQuery): Promise<OrgListRow[]> {
  const conditions: SQL[] = [];
  if (query.scopePath !== null) conditions.push(pathInSubtree(orgs.areaPath, query.scopePath));
  if (query.subtreePath) conditions.push(pathInSubtree(orgs.areaPath, query.subtreePath));
  if (query.kind) conditions.push(eq(orgs.kind, query.kind));
  if (query.status) conditions.push(eq(orgs.status, query.status));
  // Array containment so the GIN index on tags serves the filter.
  if (query.tag) conditions.push(sql`${orgs.tags} @> array[${query.tag}]::text[]`);
  if (query.aboveScale !== undefined) conditions.push(eq(orgs.aboveScale, query.aboveScale));
  if (query.industry) conditions.push(eq(orgs.industry, query.industry));
  if (query.nameFragment) conditions.push(like(orgs.name, `%${escapeLike(query.nameFragment)}%`));
  if (query.creditCode) conditions.push(eq(orgs.creditCode, query.creditCode));
  if (query.phoneHash) conditions.push(eq(orgs.contactPhoneHash, query.phoneHash));
  // updated_at travels as text with microseconds: a millisecond JS Date would skip or repeat rows.
  const sortKey = query.sort === 'name' ? sql<string>`${orgs.name}` : sql<string>`${orgs.updatedAt}::text`;
  if (query.after) {
    conditions.push(
      query.sort === 'name'
        ? sql`(${orgs.name}, ${orgs.id}) > (${query.after.sortValue}, ${query.after.id}::uuid)`
        : sql`(${orgs.updatedAt}, ${orgs.id}) < (${query.after.sortValue}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  const order =
    query.sort === 'name' ? [asc(orgs.name), asc(orgs.id)] : [desc(orgs.updatedAt), desc(orgs.id)];
  return db
    .select({ ...orgWithArea, sortKey })
    .from(orgs)
    .leftJoin(areas, eq(areas.id, orgs.areaId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit);
}

export async function insertOrg(db: Db, row: NewOrgRow): Promise<OrgRow> {
  const [inserted] = await db.insert(orgs).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

/** Optimistic update: applies only when the row is still at the version the caller read. */
export async function updateOrgAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<Omit<NewOrgRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>>,
): Promise<OrgRow | undefined> {
  const rows = await db
    .update(orgs)
    .set({ ...changes, version: sql`${orgs.version} + 1`, updatedAt: new Date() })
    .where(and(eq(orgs.id, id), eq(orgs.version, version)))
    .returning();
  return rows[0];
}

export type StatusHistoryRow = typeof orgStatusHistory.$inferSelect;

/** Many status changes at once (imports); the caller supplies the transaction. */
export async function insertStatusHistoryRows(
  db: Db,
  rows: Array<typeof orgStatusHistory.$inferInsert>,
): Promise<void> {
  if (rows.length > 0) await db.insert(orgStatusHistory).values(rows);
}

export async function insertStatusHistory(
  db: Db,
  row: typeof orgStatusHistory.$inferInsert,
): Promise<StatusHistoryRow> {
  const [inserted] = await db.insert(orgStatusHistory).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function listStatusHistory(
  db: Db,
  orgId: string,
): Promise<(StatusHistoryRow & { actorName: string | null })[]> {
  return db
    .select({ ...getTableColumns(orgStatusHistory), actorName: users.displayName })
    .from(orgStatusHistory)
    .leftJoin(users, eq(users.id, orgStatusHistory.actorId))
    .where(eq(orgStatusHistory.orgId, orgId))
    .orderBy(desc(orgStatusHistory.effectiveDate), desc(orgStatusHistory.id))
    .limit(500);
}

const UPSERT_BATCH = 500;
const UPSERT_COLUMNS = [
  'kind',
  'name',
  'aboveScale',
  'industry',
  'areaId',
  'areaPath',
  'address',
  'contactName',
  'contactPhoneEnc',
  'contactPhoneHash',
  'contactPhoneMasked',
  'tags',
  'status',
  'statusSince',
] as const satisfies readonly (keyof NewOrgRow)[];

// Import engine: inserts or updates complete org rows keyed by credit_code (a row without one always inserts), 500 a statement, in the caller's transaction; rows unique by code, phone already encrypted/hashed/masked, no status history written.
export async function upsertOrgsByCreditCode(
  db: Db,
  rows: NewOrgRow[],
): Promise<{ id: string; creditCode: string | null; inserted: boolean }[]> {
  const upserted = await upsertByKeyAsJson(
    db,
    { table: orgs, key: 'creditCode', columns: UPSERT_COLUMNS, batch: UPSERT_BATCH },
    rows,
  );
  return upserted.map(({ id, key, inserted }) => ({ id, creditCode: key, inserted }));
}
