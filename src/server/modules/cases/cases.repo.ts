import { and, asc, desc, eq, gt, gte, inArray, isNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, pathInSubtree, withinScope } from '../../core/db/path-sql.ts';
import { can, type Actor } from '../../core/access/policy.ts';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { people } from '../people/people.tables.ts';
import { assignments, staff, teamMembers } from '../staff/staff.tables.ts';
import {
  caseEvents,
  caseHandovers,
  caseTasks,
  caseTypes,
  cases,
  guides,
  type CaseRow,
} from './cases.tables.ts';

export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CaseEventVisibility = 'public' | 'internal';

// ── primitives shared with case-work, sla and open311 ─────────────────────────

/** The case row locked until the caller's transaction ends (select … for update); undefined when missing. */
export async function lockCaseForUpdate(db: Db, id: string): Promise<CaseRow | undefined> {
  const rows = await db.select().from(cases).where(eq(cases.id, id)).for('update');
  return rows[0];
}

export async function findCase(db: Db, id: string): Promise<CaseRow | undefined> {
  const rows = await db.select().from(cases).where(eq(cases.id, id)).limit(1);
  return rows[0];
}

export interface NewCaseEvent {
  caseId: string;
  actorUserId: string | null;
  actorName: string | null;
  /** created, accepted, status, comment, attachment, handover_*, task_*, escalated, sla_warning, rated, merged, reopened, guide_linked */
  kind: string;
  visibility: CaseEventVisibility;
  fromStatus?: string | null;
  toStatus?: string | null;
  body?: string | null;
  data?: unknown;
  at?: Date;
}

/** Appends one timeline entry (the table is append-only). */
export async function appendCaseEvent(db: Db, event: NewCaseEvent): Promise<CaseEventRow> {
  const [row] = await db
    .insert(caseEvents)
    .values({
      caseId: event.caseId,
      actorUserId: event.actorUserId,
      actorName: event.actorName,
      kind: event.kind,
      visibility: event.visibility,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      body: event.body ?? null,
      data: event.data ?? null,
      ...(event.at ? { at: event.at } : {}),
    })
    .returning();
  if (!row) throw new Error('case event not inserted');
  return row;
}

export type CasePatch = Partial<
  Omit<CaseRow, 'id' | 'number' | 'version' | 'createdAt' | 'updatedAt' | 'typeId' | 'typeCode'>
>;

/**
 * Writes the patch when the case is still at expectedVersion: version + 1 and updated_at = now.
 * Undefined when the case is gone or someone changed it since (the caller answers 409 stale).
 */
export async function updateCase(
  db: Db,
  id: string,
  patch: CasePatch,
  expectedVersion: number,
): Promise<CaseRow | undefined> {
  const rows = await db
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cases.id, id), eq(cases.version, expectedVersion)))
    .returning();
  return rows[0];
}

/**
 * First-ask ownership: takes the case only while it is still submitted and unowned, so of two people
 * accepting at once exactly one becomes the owner. Undefined for the one who lost.
 */
export async function claimCase(db: Db, id: string, userId: string, at: Date): Promise<CaseRow | undefined> {
  const rows = await db
    .update(cases)
    .set({
      ownerUserId: userId,
      status: 'accepted',
      acceptedAt: at,
      version: sql`${cases.version} + 1`,
      updatedAt: at,
    })
    .where(and(eq(cases.id, id), sql`${cases.ownerUserId} is null`, eq(cases.status, 'submitted')))
    .returning();
  return rows[0];
}

// ── visibility in SQL (the same rule as canSeeCase in cases.policy.ts) ────────

/**
 * The cases an actor may see, as a condition on `cases`: staff with cases:read see their area, what
 * they own, what is routed to their department, what has an open task for their department, and what
 * is being handed to them; an enterprise user sees its organisation's requests and subjects; anyone
 * else nothing. Undefined means no restriction (an administrator, whose scope is everywhere).
 */
