import { and, asc, desc, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { pathInSubtree, withinScope } from '../../core/db/path-sql.ts';
import { areas } from '../areas/areas.tables.ts';
import { cases } from '../cases/cases.tables.ts';
import { OPEN_STATUSES } from '../cases/cases.rules.ts';
import { departments } from '../staff/staff.tables.ts';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { targets } from './dashboard.tables.ts';

export type TargetRow = typeof targets.$inferSelect;
export type NewTargetRow = typeof targets.$inferInsert;

/** The case type of a progress supervision sheet (进度督促单). */
export const PROGRESS_SHEET_TYPE = 'progress_supervision';
/** The sheet's hidden link to its target: the case's `fields.target_id`. */
export const SHEET_TARGET_FIELD = 'target_id';

export async function insertTarget(db: Db, row: NewTargetRow): Promise<TargetRow> {
  const [inserted] = await db.insert(targets).values(row).returning();
  if (!inserted) throw new Error('target not inserted');
  return inserted;
}

export async function findTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  const rows = await db.select().from(targets).where(eq(targets.id, id)).limit(1);
  return rows[0];
}

/** The target locked for the caller's transaction (serialises sheets issued for it). */
export async function lockTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  const rows = await db.select().from(targets).where(eq(targets.id, id)).for('update').limit(1);
  return rows[0];
}

/** Applies the patch when the row still has the version read; undefined otherwise. */
export async function updateTargetAtVersion(
  db: Db,
  id: string,
  version: number,
  patch: Partial<Omit<NewTargetRow, 'id' | 'version' | 'createdAt' | 'createdBy'>>,
): Promise<TargetRow | undefined> {
  const [row] = await db
    .update(targets)
    .set({ ...patch, version: sql`${targets.version} + 1`, updatedAt: new Date() })
    .where(and(eq(targets.id, id), eq(targets.version, version)))
    .returning();
  return row;
}

export interface TargetListFilter {
  /** The actor's scope (null = everywhere). */
  scopePath: string | null;
  /** Targets on this area or below. */
  areaPath?: string;
  metric?: MetricKey;
  includeInactive: boolean;
  /** Keyset: rows after this (due day, id). */
  after?: { dueDay: string; id: string };
  limit: number;
}

/** Targets in the scope, soonest due first, keyset on (due_day, id). */
export async function listTargets(db: Db, filter: TargetListFilter): Promise<TargetRow[]> {
  const conditions: (SQL | undefined)[] = [withinScope(targets.areaPath, filter.scopePath)];
  if (filter.areaPath !== undefined) conditions.push(pathInSubtree(targets.areaPath, filter.areaPath));
  if (filter.metric !== undefined) conditions.push(eq(targets.metric, filter.metric));
  if (!filter.includeInactive) conditions.push(eq(targets.active, true));
  if (filter.after) {
    conditions.push(
      or(
        gt(targets.dueDay, filter.after.dueDay),
        and(eq(targets.dueDay, filter.after.dueDay), gt(targets.id, filter.after.id)),
      ),
    );
  }
  return db
    .select()
    .from(targets)
    .where(and(...conditions))
    .orderBy(asc(targets.dueDay), asc(targets.id))
    .limit(filter.limit);
}

export interface AreaBrief {
  id: string;
  name: string;
  path: string;
  level: string;
  depth: number;
}

const areaBrief = {
  id: areas.id,
  name: areas.name,
  path: areas.path,
  level: areas.level,
  depth: areas.depth,
};

export async function areasByIds(db: Db, ids: readonly string[]): Promise<Map<string, AreaBrief>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(areaBrief)
    .from(areas)
    .where(inArray(areas.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findArea(db: Db, id: string): Promise<AreaBrief | undefined> {
  return (await areasByIds(db, [id])).get(id);
}

/** The active child areas of an area, in the tree's own order. */
export async function childAreas(db: Db, parentId: string): Promise<AreaBrief[]> {
  return db
    .select(areaBrief)
    .from(areas)
    .where(and(eq(areas.parentId, parentId), eq(areas.active, true)))
    .orderBy(asc(areas.sortOrder), asc(areas.code));
}

export interface OpenSheetRow {
  targetId: string;
  caseId: string;
  number: number;
  areaPath: string;
  areaId: string | null;
}

/** Open progress supervision sheets of the targets (their area resolved by path). */
export async function openSheetsOf(db: Db, targetIds: readonly string[]): Promise<OpenSheetRow[]> {
  if (targetIds.length === 0) return [];
  const targetId = sql<string>`${cases.fields} ->> ${SHEET_TARGET_FIELD}`;
  return db
    .select({
      targetId,
      caseId: cases.id,
      number: cases.number,
      areaPath: cases.areaPath,
      areaId: areas.id,
    })
    .from(cases)
    .leftJoin(areas, eq(areas.path, cases.areaPath))
    .where(
      and(
        eq(cases.typeCode, PROGRESS_SHEET_TYPE),
        inArray(cases.status, [...OPEN_STATUSES]),
        inArray(targetId, [...targetIds]),
      ),
    )
    .orderBy(asc(cases.number));
}

/** The open sheet of a target for one area, if any. */
export async function openSheetFor(
  db: Db,
  targetId: string,
  areaPath: string,
): Promise<{ id: string; number: number; handlingDepartmentCode: string | null } | undefined> {
  const rows = await db
    .select({ id: cases.id, number: cases.number, handlingDepartmentCode: cases.handlingDepartmentCode })
    .from(cases)
    .where(
      and(
        eq(cases.typeCode, PROGRESS_SHEET_TYPE),
        inArray(cases.status, [...OPEN_STATUSES]),
        eq(cases.areaPath, areaPath),
        sql`${cases.fields} ->> ${SHEET_TARGET_FIELD} = ${targetId}`,
      ),
    )
    .orderBy(asc(cases.number))
    .limit(1);
  return rows[0];
}

/**
 * The unit answering for an area: the active department whose own area is the area or its nearest
 * ancestor below the root (a town's office for a town and everything in it). City-wide departments
 * sit at the root and are not an area's unit: the caller then keeps the case type's department.
 */
export async function departmentOfArea(db: Db, areaPath: string): Promise<string | null> {
  const rows = await db
    .select({ code: departments.code })
    .from(departments)
    .where(
      and(
        eq(departments.active, true),
        sql`${departments.areaPath} like '%.%'`,
        sql`(${areaPath} = ${departments.areaPath} or ${areaPath} like ${departments.areaPath} || '.%')`,
      ),
    )
    .orderBy(desc(sql`length(${departments.areaPath})`), asc(departments.sortOrder), asc(departments.code))
    .limit(1);
  return rows[0]?.code ?? null;
}
