// SQL for handovers, coordination tasks, guides and attachments. The case row itself is read, locked
// and written through cases.repo.ts (lockCaseForUpdate, updateCase, appendCaseEvent).
import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, withinScope } from '../../core/db/path-sql.ts';
import { users } from '../../core/db/core.tables.ts';
import { departments } from '../staff/staff.tables.ts';
import { caseAttachments, caseHandovers, caseTasks, caseTypes, cases, guides } from './cases.tables.ts';

export type HandoverRow = typeof caseHandovers.$inferSelect;
export type TaskRow = typeof caseTasks.$inferSelect;
export type GuideRow = typeof guides.$inferSelect;
export type AttachmentRow = typeof caseAttachments.$inferSelect;

// ── users ─────────────────────────────────────────────────────────────────────

export interface UserBrief {
  id: string;
  displayName: string;
  role: string;
  department: string | null;
  active: boolean;
}

export async function findUserBrief(db: Db, id: string): Promise<UserBrief | undefined> {
  const rows = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      role: users.role,
      department: users.department,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return rows[0];
}

/** Display names of users, for presenting rows that point at them. */
export async function userNames(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Active users of a department with one of the given roles (who get a task's notification). */
export async function departmentUserIds(db: Db, code: string, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.department, code), eq(users.active, true), inArray(users.role, [...roles])))
    .limit(500);
  return rows.map((r) => r.id);
}

// ── handovers ─────────────────────────────────────────────────────────────────

export async function insertHandover(
  db: Db,
  values: typeof caseHandovers.$inferInsert,
): Promise<HandoverRow> {
  const [row] = await db.insert(caseHandovers).values(values).returning();
  if (!row) throw new Error('handover not inserted');
  return row;
}

export async function findHandover(db: Db, caseId: string, id: string): Promise<HandoverRow | undefined> {
  const rows = await db
    .select()
    .from(caseHandovers)
    .where(and(eq(caseHandovers.id, id), eq(caseHandovers.caseId, caseId)))
    .limit(1);
  return rows[0];
}

export async function findPendingHandover(db: Db, caseId: string): Promise<HandoverRow | undefined> {
  const rows = await db
    .select()
    .from(caseHandovers)
    .where(and(eq(caseHandovers.caseId, caseId), eq(caseHandovers.status, 'pending')))
    .limit(1);
  return rows[0];
}

/** Decides a handover that is still pending; undefined when it was decided meanwhile. */
export async function decideHandover(
  db: Db,
  id: string,
  status: 'accepted' | 'declined' | 'cancelled',
  at: Date,
): Promise<HandoverRow | undefined> {
  const rows = await db
    .update(caseHandovers)
    .set({ status, decidedAt: at })
    .where(and(eq(caseHandovers.id, id), eq(caseHandovers.status, 'pending')))
    .returning();
  return rows[0];
}

// ── coordination tasks ────────────────────────────────────────────────────────

export async function findDepartmentByCode(db: Db, code: string) {
  const rows = await db
    .select({ code: departments.code, name: departments.name, active: departments.active })
    .from(departments)
    .where(eq(departments.code, code))
    .limit(1);
  return rows[0];
}

export async function insertTask(db: Db, values: typeof caseTasks.$inferInsert): Promise<TaskRow> {
  const [row] = await db.insert(caseTasks).values(values).returning();
  if (!row) throw new Error('task not inserted');
  return row;
}

/** The task, locked until the transaction ends (completing and closing race otherwise). */
export async function lockTask(db: Db, caseId: string, id: string): Promise<TaskRow | undefined> {
  const rows = await db
    .select()
    .from(caseTasks)
    .where(and(eq(caseTasks.id, id), eq(caseTasks.caseId, caseId)))
    .for('update');
  return rows[0];
}

export async function findTask(db: Db, caseId: string, id: string): Promise<TaskRow | undefined> {
  const rows = await db
    .select()
    .from(caseTasks)
    .where(and(eq(caseTasks.id, id), eq(caseTasks.caseId, caseId)))
    .limit(1);
  return rows[0];
}

/** Finishes an open task (done or closed); undefined when it was finished meanwhile. */
export async function finishTask(
  db: Db,
  id: string,
  patch: Pick<
    typeof caseTasks.$inferInsert,
    'status' | 'result' | 'closeReason' | 'completedAt' | 'completedBy'
  >,
): Promise<TaskRow | undefined> {
  const rows = await db
    .update(caseTasks)
    .set({ ...patch, version: sql`${caseTasks.version} + 1` })
    .where(and(eq(caseTasks.id, id), eq(caseTasks.status, 'open')))
    .returning();
  return rows[0];
}

export async function listCaseTasks(db: Db, caseId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(caseTasks)
    .where(eq(caseTasks.caseId, caseId))
    .orderBy(asc(caseTasks.createdAt), asc(caseTasks.id));
}

export interface TaskWithCase extends TaskRow {
  caseNumber: number;
  caseTitle: string;
  caseStatus: string;
  caseOwnerUserId: string | null;
  caseAreaPath: string;
  caseHandlingDepartmentCode: string | null;
  caseRequesterUserId: string | null;
  caseRequesterOrgId: string | null;
  caseSubjectOrgId: string | null;
}