export function caseVisibilityCondition(actor: Actor): SQL | undefined {
  if (can(actor, 'cases:read')) {
    const area = withinScope(cases.areaPath, actor.scopePath);
    if (area === undefined) return undefined;
    const parts: SQL[] = [
      area,
      eq(cases.ownerUserId, actor.id),
      sql`exists (select 1 from ${caseHandovers} where ${caseHandovers.caseId} = ${cases.id} and ${caseHandovers.toUserId} = ${actor.id} and ${caseHandovers.status} = 'pending')`,
    ];
    if (actor.department !== null) {
      parts.push(eq(cases.handlingDepartmentCode, actor.department));
      parts.push(
        sql`exists (select 1 from ${caseTasks} where ${caseTasks.caseId} = ${cases.id} and ${caseTasks.status} = 'open' and ${caseTasks.departmentCode} = ${actor.department})`,
      );
    }
    return sql`(${sql.join(parts, sql` or `)})`;
  }
  if (!can(actor, 'cases:submit')) return sql`false`;
  const parts: SQL[] = [eq(cases.requesterUserId, actor.id)];
  if (actor.orgId !== null) {
    parts.push(eq(cases.requesterOrgId, actor.orgId), eq(cases.subjectOrgId, actor.orgId));
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Departments with an open coordination task on the case (for canSeeCase). */
export async function openTaskDepartments(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ departmentCode: caseTasks.departmentCode })
    .from(caseTasks)
    .where(and(eq(caseTasks.caseId, caseId), eq(caseTasks.status, 'open')));
  return rows.flatMap((r) => (r.departmentCode === null ? [] : [r.departmentCode]));
}

/** The user a pending handover of the case goes to, if any. */
export async function pendingHandoverTarget(db: Db, caseId: string): Promise<string | null> {
  const rows = await db
    .select({ toUserId: caseHandovers.toUserId })
    .from(caseHandovers)
    .where(and(eq(caseHandovers.caseId, caseId), eq(caseHandovers.status, 'pending')))
    .limit(1);
  return rows[0]?.toUserId ?? null;
}

// ── reads for the case service ────────────────────────────────────────────────

const owner = alias(users, 'owner_user');

