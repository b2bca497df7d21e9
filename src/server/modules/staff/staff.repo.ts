import { and, asc, desc, eq, gt, inArray, isNull, like, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, withinScope } from '../../core/db/path-sql.ts';
import { users } from '../../core/db/core.tables.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { assignments, departments, staff, teamMembers, teams } from './staff.tables.ts';

export type DepartmentRow = typeof departments.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type MemberRow = typeof teamMembers.$inferSelect;
export type AssignmentRow = typeof assignments.$inferSelect;
export type StaffWithNames = StaffRow & { departmentName: string | null; areaName: string | null };
export type TeamWithCount = TeamRow & { memberCount: number };
export type AssignmentWithName = AssignmentRow & { staffName: string | null };

// ── departments ───────────────────────────────────────────────────────────────

export async function listDepartments(db: Db, scopePath: string | null, includeInactive: boolean) {
  const conditions: (SQL | undefined)[] = [];
  if (scopePath !== null) {
    conditions.push(
      or(
        withinScope(departments.areaPath, scopePath),
        sql`${scopePath} like ${departments.areaPath} || '.%'`,
      ),
    );
  }
  if (!includeInactive) conditions.push(eq(departments.active, true));
  return db
    .select()
    .from(departments)
    .where(and(...conditions))
    .orderBy(asc(departments.sortOrder), asc(departments.code))
    .limit(2000);
}

export async function findDepartment(db: Db, id: string): Promise<DepartmentRow | undefined> {
  const rows = await db.select().from(departments).where(eq(departments.id, id)).limit(1);
  return rows[0];
}

export async function departmentCodeExists(db: Db, code: string): Promise<boolean> {
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(eq(departments.code, code))
    .limit(1);
  return rows.length > 0;
}

export async function insertDepartment(db: Db, row: typeof departments.$inferInsert): Promise<DepartmentRow> {
  const [inserted] = await db.insert(departments).values(row).returning();
  if (!inserted) throw new Error('department not inserted');
  return inserted;
}

/** Undefined when the row is gone or its version moved on since the caller read it. */
export async function updateDepartmentAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<Pick<DepartmentRow, 'name' | 'shortName' | 'sortOrder' | 'active'>>,
): Promise<DepartmentRow | undefined> {
  const rows = await db
    .update(departments)
    .set({ ...changes, version: sql`${departments.version} + 1` })
    .where(and(eq(departments.id, id), eq(departments.version, version)))
    .returning();
  return rows[0];
}

// ── staff ─────────────────────────────────────────────────────────────────────

const staffColumns = {
  id: staff.id,
  name: staff.name,
  phoneEnc: staff.phoneEnc,
  phoneHash: staff.phoneHash,
  phoneMasked: staff.phoneMasked,
  departmentId: staff.departmentId,
  userId: staff.userId,
  title: staff.title,
  areaPath: staff.areaPath,
  active: staff.active,
  createdAt: staff.createdAt,
  updatedAt: staff.updatedAt,
  version: staff.version,
  departmentName: departments.name,
  areaName: areas.name,
};

function selectStaff(db: Db) {
  return db
    .select(staffColumns)
    .from(staff)
    .leftJoin(departments, eq(departments.id, staff.departmentId))
    .leftJoin(areas, eq(areas.path, staff.areaPath));
}

export interface StaffFilter {
  scopePath: string | null;
  q?: string;
  phoneHash?: string;
  departmentId?: string;
  teamId?: string;
  active?: boolean;
}

function staffConditions(filter: StaffFilter): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = [withinScope(staff.areaPath, filter.scopePath)];
  if (filter.phoneHash !== undefined) conditions.push(eq(staff.phoneHash, filter.phoneHash));
  else if (filter.q !== undefined) conditions.push(like(staff.name, `%${escapeLike(filter.q)}%`));
  if (filter.departmentId !== undefined) conditions.push(eq(staff.departmentId, filter.departmentId));
  if (filter.active !== undefined) conditions.push(eq(staff.active, filter.active));
  if (filter.teamId !== undefined) {
    conditions.push(
      sql`exists (select 1 from ${teamMembers} where ${teamMembers.staffId} = ${staff.id} and ${teamMembers.teamId} = ${filter.teamId} and ${teamMembers.endsOn} is null)`,
    );
  }
  return conditions;
}

