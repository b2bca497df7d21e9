import { and, asc, eq, gt, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, pathInSubtree } from '../../core/db/path-sql.ts';
import { users } from '../../core/db/core.tables.ts';
import type { AreaLevel } from '../../../shared/areas.ts';
import { areas } from './areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { dwellings, households, people, tenancies } from '../people/people.tables.ts';
import { assignments, departments, staff, teams } from '../staff/staff.tables.ts';
import { screenings } from '../records/records.tables.ts';

export type AreaRow = typeof areas.$inferSelect;
export type NewAreaRow = typeof areas.$inferInsert;
export type AreaWithChildren = AreaRow & { childCount: number };

/** Columns elsewhere that hold an area path and must follow a move. */
const AREA_PATH_COLUMNS = [
  users.scopePath,
  orgs.areaPath,
  people.areaPath,
  dwellings.areaPath,
  households.areaPath,
  tenancies.areaPath,
  staff.areaPath,
  teams.areaPath,
  assignments.areaPath,
  departments.areaPath,
  // Open and past screenings follow their area; daily records keep the path they were made under.
  screenings.areaPath,
];

export function inSubtree(path: string): SQL {
  return pathInSubtree(areas.path, path);
}

export type AreaRef = Pick<AreaRow, 'id' | 'name' | 'path' | 'level' | 'kind' | 'active'>;

/** The few columns other modules need to file a record under an area. */
export async function findAreaRef(db: Db, id: string): Promise<AreaRef | undefined> {
  const rows = await db
    .select({
      id: areas.id,
      name: areas.name,
      path: areas.path,
      level: areas.level,
      kind: areas.kind,
      active: areas.active,
    })
    .from(areas)
    .where(eq(areas.id, id))
    .limit(1);
  return rows[0];
}