const summaryColumns = {
  case: cases,
  typeNameZh: caseTypes.nameZh,
  typeNameEn: caseTypes.nameEn,
  areaName: areas.name,
  ownerName: owner.displayName,
  subjectOrgName: orgs.name,
  subjectPersonName: people.name,
  /** created_at to the microsecond, for the keyset cursor (a JS Date keeps only milliseconds). */
  createdAtKey: sql<string>`to_char(${cases.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  /** The resolution deadline likewise, for the overdue view's cursor. */
  dueKey: sql<
    string | null
  >`to_char(${cases.dueResolutionAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

export interface CaseWithNames {
  case: CaseRow;
  typeNameZh: string | null;
  typeNameEn: string | null;
  areaName: string | null;
  ownerName: string | null;
  subjectOrgName: string | null;
  subjectPersonName: string | null;
  createdAtKey: string;
  dueKey: string | null;
}

function selectCases(db: Db) {
  return db
    .select(summaryColumns)
    .from(cases)
    .leftJoin(caseTypes, eq(caseTypes.id, cases.typeId))
    .leftJoin(areas, eq(areas.path, cases.areaPath))
    .leftJoin(owner, eq(owner.id, cases.ownerUserId))
    .leftJoin(orgs, eq(orgs.id, cases.subjectOrgId))
    .leftJoin(people, eq(people.id, cases.subjectPersonId));
}

export async function findCaseWithNames(db: Db, id: string): Promise<CaseWithNames | undefined> {
  const rows = await selectCases(db).where(eq(cases.id, id)).limit(1);
  return rows[0];
}

export interface CaseListFilter {
  visibility: SQL | undefined;
  view: 'mine' | 'team' | 'department' | 'overdue' | 'requested' | 'all';
  actorId: string;
  actorOrgId: string | null;
  department: string | null;
  teamIds: readonly string[];
  status?: string;
  typeCode?: string;
  category?: string;
  areaPath?: string;
  subjectOrgId?: string;
  number?: number;
  titleLike?: string;
  now: Date;
}

function viewCondition(f: CaseListFilter): SQL | undefined {
  switch (f.view) {
    case 'mine':
      return eq(cases.ownerUserId, f.actorId);
    case 'team':
      return f.teamIds.length === 0
        ? sql`false`
        : or(
            inArray(cases.ownerTeamId, [...f.teamIds]),
            sql`${cases.ownerUserId} in (select ${staff.userId} from ${teamMembers} join ${staff} on ${staff.id} = ${teamMembers.staffId} where ${teamMembers.endsOn} is null and ${inArray(teamMembers.teamId, [...f.teamIds])})`,
          );
    case 'department':
      if (f.department === null) return sql`false`;
      return or(
        and(eq(cases.handlingDepartmentCode, f.department), eq(cases.status, 'submitted')),
        sql`exists (select 1 from ${caseTasks} where ${caseTasks.caseId} = ${cases.id} and ${caseTasks.status} = 'open' and ${caseTasks.departmentCode} = ${f.department})`,
      );
    case 'overdue':
      // Listed longest overdue first (listCases), read in order from the open-by-deadline index. The
      // literal list matches that partial index's predicate.
      return sql`${cases.status} in ('submitted', 'accepted', 'in_progress') and ${cases.dueResolutionAt} < ${f.now}`;
    case 'requested': {
      const mine = eq(cases.requesterUserId, f.actorId);
      return f.actorOrgId === null ? mine : or(mine, eq(cases.requesterOrgId, f.actorOrgId));
    }
    case 'all':
      return undefined;
  }
}

export async function listCases(
  db: Db,
  f: CaseListFilter,
  page: { limit: number; after?: { key: string; id: string } },
): Promise<CaseWithNames[]> {
  // Every view lists newest first, except overdue: longest overdue first. Sorting overdue cases by
  // creation instead made the planner walk a million cases backwards (~1 s), as overdue ones are old.
  const byDue = f.view === 'overdue';
  const sortColumn = byDue ? cases.dueResolutionAt : cases.createdAt;
  const conditions: (SQL | undefined)[] = [f.visibility, viewCondition(f)];
  if (f.status !== undefined) conditions.push(eq(cases.status, f.status));
  if (f.typeCode !== undefined) conditions.push(eq(cases.typeCode, f.typeCode));
  if (f.category !== undefined) conditions.push(eq(cases.category, f.category));
  if (f.areaPath !== undefined) conditions.push(pathInSubtree(cases.areaPath, f.areaPath));
  if (f.subjectOrgId !== undefined) conditions.push(eq(cases.subjectOrgId, f.subjectOrgId));
  if (f.number !== undefined) conditions.push(eq(cases.number, f.number));
  else if (f.titleLike !== undefined) conditions.push(like(cases.title, `%${escapeLike(f.titleLike)}%`));
  if (page.after) {
    const at = sql`${page.after.key}::timestamptz`;
    conditions.push(
      byDue
        ? or(gt(sortColumn, at), and(eq(sortColumn, at), gt(cases.id, page.after.id)))
        : or(lt(sortColumn, at), and(eq(sortColumn, at), lt(cases.id, page.after.id))),
    );
  }
  return selectCases(db)
    .where(and(...conditions))
    .orderBy(...(byDue ? [asc(sortColumn), asc(cases.id)] : [desc(sortColumn), desc(cases.id)]))
    .limit(page.limit);
}

/** Cases about the same subject and category (open or past), newest first. */
export async function casesOfSubject(
  db: Db,
  visibility: SQL | undefined,
  filter: { subjectOrgId: string; typeCode?: string; category?: string; excludeId?: string },
  limit: number,
): Promise<CaseWithNames[]> {
  const conditions: (SQL | undefined)[] = [visibility, eq(cases.subjectOrgId, filter.subjectOrgId)];
  if (filter.typeCode !== undefined) conditions.push(eq(cases.typeCode, filter.typeCode));
  if (filter.category !== undefined) conditions.push(eq(cases.category, filter.category));
  if (filter.excludeId !== undefined) conditions.push(ne(cases.id, filter.excludeId));
  return selectCases(db)
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}

/** Recent visible cases to compare texts with (of a type when given), newest first. */
export async function recentCases(
  db: Db,
  visibility: SQL | undefined,
  filter: { typeCode?: string; since: Date },
  limit: number,
): Promise<CaseWithNames[]> {
  const conditions: (SQL | undefined)[] = [visibility, gte(cases.createdAt, filter.since)];
  if (filter.typeCode !== undefined) conditions.push(eq(cases.typeCode, filter.typeCode));
  return selectCases(db)
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(limit);
}

export async function insertCase(db: Db, values: typeof cases.$inferInsert): Promise<CaseRow> {
  const [row] = await db.insert(cases).values(values).returning();
  if (!row) throw new Error('case not inserted');
  return row;
}

export async function findOrgBrief(db: Db, id: string) {
  const rows = await db
    .select({ id: orgs.id, name: orgs.name, areaPath: orgs.areaPath })
    .from(orgs)
    .where(eq(orgs.id, id))
    .limit(1);
  return rows[0];
}

export async function findPersonBrief(db: Db, id: string) {
  const rows = await db
    .select({ id: people.id, name: people.name, areaPath: people.areaPath })
    .from(people)
    .where(eq(people.id, id))
    .limit(1);
  return rows[0];
}

/** The login of the enterprise's active primary liaison (an active staff member with an active user). */
export async function primaryLiaisonUserId(db: Db, orgId: string): Promise<string | null> {
  const rows = await db
    .select({ userId: staff.userId })
    .from(assignments)
    .innerJoin(staff, eq(staff.id, assignments.staffId))
    .innerJoin(users, eq(users.id, staff.userId))
    .where(
      and(
        eq(assignments.orgId, orgId),
        eq(assignments.kind, 'liaison'),
        eq(assignments.isPrimary, true),
        isNull(assignments.endsAt),
        eq(staff.active, true),
        eq(users.active, true),
      ),
    )
    .limit(1);
  return rows[0]?.userId ?? null;
}

/** Active users of a department, in one of the roles, whose scope contains the area path. */
export async function departmentUsersCovering(
  db: Db,
  departmentCode: string,
  areaPath: string,
  roles: readonly string[],
): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.department, departmentCode),
        eq(users.active, true),
        inArray(users.role, [...roles]),
        sql`(${users.scopePath} is null or ${areaPath} = ${users.scopePath} or ${areaPath} like ${users.scopePath} || '.%')`,
      ),
    )
    .limit(500);
  return rows.map((r) => r.id);
}

