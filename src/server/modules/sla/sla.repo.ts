import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { withinScope } from '../../core/db/path-sql.ts';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { departments, staff, teamMembers } from '../staff/staff.tables.ts';
import {
  calendarDays,
  caseDeadlines,
  caseEvents,
  caseTasks,
  caseTypes,
  cases,
} from '../cases/cases.tables.ts';
import type { MetricGroup, SlaClock } from './sla.rules.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;
export type DeadlineRow = typeof caseDeadlines.$inferSelect;

const OPEN_STATUSES = ['submitted', 'accepted', 'in_progress'];

// ── calendar ─────────────────────────────────────────────────────────────────

export async function listCalendarDays(
  db: Db,
  range?: { from: string; to: string },
): Promise<CalendarDayRow[]> {
  return db
    .select()
    .from(calendarDays)
    .where(range ? and(gte(calendarDays.day, range.from), lte(calendarDays.day, range.to)) : undefined)
    .orderBy(asc(calendarDays.day));
}

export async function findCalendarDay(db: Db, day: string): Promise<CalendarDayRow | undefined> {
  const rows = await db.select().from(calendarDays).where(eq(calendarDays.day, day)).limit(1);
  return rows[0];
}

export async function upsertCalendarDay(db: Db, row: CalendarDayRow): Promise<CalendarDayRow> {
  const [saved] = await db
    .insert(calendarDays)
    .values(row)
    .onConflictDoUpdate({ target: calendarDays.day, set: { kind: row.kind, name: row.name } })
    .returning();
  if (!saved) throw new Error('calendar day not saved');
  return saved;
}

export async function deleteCalendarDay(db: Db, day: string): Promise<CalendarDayRow | undefined> {
  const [deleted] = await db.delete(calendarDays).where(eq(calendarDays.day, day)).returning();
  return deleted;
}

/** Inserts the days not present yet; returns how many were new. */
export async function insertMissingCalendarDays(db: Db, rows: readonly CalendarDayRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(calendarDays)
    .values([...rows])
    .onConflictDoNothing({ target: calendarDays.day })
    .returning({ day: calendarDays.day });
  return inserted.length;
}

// ── deadline rows ────────────────────────────────────────────────────────────