export async function listStaff(
  db: Db,
  filter: StaffFilter,
  page: { limit: number; after?: { name: string; id: string } },
): Promise<StaffWithNames[]> {
  const conditions = staffConditions(filter);
  if (page.after) {
    conditions.push(
      or(gt(staff.name, page.after.name), and(eq(staff.name, page.after.name), gt(staff.id, page.after.id))),
    );
  }
  return selectStaff(db)
    .where(and(...conditions))
    .orderBy(asc(staff.name), asc(staff.id))
    .limit(page.limit);
}

export async function findStaff(db: Db, id: string): Promise<StaffWithNames | undefined> {
  const rows = await selectStaff(db).where(eq(staff.id, id)).limit(1);
  return rows[0];
}

export async function findStaffByUser(db: Db, userId: string): Promise<StaffRow | undefined> {
  const rows = await db.select().from(staff).where(eq(staff.userId, userId)).limit(1);
  return rows[0];
}

export async function userExists(db: Db, userId: string): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  return rows.length > 0;
}

/**
 * Active logins whose username or display name contains q, with a scope inside scopePath (all when null),
 * not linked to a staff record other than exceptStaffId.
 */
export async function listLinkableLogins(
  db: Db,
  filter: { scopePath: string | null; q?: string; exceptStaffId?: string; limit: number },
): Promise<Array<{ id: string; username: string; displayName: string; role: string }>> {
  const conditions: (SQL | undefined)[] = [
    eq(users.active, true),
    withinScope(users.scopePath, filter.scopePath),
    sql`not exists (select 1 from ${staff} where ${staff.userId} = ${users.id}${
      filter.exceptStaffId === undefined ? sql`` : sql` and ${staff.id} <> ${filter.exceptStaffId}`
    })`,
  ];
  if (filter.q !== undefined) {
    const pattern = `%${escapeLike(filter.q.toLowerCase())}%`;
    conditions.push(
      or(sql`lower(${users.username}) like ${pattern}`, like(users.displayName, `%${escapeLike(filter.q)}%`)),
    );
  }
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.username))
    .limit(filter.limit);
}

export async function insertStaff(db: Db, row: typeof staff.$inferInsert): Promise<StaffRow> {
  const [inserted] = await db.insert(staff).values(row).returning();
  if (!inserted) throw new Error('staff not inserted');
  return inserted;
}

export async function updateStaffAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<
    Pick<
      StaffRow,
      | 'name'
      | 'phoneEnc'
      | 'phoneHash'
      | 'phoneMasked'
      | 'departmentId'
      | 'userId'
      | 'title'
      | 'areaPath'
      | 'active'
    >
  >,
): Promise<StaffRow | undefined> {
  const rows = await db
    .update(staff)
    .set({ ...changes, version: sql`${staff.version} + 1`, updatedAt: new Date() })
    .where(and(eq(staff.id, id), eq(staff.version, version)))
    .returning();
  return rows[0];
}

// ── teams ─────────────────────────────────────────────────────────────────────

// Drizzle leaves columns in a one-table select list unqualified, where "id" would bind to the
// subquery's own table; these correlated subqueries therefore name the outer column in full.
const memberCount =
  sql<number>`(select count(*)::int from team_members tm where tm.team_id = "teams"."id" and tm.ends_on is null)`.mapWith(
    Number,
  );

export async function listTeams(
  db: Db,
  filter: { scopePath: string | null; kind?: string; includeInactive: boolean },
): Promise<TeamWithCount[]> {
  const conditions: (SQL | undefined)[] = [withinScope(teams.areaPath, filter.scopePath)];
  if (filter.kind !== undefined) conditions.push(eq(teams.kind, filter.kind));
  if (!filter.includeInactive) conditions.push(eq(teams.active, true));
  const rows = await db
    .select({ team: teams, memberCount })
    .from(teams)
    .where(and(...conditions))
    .orderBy(asc(teams.sortOrder), asc(teams.name), asc(teams.id))
    .limit(5000);
  return rows.map((r) => ({ ...r.team, memberCount: r.memberCount }));
}

export async function findTeam(db: Db, id: string): Promise<TeamWithCount | undefined> {
  const rows = await db.select({ team: teams, memberCount }).from(teams).where(eq(teams.id, id)).limit(1);
  const row = rows[0];
  return row ? { ...row.team, memberCount: row.memberCount } : undefined;
}

export async function childTeams(db: Db, parentId: string): Promise<TeamRow[]> {
  return db
    .select()
    .from(teams)
    .where(eq(teams.parentTeamId, parentId))
    .orderBy(asc(teams.sortOrder), asc(teams.name));
}