/** Tasks for one department or on cases one user owns, newest first, keyset by (created_at, id). */
export async function listTasks(
  db: Db,
  filter: {
    departmentCode?: string;
    ownerUserId?: string;
    status?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  },
): Promise<TaskWithCase[]> {
  const conditions: (SQL | undefined)[] = [
    filter.departmentCode === undefined ? undefined : eq(caseTasks.departmentCode, filter.departmentCode),
    filter.ownerUserId === undefined ? undefined : eq(cases.ownerUserId, filter.ownerUserId),
    filter.status === undefined ? undefined : eq(caseTasks.status, filter.status),
    filter.after === undefined
      ? undefined
      : or(
          lt(caseTasks.createdAt, filter.after.createdAt),
          and(eq(caseTasks.createdAt, filter.after.createdAt), lt(caseTasks.id, filter.after.id)),
        ),
  ];
  const rows = await db
    .select({
      task: caseTasks,
      caseNumber: cases.number,
      caseTitle: cases.title,
      caseStatus: cases.status,
      caseOwnerUserId: cases.ownerUserId,
      caseAreaPath: cases.areaPath,
      caseHandlingDepartmentCode: cases.handlingDepartmentCode,
      caseRequesterUserId: cases.requesterUserId,
      caseRequesterOrgId: cases.requesterOrgId,
      caseSubjectOrgId: cases.subjectOrgId,
    })
    .from(caseTasks)
    .innerJoin(cases, eq(cases.id, caseTasks.caseId))
    .where(and(...conditions))
    .orderBy(desc(caseTasks.createdAt), desc(caseTasks.id))
    .limit(filter.limit);
  return rows.map((r) => ({
    ...r.task,
    caseNumber: r.caseNumber,
    caseTitle: r.caseTitle,
    caseStatus: r.caseStatus,
    caseOwnerUserId: r.caseOwnerUserId,
    caseAreaPath: r.caseAreaPath,
    caseHandlingDepartmentCode: r.caseHandlingDepartmentCode,
    caseRequesterUserId: r.caseRequesterUserId,
    caseRequesterOrgId: r.caseRequesterOrgId,
    caseSubjectOrgId: r.caseSubjectOrgId,
  }));
}

// ── guides ────────────────────────────────────────────────────────────────────

export async function findCaseTypeCategories(
  db: Db,
  code: string,
): Promise<{ code: string; categories: unknown } | undefined> {
  const rows = await db
    .select({ code: caseTypes.code, categories: caseTypes.categories })
    .from(caseTypes)
    .where(eq(caseTypes.code, code))
    .limit(1);
  return rows[0];
}

/**
 * Guides that apply where the actor works: written for the actor's area or below it, or for an area
 * containing it (a city-wide guide reaches every town). A null scope (administrators) sees all.
 */
function guideVisibility(scopePath: string | null): SQL | undefined {
  if (scopePath === null) return undefined;
  return or(
    withinScope(guides.areaPath, scopePath),
    sql`starts_with(${scopePath}, ${guides.areaPath} || '.')`,
  );
}

export async function listGuides(
  db: Db,
  filter: {
    scopePath: string | null;
    q?: string;
    typeCode?: string;
    category?: string;
    after?: { createdAt: Date; id: string };
    limit: number;
  },
): Promise<GuideRow[]> {
  const pattern = filter.q === undefined ? undefined : `%${escapeLike(filter.q)}%`;
  const conditions: (SQL | undefined)[] = [
    guideVisibility(filter.scopePath),
    pattern === undefined ? undefined : or(ilike(guides.title, pattern), ilike(guides.body, pattern)),
    filter.typeCode === undefined ? undefined : eq(guides.caseTypeCode, filter.typeCode),
    filter.category === undefined ? undefined : eq(guides.category, filter.category),
    filter.after === undefined
      ? undefined
      : or(
          lt(guides.createdAt, filter.after.createdAt),
          and(eq(guides.createdAt, filter.after.createdAt), lt(guides.id, filter.after.id)),
        ),
  ];
  return db
    .select()
    .from(guides)
    .where(and(...conditions))
    .orderBy(desc(guides.createdAt), desc(guides.id))
    .limit(filter.limit);
}

export async function findGuide(db: Db, id: string): Promise<GuideRow | undefined> {
  const rows = await db.select().from(guides).where(eq(guides.id, id)).limit(1);
  return rows[0];
}

export async function insertGuide(db: Db, values: typeof guides.$inferInsert): Promise<GuideRow> {
  const [row] = await db.insert(guides).values(values).returning();
  if (!row) throw new Error('guide not inserted');
  return row;
}

/** Writes the patch when the guide is still at expectedVersion; undefined otherwise. */
export async function updateGuide(
  db: Db,
  id: string,
  patch: Partial<Pick<GuideRow, 'title' | 'body' | 'caseTypeCode' | 'category' | 'departmentCode'>>,
  expectedVersion: number,
): Promise<GuideRow | undefined> {
  const rows = await db
    .update(guides)
    .set({ ...patch, version: sql`${guides.version} + 1` })
    .where(and(eq(guides.id, id), eq(guides.version, expectedVersion)))
    .returning();
  return rows[0];
}

// ── attachments ───────────────────────────────────────────────────────────────

export async function insertAttachment(
  db: Db,
  values: typeof caseAttachments.$inferInsert,
): Promise<AttachmentRow> {
  const [row] = await db.insert(caseAttachments).values(values).returning();
  if (!row) throw new Error('attachment not inserted');
  return row;
}

export async function findAttachment(db: Db, caseId: string, id: string): Promise<AttachmentRow | undefined> {
  const rows = await db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, id), eq(caseAttachments.caseId, caseId)))
    .limit(1);
  return rows[0];
}

export async function listAttachments(db: Db, caseId: string, publicOnly: boolean): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(caseAttachments)
    .where(
      and(
        eq(caseAttachments.caseId, caseId),
        publicOnly ? eq(caseAttachments.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(caseAttachments.createdAt), asc(caseAttachments.id))
    .limit(500);
}