export async function insertDeadlines(db: Db, rows: (typeof caseDeadlines.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(caseDeadlines).values(rows);
}

const pending = and(isNull(caseDeadlines.firedAt), isNull(caseDeadlines.cancelledAt));

/** Cancels a case's pending rows, of some clocks only when given; returns how many. */
export async function cancelCaseDeadlines(
  db: Db,
  caseId: string,
  at: Date,
  clocks?: readonly SlaClock[],
): Promise<number> {
  const rows = await db
    .update(caseDeadlines)
    .set({ cancelledAt: at })
    .where(
      and(
        eq(caseDeadlines.caseId, caseId),
        pending,
        clocks ? inArray(caseDeadlines.clock, [...clocks]) : undefined,
      ),
    )
    .returning({ id: caseDeadlines.id });
  return rows.length;
}

export async function cancelTaskDeadlines(db: Db, taskId: string, at: Date): Promise<number> {
  const rows = await db
    .update(caseDeadlines)
    .set({ cancelledAt: at })
    .where(and(eq(caseDeadlines.taskId, taskId), pending))
    .returning({ id: caseDeadlines.id });
  return rows.length;
}

export async function cancelDeadline(db: Db, id: number, at: Date): Promise<void> {
  await db.update(caseDeadlines).set({ cancelledAt: at }).where(eq(caseDeadlines.id, id));
}

export async function markDeadlineFired(db: Db, id: number, at: Date): Promise<void> {
  await db.update(caseDeadlines).set({ firedAt: at }).where(eq(caseDeadlines.id, id));
}

/**
 * Locks up to `limit` due rows that no other sweeper holds (FOR UPDATE SKIP LOCKED), earliest first.
 * The row is re-checked under the lock, so one fired or cancelled meanwhile is not returned.
 */
export async function claimDueDeadlines(db: Db, now: Date, limit: number): Promise<DeadlineRow[]> {
  return db
    .select()
    .from(caseDeadlines)
    .where(and(lte(caseDeadlines.dueAt, now), pending))
    .orderBy(asc(caseDeadlines.dueAt), asc(caseDeadlines.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function listCaseDeadlines(db: Db, caseId: string): Promise<DeadlineRow[]> {
  return db
    .select()
    .from(caseDeadlines)
    .where(eq(caseDeadlines.caseId, caseId))
    .orderBy(asc(caseDeadlines.id));
}

// ── the case columns the clocks own ──────────────────────────────────────────

export async function setCaseDue(
  db: Db,
  caseId: string,
  due: { dueFirstResponseAt?: Date | null; dueResolutionAt?: Date | null },
): Promise<boolean> {
  const rows = await db.update(cases).set(due).where(eq(cases.id, caseId)).returning({ id: cases.id });
  return rows.length > 0;
}

/** first_response_at keeps its first value; last_update_at moves to `at`. */
export async function setFirstResponse(db: Db, caseId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(cases)
    .set({
      firstResponseAt: sql`coalesce(${cases.firstResponseAt}, ${at.toISOString()}::timestamptz)`,
      lastUpdateAt: at,
    })
    .where(eq(cases.id, caseId))
    .returning({ id: cases.id });
  return rows.length > 0;
}

export async function setLastUpdate(db: Db, caseId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(cases)
    .set({ lastUpdateAt: at })
    .where(eq(cases.id, caseId))
    .returning({ id: cases.id });
  return rows.length > 0;
}

export interface SweepCase {
  id: string;
  number: number;
  title: string;
  status: string;
  areaPath: string;
  ownerUserId: string | null;
  handlingDepartmentCode: string | null;
  escalationLevel: number;
}

/** The case locked for the sweep, or undefined when another transaction holds it. */
export async function findSweepCase(db: Db, caseId: string): Promise<SweepCase | undefined> {
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      status: cases.status,
      areaPath: cases.areaPath,
      ownerUserId: cases.ownerUserId,
      handlingDepartmentCode: cases.handlingDepartmentCode,
      escalationLevel: cases.escalationLevel,
    })
    .from(cases)
    .where(eq(cases.id, caseId))
    .limit(1)
    .for('update', { skipLocked: true });
  return rows[0];
}

export async function setEscalationLevel(db: Db, caseId: string, level: number): Promise<void> {
  await db.update(cases).set({ escalationLevel: level }).where(eq(cases.id, caseId));
}

export async function findTaskDepartment(db: Db, taskId: string): Promise<string | null> {
  const rows = await db
    .select({ departmentCode: caseTasks.departmentCode })
    .from(caseTasks)
    .where(eq(caseTasks.id, taskId))
    .limit(1);
  return rows[0]?.departmentCode ?? null;
}

export async function insertCaseEvent(db: Db, row: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(row);
}

// ── recipients ───────────────────────────────────────────────────────────────

/** The user's scope contains the path (a null scope contains everything). */
function scopeContains(path: string): SQL {
  return sql`(${users.scopePath} is null or ${users.scopePath} = ${path} or ${path} like ${users.scopePath} || '.%')`;
}

/**
 * Leaders (with a login) of the teams the user's staff record currently belongs to, the user
 * themself excluded.
 */
export async function teamLeaderUserIds(db: Db, userId: string, today: string): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct leader.user_id
      from ${staff} me
      join ${teamMembers} mine on mine.staff_id = me.id
                            and (mine.ends_on is null or mine.ends_on >= ${today}::date)
      join ${teamMembers} lead on lead.team_id = mine.team_id and lead.role = 'leader'
                            and (lead.ends_on is null or lead.ends_on >= ${today}::date)
      join ${staff} leader on leader.id = lead.staff_id and leader.active and leader.user_id is not null
      join ${users} u on u.id = leader.user_id and u.active
     where me.user_id = ${userId} and leader.user_id <> ${userId}
  `);
  return (result as unknown as { rows: { user_id: string }[] }).rows.map((r) => r.user_id);
}

export async function activeUserIdsWithRoleOver(db: Db, role: string, areaPath: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, role), eq(users.active, true), scopeContains(areaPath)));
  return rows.map((r) => r.id);
}

export async function activeUserIdsOfDepartmentOver(
  db: Db,
  departmentCode: string,
  areaPath: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.department, departmentCode), eq(users.active, true), scopeContains(areaPath)));
  return rows.map((r) => r.id);
}

// ── metrics and the overdue list ─────────────────────────────────────────────

export interface MetricRow {
  groupKey: string | null;
  status: string;
  createdAt: Date;
  dueFirstResponseAt: Date | null;
  firstResponseAt: Date | null;
  dueResolutionAt: Date | null;
  resolvedAt: Date | null;
  rating: number | null;
}

/** The cases filed in [from, to) under the root path (null: everywhere), with their unit's raw key. */
export async function metricRows(
  db: Db,
  query: { rootPath: string | null; from: Date; to: Date; groupBy: MetricGroup },
): Promise<MetricRow[]> {
  const groupKey =
    query.groupBy === 'department'
      ? cases.handlingDepartmentCode
      : query.groupBy === 'type'
        ? cases.typeCode
        : cases.areaPath;
  return db
    .select({
      groupKey,
      status: cases.status,
      createdAt: cases.createdAt,
      dueFirstResponseAt: cases.dueFirstResponseAt,
      firstResponseAt: cases.firstResponseAt,
      dueResolutionAt: cases.dueResolutionAt,
      resolvedAt: cases.resolvedAt,
      rating: cases.rating,
    })
    .from(cases)
    .where(
      and(
        withinScope(cases.areaPath, query.rootPath),
        gte(cases.createdAt, query.from),
        lt(cases.createdAt, query.to),
        sql`${cases.status} <> 'merged'`,
      ),
    );
}

export async function departmentNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: departments.code, name: departments.name })
    .from(departments)
    .where(inArray(departments.code, [...codes]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function caseTypeNames(
  db: Db,
  codes: readonly string[],
): Promise<Map<string, { zh: string; en: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: caseTypes.code, zh: caseTypes.nameZh, en: caseTypes.nameEn })
    .from(caseTypes)
    .where(inArray(caseTypes.code, [...codes]));
  return new Map(rows.map((r) => [r.code, { zh: r.zh, en: r.en }]));
}

export async function areaNamesByPath(db: Db, paths: readonly string[]): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const rows = await db
    .select({ path: areas.path, name: areas.name })
    .from(areas)
    .where(inArray(areas.path, [...paths]));
  return new Map(rows.map((r) => [r.path, r.name]));
}

export interface OverdueRow {
  id: string;
  number: number;
  title: string;
  status: string;
  areaPath: string;
  ownerUserId: string | null;
  ownerName: string | null;
  handlingDepartmentCode: string | null;
  departmentName: string | null;
  dueResolutionAt: Date;
  escalationLevel: number;
}

/** Open cases past their resolution deadline, longest overdue first, keyset after (due, id). */
export async function overdueCases(
  db: Db,
  query: { rootPath: string | null; now: Date; after?: { dueAt: Date; id: string }; limit: number },
): Promise<OverdueRow[]> {
  const after = query.after;
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      status: cases.status,
      areaPath: cases.areaPath,
      ownerUserId: cases.ownerUserId,
      ownerName: users.displayName,
      handlingDepartmentCode: cases.handlingDepartmentCode,
      departmentName: departments.name,
      dueResolutionAt: cases.dueResolutionAt,
      escalationLevel: cases.escalationLevel,
    })
    .from(cases)
    .leftJoin(users, eq(users.id, cases.ownerUserId))
    .leftJoin(departments, eq(departments.code, cases.handlingDepartmentCode))
    .where(
      and(
        inArray(cases.status, OPEN_STATUSES),
        lt(cases.dueResolutionAt, query.now),
        withinScope(cases.areaPath, query.rootPath),
        after
          ? or(
              gt(cases.dueResolutionAt, after.dueAt),
              and(eq(cases.dueResolutionAt, after.dueAt), gt(cases.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(cases.dueResolutionAt), asc(cases.id))
    .limit(query.limit + 1);
  return rows.flatMap((r) => (r.dueResolutionAt ? [{ ...r, dueResolutionAt: r.dueResolutionAt }] : []));
}

/** A case's status, first response and its type's SLA policy (unvalidated jsonb). */
export async function findCaseClockState(
  db: Db,
  caseId: string,
): Promise<{ status: string; firstResponseAt: Date | null; sla: unknown } | undefined> {
  const rows = await db
    .select({ status: cases.status, firstResponseAt: cases.firstResponseAt, sla: caseTypes.sla })
    .from(cases)
    .innerJoin(caseTypes, eq(caseTypes.id, cases.typeId))
    .where(eq(cases.id, caseId))
    .limit(1);
  return rows[0];
}