export async function insertTeam(db: Db, row: typeof teams.$inferInsert): Promise<TeamRow> {
  const [inserted] = await db.insert(teams).values(row).returning();
  if (!inserted) throw new Error('team not inserted');
  return inserted;
}

/** Undefined when the row is gone or its version moved on since the caller read it. */
export async function updateTeamAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<Pick<TeamRow, 'name' | 'departmentId' | 'sortOrder' | 'active'>>,
): Promise<TeamRow | undefined> {
  const rows = await db
    .update(teams)
    .set({ ...changes, version: sql`${teams.version} + 1` })
    .where(and(eq(teams.id, id), eq(teams.version, version)))
    .returning();
  return rows[0];
}

const memberColumns = {
  id: teamMembers.id,
  teamId: teamMembers.teamId,
  staffId: teamMembers.staffId,
  role: teamMembers.role,
  startsOn: teamMembers.startsOn,
  endsOn: teamMembers.endsOn,
  staffName: staff.name,
  phoneMasked: staff.phoneMasked,
};
export type MemberWithStaff = MemberRow & { staffName: string; phoneMasked: string | null };

export async function listMembers(db: Db, teamId: string, includeEnded: boolean): Promise<MemberWithStaff[]> {
  const conditions: SQL[] = [eq(teamMembers.teamId, teamId)];
  if (!includeEnded) conditions.push(isNull(teamMembers.endsOn));
  return db
    .select(memberColumns)
    .from(teamMembers)
    .innerJoin(staff, eq(staff.id, teamMembers.staffId))
    .where(and(...conditions))
    .orderBy(asc(teamMembers.role), asc(staff.name), asc(teamMembers.id));
}

export async function findMember(db: Db, id: string): Promise<MemberWithStaff | undefined> {
  const rows = await db
    .select(memberColumns)
    .from(teamMembers)
    .innerJoin(staff, eq(staff.id, teamMembers.staffId))
    .where(eq(teamMembers.id, id))
    .limit(1);
  return rows[0];
}

export async function activeMembership(db: Db, teamId: string, staffId: string): Promise<boolean> {
  const rows = await db
    .select({ id: teamMembers.id })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.staffId, staffId), isNull(teamMembers.endsOn)))
    .limit(1);
  return rows.length > 0;
}

export async function insertMember(db: Db, row: typeof teamMembers.$inferInsert): Promise<MemberRow> {
  const [inserted] = await db.insert(teamMembers).values(row).returning();
  if (!inserted) throw new Error('member not inserted');
  return inserted;
}

/** Ends a membership that is still active; undefined when someone ended it first. */
export async function endMember(db: Db, id: string, endsOn: string): Promise<MemberRow | undefined> {
  const rows = await db
    .update(teamMembers)
    .set({ endsOn })
    .where(and(eq(teamMembers.id, id), isNull(teamMembers.endsOn)))
    .returning();
  return rows[0];
}

// ── orgs (read only) ──────────────────────────────────────────────────────────

const orgColumns = {
  id: orgs.id,
  name: orgs.name,
  kind: orgs.kind,
  areaId: orgs.areaId,
  areaPath: orgs.areaPath,
  aboveScale: orgs.aboveScale,
  status: orgs.status,
};

export async function findOrg(db: Db, id: string) {
  const rows = await db.select(orgColumns).from(orgs).where(eq(orgs.id, id)).limit(1);
  return rows[0];
}

/**
 * Takes the enterprise's row lock: liaison changes for one enterprise then run one after the other,
 * so the second sees (and ends) the first instead of colliding with it on the unique index.
 */
export async function lockOrgs(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(inArray(orgs.id, ids))
    .orderBy(asc(orgs.id))
    .for('update');
}

/** Same for grids: the area rows serialise bulk changes to their workers. */
export async function lockAreas(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .select({ id: areas.id })
    .from(areas)
    .where(inArray(areas.id, ids))
    .orderBy(asc(areas.id))
    .for('update');
}

// ── assignments ───────────────────────────────────────────────────────────────

function selectAssignments(db: Db) {
  return db
    .select({ assignment: assignments, staffName: staff.name })
    .from(assignments)
    .leftJoin(staff, eq(staff.id, assignments.staffId));
}

const flatten = (rows: { assignment: AssignmentRow; staffName: string | null }[]): AssignmentWithName[] =>
  rows.map((r) => ({ ...r.assignment, staffName: r.staffName }));

