import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { withinScope } from '../../core/db/path-sql.ts';
import { can, type Actor } from '../../core/access/policy.ts';
import { caseEvents, caseHandovers, caseTasks, cases, type CaseRow } from './cases.tables.ts';

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