/** Teams the user belongs to now (through their staff record). */
export async function teamIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .innerJoin(staff, eq(staff.id, teamMembers.staffId))
    .where(and(eq(staff.userId, userId), isNull(teamMembers.endsOn)));
  return rows.map((r) => r.teamId);
}

export type CaseTaskRow = typeof caseTasks.$inferSelect;
export type CaseHandoverRow = typeof caseHandovers.$inferSelect;

export async function tasksOfCase(db: Db, caseId: string): Promise<CaseTaskRow[]> {
  return db.select().from(caseTasks).where(eq(caseTasks.caseId, caseId)).orderBy(asc(caseTasks.createdAt));
}

export async function openTasksOfCase(db: Db, caseId: string): Promise<CaseTaskRow[]> {
  return db
    .select()
    .from(caseTasks)
    .where(and(eq(caseTasks.caseId, caseId), eq(caseTasks.status, 'open')))
    .orderBy(asc(caseTasks.createdAt));
}

export async function pendingHandoverOf(db: Db, caseId: string): Promise<CaseHandoverRow | undefined> {
  const rows = await db
    .select()
    .from(caseHandovers)
    .where(and(eq(caseHandovers.caseId, caseId), eq(caseHandovers.status, 'pending')))
    .limit(1);
  return rows[0];
}

export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function findGuideBrief(db: Db, id: string) {
  const rows = await db
    .select({ id: guides.id, title: guides.title, areaPath: guides.areaPath })
    .from(guides)
    .where(eq(guides.id, id))
    .limit(1);
  return rows[0];
}

export async function caseRefs(db: Db, id: string) {
  const rows = await db
    .select({ id: cases.id, number: cases.number })
    .from(cases)
    .where(eq(cases.id, id))
    .limit(1);
  return rows[0];
}

export async function listCaseEvents(db: Db, caseId: string, publicOnly: boolean): Promise<CaseEventRow[]> {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), publicOnly ? eq(caseEvents.visibility, 'public') : undefined))
    .orderBy(asc(caseEvents.id))
    .limit(2000);
}

/** Whether any staff comment visible to the requester exists yet (the first one is the first response). */
export async function hasPublicStaffComment(db: Db, caseId: string): Promise<boolean> {
  const rows = await db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(
      and(
        eq(caseEvents.caseId, caseId),
        eq(caseEvents.kind, 'comment'),
        eq(caseEvents.visibility, 'public'),
        sql`(${caseEvents.data} ->> 'byStaff') = 'true'`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function guidesFor(db: Db, filter: { typeCode?: string; category?: string }, limit: number) {
  if (filter.typeCode === undefined) return [];
  return db
    .select({
      id: guides.id,
      title: guides.title,
      body: guides.body,
      caseTypeCode: guides.caseTypeCode,
      category: guides.category,
      departmentCode: guides.departmentCode,
      areaPath: guides.areaPath,
    })
    .from(guides)
    .where(
      and(
        eq(guides.caseTypeCode, filter.typeCode),
        filter.category === undefined
          ? undefined
          : or(eq(guides.category, filter.category), isNull(guides.category)),
      ),
    )
    .orderBy(desc(guides.createdAt))
    .limit(limit);
}