export async function findAssignment(db: Db, id: string): Promise<AssignmentWithName | undefined> {
  return flatten(await selectAssignments(db).where(eq(assignments.id, id)).limit(1))[0];
}

export async function activeLiaison(db: Db, orgId: string): Promise<AssignmentWithName | undefined> {
  const rows = await selectAssignments(db)
    .where(
      and(
        eq(assignments.orgId, orgId),
        eq(assignments.kind, 'liaison'),
        eq(assignments.isPrimary, true),
        isNull(assignments.endsAt),
      ),
    )
    .limit(1);
  return flatten(rows)[0];
}

export async function liaisonHistory(db: Db, orgId: string): Promise<AssignmentWithName[]> {
  return flatten(
    await selectAssignments(db)
      .where(and(eq(assignments.orgId, orgId), eq(assignments.kind, 'liaison')))
      .orderBy(desc(assignments.startsAt), desc(assignments.id))
      .limit(500),
  );
}

export async function insertAssignment(db: Db, row: typeof assignments.$inferInsert): Promise<AssignmentRow> {
  const [inserted] = await db.insert(assignments).values(row).returning();
  if (!inserted) throw new Error('assignment not inserted');
  return inserted;
}

/** Ends an active assignment; undefined when it had already ended. History rows are never deleted. */
export async function endAssignment(
  db: Db,
  id: string,
  reason: string | null,
  at: Date,
): Promise<AssignmentRow | undefined> {
  const rows = await db
    .update(assignments)
    .set({ endsAt: at, reason: reason ?? assignments.reason })
    .where(and(eq(assignments.id, id), isNull(assignments.endsAt)))
    .returning();
  return rows[0];
}