/** Adds each row's number of children with one grouped query over the parent index. */
async function withChildCounts(
  db: Db,
  rows: AreaRow[],
  includeInactive: boolean,
): Promise<AreaWithChildren[]> {
  if (rows.length === 0) return [];
  const conditions: SQL[] = [
    inArray(
      areas.parentId,
      rows.map((r) => r.id),
    ),
  ];
  if (!includeInactive) conditions.push(eq(areas.active, true));
  const counts = await db
    .select({ parentId: areas.parentId, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(areas)
    .where(and(...conditions))
    .groupBy(areas.parentId);
  const byParent = new Map(counts.map((c) => [c.parentId, c.n]));
  return rows.map((r) => ({ ...r, childCount: byParent.get(r.id) ?? 0 }));
}

export async function findById(db: Db, id: string): Promise<AreaWithChildren | undefined> {
  const rows = await db.select().from(areas).where(eq(areas.id, id)).limit(1);
  return (await withChildCounts(db, rows, false))[0];
}

export async function findByPaths(db: Db, paths: string[]): Promise<AreaRow[]> {
  if (paths.length === 0) return [];
  return db.select().from(areas).where(inArray(areas.path, paths)).orderBy(asc(areas.depth));
}

export async function findAreaNameByPath(db: Db, path: string): Promise<string | undefined> {
  const rows = await db.select({ name: areas.name }).from(areas).where(eq(areas.path, path)).limit(1);
  return rows[0]?.name;
}

export async function listChildren(
  db: Db,
  parent: { parentId: string } | { roots: string[] | null },
  includeInactive: boolean,
): Promise<AreaWithChildren[]> {
  const conditions: SQL[] = [];
  if ('parentId' in parent) conditions.push(eq(areas.parentId, parent.parentId));
  else if (parent.roots === null) conditions.push(sql`${areas.parentId} is null`);
  else conditions.push(inArray(areas.path, parent.roots));
  if (!includeInactive) conditions.push(eq(areas.active, true));
  const rows = await db
    .select()
    .from(areas)
    .where(and(...conditions))
    .orderBy(asc(areas.sortOrder), asc(areas.code));
  return withChildCounts(db, rows, includeInactive);
}

export async function listSubtree(
  db: Db,
  root: { path: string; depth: number },
  maxDepth: number,
  includeInactive: boolean,
): Promise<AreaWithChildren[]> {
  const conditions: SQL[] = [inSubtree(root.path), sql`${areas.depth} <= ${root.depth + maxDepth}`];
  if (!includeInactive) conditions.push(eq(areas.active, true));
  const rows = await db
    .select()
    .from(areas)
    .where(and(...conditions))
    .orderBy(asc(areas.path))
    .limit(20_000);
  return withChildCounts(db, rows, includeInactive);
}

export async function search(
  db: Db,
  query: { q: string; level?: AreaLevel; scopePath: string | null; limit: number; afterPath?: string },
): Promise<AreaWithChildren[]> {
  const pattern = `%${escapeLike(query.q)}%`;
  const conditions: SQL[] = [
    eq(areas.active, true),
    or(like(areas.name, pattern), eq(areas.code, query.q), eq(areas.path, query.q)) as SQL,
  ];
  if (query.level) conditions.push(eq(areas.level, query.level));
  if (query.scopePath !== null) conditions.push(inSubtree(query.scopePath));
  if (query.afterPath) conditions.push(gt(areas.path, query.afterPath));
  const rows = await db
    .select()
    .from(areas)
    .where(and(...conditions))
    .orderBy(asc(areas.path))
    .limit(query.limit);
  return withChildCounts(db, rows, false);
}

export async function countDescendantsByLevel(db: Db, path: string): Promise<Record<AreaLevel, number>> {
  const rows = await db
    .select({ level: areas.level, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(areas)
    .where(and(like(areas.path, `${escapeLike(path)}.%`), eq(areas.active, true)))
    .groupBy(areas.level);
  const counts: Record<AreaLevel, number> = { city: 0, town: 0, community: 0, grid: 0, place: 0 };
  for (const row of rows) counts[row.level as AreaLevel] = row.n;
  return counts;
}

export async function existsPath(db: Db, path: string): Promise<boolean> {
  const rows = await db.select({ id: areas.id }).from(areas).where(eq(areas.path, path)).limit(1);
  return rows.length > 0;
}

export async function insertAreas(db: Db, rows: NewAreaRow[]): Promise<AreaRow[]> {
  if (rows.length === 0) return [];
  return db.insert(areas).values(rows).returning();
}

/** Optimistic update: applies only when the row is still at the version the caller read. */
export async function updateAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<Pick<AreaRow, 'name' | 'kind' | 'sortOrder' | 'parentId'>>,
): Promise<AreaRow | undefined> {
  const rows = await db
    .update(areas)
    .set({ ...changes, version: sql`${areas.version} + 1`, updatedAt: new Date() })
    .where(and(eq(areas.id, id), eq(areas.version, version)))
    .returning();
  return rows[0];
}

/** Rewrites the materialised path of a whole subtree, and every column elsewhere that points into it. */
export async function rewriteSubtreePaths(db: Db, oldPrefix: string, newPrefix: string): Promise<number> {
  const depthDelta = newPrefix.split('.').length - oldPrefix.split('.').length;
  const cut = oldPrefix.length + 1;
  const moved = await db
    .update(areas)
    .set({
      path: sql`${newPrefix} || substr(${areas.path}, ${cut})`,
      depth: sql`${areas.depth} + ${depthDelta}`,
      updatedAt: new Date(),
    })
    .where(inSubtree(oldPrefix))
    .returning({ id: areas.id });
  for (const column of AREA_PATH_COLUMNS) {
    // SET takes a bare column name, so the column is named, not qualified.
    const name = sql.identifier(column.name);
    await db.execute(
      sql`update ${column.table} set ${name} = ${newPrefix} || substr(${name}, ${cut}) where ${name} = ${oldPrefix} or ${name} like ${`${escapeLike(oldPrefix)}.%`}`,
    );
  }
  return moved.length;
}

export async function setSubtreeActive(db: Db, path: string, active: boolean): Promise<number> {
  const rows = await db
    .update(areas)
    .set({ active, updatedAt: new Date(), version: sql`${areas.version} + 1` })
    .where(and(inSubtree(path), eq(areas.active, !active)))
    .returning({ id: areas.id });
  return rows.length;
}

export async function countAreas(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)::int`.mapWith(Number) }).from(areas);
  return rows[0]?.n ?? 0;
}