export async function activeWorkerExists(db: Db, staffId: string, areaId: string): Promise<boolean> {
  const rows = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(
        eq(assignments.kind, 'grid_worker'),
        eq(assignments.staffId, staffId),
        eq(assignments.areaId, areaId),
        isNull(assignments.endsAt),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function activeCoverageExists(
  db: Db,
  teamId: string,
  target: { orgId?: string; areaId?: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: assignments.id })
    .from(assignments)
    .where(
      and(
        eq(assignments.kind, 'team_coverage'),
        eq(assignments.teamId, teamId),
        target.orgId !== undefined
          ? eq(assignments.orgId, target.orgId)
          : eq(assignments.areaId, target.areaId ?? ''),
        isNull(assignments.endsAt),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function teamCoverage(db: Db, teamId: string) {
  return db
    .select({
      id: assignments.id,
      orgId: assignments.orgId,
      areaId: assignments.areaId,
      subjectName: sql<string>`coalesce(${orgs.name}, ${areas.name}, '')`,
      startsAt: assignments.startsAt,
    })
    .from(assignments)
    .leftJoin(orgs, eq(orgs.id, assignments.orgId))
    .leftJoin(areas, eq(areas.id, assignments.areaId))
    .where(
      and(eq(assignments.teamId, teamId), eq(assignments.kind, 'team_coverage'), isNull(assignments.endsAt)),
    )
    .orderBy(asc(assignments.startsAt))
    .limit(2000);
}

/** The staff member's active assignments of one kind inside a scope, with the subject's name. */
export async function activeOfStaff(
  db: Db,
  staffId: string,
  kind: 'liaison' | 'grid_worker',
  scopePath: string | null,
): Promise<{ id: string; subjectId: string; subjectName: string; areaPath: string }[]> {
  const base = and(
    eq(assignments.staffId, staffId),
    eq(assignments.kind, kind),
    isNull(assignments.endsAt),
    withinScope(assignments.areaPath, scopePath),
  );
  if (kind === 'liaison') {
    return db
      .select({
        id: assignments.id,
        subjectId: orgs.id,
        subjectName: orgs.name,
        areaPath: assignments.areaPath,
      })
      .from(assignments)
      .innerJoin(orgs, eq(orgs.id, assignments.orgId))
      .where(and(base, eq(assignments.isPrimary, true)))
      .orderBy(asc(orgs.id));
  }
  return db
    .select({
      id: assignments.id,
      subjectId: areas.id,
      subjectName: areas.name,
      areaPath: assignments.areaPath,
    })
    .from(assignments)
    .innerJoin(areas, eq(areas.id, assignments.areaId))
    .where(base)
    .orderBy(asc(areas.id));
}

/** Of the given grids, those the staff member already works (active). */
export async function gridsServedBy(db: Db, staffId: string, areaIds: string[]): Promise<Set<string>> {
  if (areaIds.length === 0) return new Set();
  const rows = await db
    .select({ areaId: assignments.areaId })
    .from(assignments)
    .where(
      and(
        eq(assignments.kind, 'grid_worker'),
        eq(assignments.staffId, staffId),
        inArray(assignments.areaId, areaIds),
        isNull(assignments.endsAt),
      ),
    );
  return new Set(rows.map((r) => r.areaId).filter((id): id is string => id !== null));
}

// ── coverage gaps ─────────────────────────────────────────────────────────────

function uncoveredEnterprises(scopePath: string | null): SQL {
  return and(
    eq(orgs.kind, 'enterprise'),
    eq(orgs.aboveScale, true),
    ne(orgs.status, 'closed'),
    withinScope(orgs.areaPath, scopePath),
    sql`not exists (select 1 from ${assignments} where ${assignments.orgId} = ${orgs.id} and ${assignments.kind} = 'liaison' and ${assignments.isPrimary} and ${assignments.endsAt} is null)`,
  ) as SQL;
}

export async function countEnterprisesWithoutLiaison(db: Db, scopePath: string | null): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(orgs)
    .where(uncoveredEnterprises(scopePath));
  return rows[0]?.n ?? 0;
}

export async function enterprisesWithoutLiaison(
  db: Db,
  scopePath: string | null,
  page: { limit: number; after?: { name: string; id: string } },
) {
  const area = sql`(select a.name from areas a where a.id = "orgs"."area_id")`;
  const conditions: (SQL | undefined)[] = [uncoveredEnterprises(scopePath)];
  if (page.after) {
    conditions.push(
      or(gt(orgs.name, page.after.name), and(eq(orgs.name, page.after.name), gt(orgs.id, page.after.id))),
    );
  }
  return db
    .select({
      id: orgs.id,
      name: orgs.name,
      address: orgs.address,
      areaId: orgs.areaId,
      areaName: sql<string | null>`${area}`,
      status: orgs.status,
    })
    .from(orgs)
    .where(and(...conditions))
    .orderBy(asc(orgs.name), asc(orgs.id))
    .limit(page.limit);
}

function uncoveredGrids(scopePath: string | null): SQL {
  return and(
    eq(areas.level, 'grid'),
    eq(areas.active, true),
    withinScope(areas.path, scopePath),
    sql`not exists (select 1 from ${assignments} where ${assignments.areaId} = ${areas.id} and ${assignments.kind} = 'grid_worker' and ${assignments.endsAt} is null)`,
  ) as SQL;
}

export async function countGridsWithoutWorker(db: Db, scopePath: string | null): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(areas)
    .where(uncoveredGrids(scopePath));
  return rows[0]?.n ?? 0;
}

export async function gridsWithoutWorker(
  db: Db,
  scopePath: string | null,
  page: { limit: number; afterPath?: string },
) {
  const conditions: (SQL | undefined)[] = [uncoveredGrids(scopePath)];
  if (page.afterPath !== undefined) conditions.push(gt(areas.path, page.afterPath));
  const parent = sql<string | null>`(select p.name from areas p where p.id = "areas"."parent_id")`;
  return db
    .select({ id: areas.id, name: areas.name, path: areas.path, parentName: parent })
    .from(areas)
    .where(and(...conditions))
    .orderBy(asc(areas.path))
    .limit(page.limit);
}

// ── my enterprises ────────────────────────────────────────────────────────────

export async function enterprisesOfLiaison(db: Db, staffId: string, scopePath: string | null) {
  return db
    .select({
      id: orgs.id,
      name: orgs.name,
      address: orgs.address,
      status: orgs.status,
      areaName: areas.name,
      contactName: orgs.contactName,
      contactPhoneMasked: orgs.contactPhoneMasked,
      since: assignments.startsAt,
    })
    .from(assignments)
    .innerJoin(orgs, eq(orgs.id, assignments.orgId))
    .leftJoin(areas, eq(areas.id, orgs.areaId))
    .where(
      and(
        eq(assignments.staffId, staffId),
        eq(assignments.kind, 'liaison'),
        eq(assignments.isPrimary, true),
        isNull(assignments.endsAt),
        withinScope(orgs.areaPath, scopePath),
      ),
    )
    .orderBy(asc(orgs.name), asc(orgs.id))
    .limit(1000);
}
