import type { Db } from '../../core/db/client.ts';
import { AppError, type LocalisedFieldError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { assertCan, type Actor } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import type { TeamKind, TeamRole } from '../../../shared/registries.ts';
import * as repo from './staff.repo.ts';
import type { AssignmentRow, DepartmentRow, StaffWithNames, TeamWithCount } from './staff.repo.ts';
import {
  canAssign,
  canManageStaff,
  canReveal,
  canSee,
  canSeeDepartment,
  staffActions,
  teamActions,
} from './staff.policy.ts';
import {
  changeSetToken,
  computeChangeSet,
  coverageTargetError,
  endDateError,
  looksLikePhone,
  memberRoleError,
  normalisePhone,
  phoneError,
  teamParentError,
  type Change,
} from './staff.rules.ts';
import type {
  AddMemberInput,
  AssignmentDto,
  BulkApplyInput,
  BulkInput,
  CreateDepartmentInput,
  CreateStaffInput,
  CreateTeamInput,
  DepartmentDto,
  StaffDto,
  StaffLoginDto,
  StaffLoginQueryInput,
  StaffQueryInput,
  TeamDto,
  TeamMemberDto,
  UpdateDepartmentInput,
  UpdateStaffInput,
  UpdateTeamInput,
} from './staff.schema.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import type { ServiceContext } from '../../core/request-context.ts';

export type StaffContext = ServiceContext;

const invalid = (error: LocalisedFieldError): AppError => new AppError('validation_failed', [error]);
const conflict = (field: string, zh: string, en: string): AppError =>
  new AppError('conflict', [{ field, reason: { zh, en } }]);
const staleVersion = (current: number): AppError =>
  conflict(
    'version',
    `该记录已被他人修改（当前版本 ${current}），请刷新后重试`,
    `the record was changed by someone else (now version ${current}); reload and try again`,
  );

// ── presenters ────────────────────────────────────────────────────────────────

function presentDepartment(actor: Actor, row: DepartmentRow): DepartmentDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    areaPath: row.areaPath,
    sortOrder: row.sortOrder,
    active: row.active,
    version: row.version,
    can: { update: canManageStaff(actor, row) },
  };
}

export function presentStaff(actor: Actor, row: StaffWithNames): StaffDto {
  return {
    id: row.id,
    name: row.name,
    phoneMasked: row.phoneMasked,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    userId: row.userId,
    title: row.title,
    areaPath: row.areaPath,
    areaName: row.areaName,
    active: row.active,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    can: staffActions(actor, row),
  };
}

function presentTeam(actor: Actor, row: TeamWithCount): TeamDto {
  return {
    id: row.id,
    kind: row.kind as TeamKind,
    name: row.name,
    parentTeamId: row.parentTeamId,
    departmentId: row.departmentId,
    areaPath: row.areaPath,
    sortOrder: row.sortOrder,
    active: row.active,
    version: row.version,
    memberCount: row.memberCount,
    can: teamActions(actor, row),
  };
}

function presentMember(actor: Actor, team: { areaPath: string }, row: repo.MemberWithStaff): TeamMemberDto {
  return {
    id: row.id,
    teamId: row.teamId,
    staffId: row.staffId,
    staffName: row.staffName,
    phoneMasked: row.phoneMasked,
    role: row.role as TeamRole,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    can: { end: row.endsOn === null && canManageStaff(actor, team) },
  };
}

function presentAssignment(actor: Actor, row: AssignmentRow, staffName: string | null): AssignmentDto {
  return {
    id: row.id,
    kind: row.kind as AssignmentDto['kind'],
    staffId: row.staffId,
    staffName,
    teamId: row.teamId,
    orgId: row.orgId,
    areaId: row.areaId,
    areaPath: row.areaPath,
    isPrimary: row.isPrimary,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt ? row.endsAt.toISOString() : null,
    reason: row.reason,
    active: row.endsAt === null,
    can: { end: row.endsAt === null && canAssign(actor, row) },
  };
}

const staffAudit = (row: {
  name: string;
  phoneMasked: string | null;
  departmentId: string | null;
  userId: string | null;
  title: string | null;
  areaPath: string;
  active: boolean;
}) => ({
  name: row.name,
  phoneMasked: row.phoneMasked,
  departmentId: row.departmentId,
  userId: row.userId,
  title: row.title,
  areaPath: row.areaPath,
  active: row.active,
});

const assignmentAudit = (row: AssignmentRow) => ({
  kind: row.kind,
  staffId: row.staffId,
  teamId: row.teamId,
  orgId: row.orgId,
  areaId: row.areaId,
  isPrimary: row.isPrimary,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt ? row.endsAt.toISOString() : null,
  reason: row.reason,
});

// ── loaders: out of scope is not found ────────────────────────────────────────

async function loadArea(db: Db, actor: Actor, id: string, field?: string) {
  const area = await findAreaRef(db, id);
  if (!area || !canSee(actor, { areaPath: area.path })) {
    if (field) throw invalid({ field, reason: { zh: '区域不存在', en: 'no such area' } });
    throw new AppError('not_found');
  }
  return area;
}

async function loadStaff(db: Db, actor: Actor, id: string, field?: string): Promise<StaffWithNames> {
  const row = await repo.findStaff(db, id);
  if (!row || !canSee(actor, row)) {
    if (field) throw invalid({ field, reason: { zh: '人员不存在', en: 'no such staff member' } });
    throw new AppError('not_found');
  }
  return row;
}

async function loadActiveStaff(db: Db, actor: Actor, id: string, field: string): Promise<StaffWithNames> {
  const row = await loadStaff(db, actor, id, field);
  if (!row.active)
    throw invalid({ field, reason: { zh: '该人员已停用', en: 'this staff member is inactive' } });
  return row;
}

async function loadTeam(db: Db, actor: Actor, id: string): Promise<TeamWithCount> {
  const row = await repo.findTeam(db, id);
  if (!row || !canSee(actor, row)) throw new AppError('not_found');
  return row;
}

async function loadOrg(db: Db, actor: Actor, id: string, field?: string) {
  const row = await repo.findOrg(db, id);
  if (!row || !canSee(actor, row)) {
    if (field) throw invalid({ field, reason: { zh: '企业不存在', en: 'no such organisation' } });
    throw new AppError('not_found');
  }
  return row;
}

async function checkDepartment(db: Db, actor: Actor, id: string | null | undefined): Promise<void> {
  if (id === null || id === undefined) return;
  const row = await repo.findDepartment(db, id);
  if (!row || !canSeeDepartment(actor, row)) {
    throw invalid({ field: 'departmentId', reason: { zh: '部门不存在', en: 'no such department' } });
  }
}

// ── departments ───────────────────────────────────────────────────────────────

export async function listDepartments(ctx: StaffContext, includeInactive: boolean) {
  const rows = await repo.listDepartments(ctx.db, ctx.actor.scopePath, includeInactive);
  return { items: rows.map((r) => presentDepartment(ctx.actor, r)) };
}

export async function createDepartment(ctx: StaffContext, input: CreateDepartmentInput) {
  const area = await loadArea(ctx.db, ctx.actor, input.areaId, 'areaId');
  if (!canManageStaff(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  const duplicate = () =>
    conflict('code', `已有编码为 ${input.code} 的部门`, `a department with code ${input.code} exists`);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await repo.departmentCodeExists(tx, input.code)) throw duplicate();
      const row = await repo.insertDepartment(tx, {
        code: input.code,
        name: input.name.trim(),
        shortName: input.shortName?.trim() ?? null,
        areaPath: area.path,
        sortOrder: input.sortOrder ?? 0,
      });
      await recordAudit(tx, ctx.who, {
        action: 'department.create',
        entityType: 'department',
        entityId: row.id,
        areaPath: row.areaPath,
        after: { code: row.code, name: row.name, shortName: row.shortName, areaPath: row.areaPath },
      });
      return presentDepartment(ctx.actor, row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

export async function updateDepartment(ctx: StaffContext, id: string, input: UpdateDepartmentInput) {
  const current = await repo.findDepartment(ctx.db, id);
  if (!current || !canSeeDepartment(ctx.actor, current)) throw new AppError('not_found');
  if (!canManageStaff(ctx.actor, current)) throw new AppError('forbidden');
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateDepartmentAtVersion(tx, id, input.version, {
      name: input.name?.trim(),
      shortName: input.shortName === undefined ? undefined : (input.shortName?.trim() ?? null),
      sortOrder: input.sortOrder,
      active: input.active,
    });
    if (!row) throw staleVersion((await repo.findDepartment(tx, id))?.version ?? current.version);
    await recordAudit(tx, ctx.who, {
      action: 'department.update',
      entityType: 'department',
      entityId: id,
      areaPath: row.areaPath,
      before: {
        name: current.name,
        shortName: current.shortName,
        sortOrder: current.sortOrder,
        active: current.active,
      },
      after: { name: row.name, shortName: row.shortName, sortOrder: row.sortOrder, active: row.active },
    });
    return presentDepartment(ctx.actor, row);
  });
}

// ── staff ─────────────────────────────────────────────────────────────────────

function staffFilter(ctx: StaffContext, query: Omit<StaffQueryInput, 'limit' | 'cursor'>): repo.StaffFilter {
  const q = query.q?.trim();
  return {
    scopePath: ctx.actor.scopePath,
    q: q || undefined,
    phoneHash: q && looksLikePhone(q) ? ctx.pii.lookupHash(normalisePhone(q)) : undefined,
    departmentId: query.departmentId,
    teamId: query.teamId,
    active: query.active,
  };
}

export async function listStaff(ctx: StaffContext, query: StaffQueryInput) {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await repo.listStaff(ctx.db, staffFilter(ctx, query), {
    limit: limit + 1,
    after: after ? { name: String(after.sortValue ?? ''), id: after.id } : undefined,
  });
  const page = pageOf(rows, limit, (r) => [r.name, r.id]);
  return { items: page.items.map((r) => presentStaff(ctx.actor, r)), nextCursor: page.nextCursor };
}

/** Every matching row for a spreadsheet, masked phones only; capped so one export cannot exhaust memory. */
export async function exportStaff(ctx: StaffContext, query: Omit<StaffQueryInput, 'limit' | 'cursor'>) {
  return repo.listStaff(ctx.db, staffFilter(ctx, query), { limit: 50_000 });
}

export async function getStaff(ctx: StaffContext, id: string) {
  return presentStaff(ctx.actor, await loadStaff(ctx.db, ctx.actor, id));
}

/** The clear phone, for pii:read inside the staff member's area; every call leaves an audit row. */
export async function revealStaffPhone(ctx: StaffContext, id: string) {
  const row = await loadStaff(ctx.db, ctx.actor, id);
  if (!canReveal(ctx.actor, row)) throw new AppError('forbidden');
  const phone = row.phoneEnc ? ctx.pii.decrypt(row.phoneEnc) : null;
  await recordAudit(ctx.db, ctx.who, {
    action: 'staff.reveal',
    entityType: 'staff',
    entityId: row.id,
    areaPath: row.areaPath,
    after: { fields: phone === null ? [] : ['phone'] },
  });
  return { phone };
}

function phoneColumns(ctx: StaffContext, raw: string | null) {
  if (raw === null) return { phoneEnc: null, phoneHash: null, phoneMasked: null };
  const problem = phoneError(raw);
  if (problem) throw invalid(problem);
  const phone = normalisePhone(raw);
  return {
    phoneEnc: ctx.pii.encrypt(phone),
    phoneHash: ctx.pii.lookupHash(phone),
    phoneMasked: maskPhone(phone),
  };
}

async function checkUser(ctx: StaffContext, userId: string | null | undefined, selfId?: string) {
  if (userId === null || userId === undefined) return;
  if (!(await repo.userExists(ctx.db, userId))) {
    throw invalid({ field: 'userId', reason: { zh: '用户不存在', en: 'no such user' } });
  }
  const linked = await repo.findStaffByUser(ctx.db, userId);
  if (linked && linked.id !== selfId) throw userTaken();
}

const userTaken = () =>
  conflict('userId', '该登录账号已关联其他人员', 'this login is already linked to another staff member');

/** Logins the caller may link to a staff record: in their scope and not linked to another record. */
export async function listLinkableLogins(
  ctx: StaffContext,
  query: StaffLoginQueryInput,
): Promise<{ items: StaffLoginDto[] }> {
  const q = query.q?.trim();
  const items = await repo.listLinkableLogins(ctx.db, {
    scopePath: ctx.actor.scopePath,
    q: q ? q : undefined,
    exceptStaffId: query.staffId,
    limit: query.limit ?? 20,
  });
  return { items };
}

export async function createStaff(ctx: StaffContext, input: CreateStaffInput) {
  const area = await loadArea(ctx.db, ctx.actor, input.areaId, 'areaId');
  if (!canManageStaff(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  const phone = phoneColumns(ctx, input.phone ?? null);
  await checkDepartment(ctx.db, ctx.actor, input.departmentId);
  await checkUser(ctx, input.userId);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const row = await repo.insertStaff(tx, {
        name: input.name.trim(),
        ...phone,
        departmentId: input.departmentId ?? null,
        userId: input.userId ?? null,
        title: input.title?.trim() ?? null,
        areaPath: area.path,
      });
      await recordAudit(tx, ctx.who, {
        action: 'staff.create',
        entityType: 'staff',
        entityId: row.id,
        areaPath: row.areaPath,
        after: staffAudit(row),
      });
      return row.id;
    });
    return getStaff(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error, 'staff_user_key')) throw userTaken();
    throw error;
  }
}

export async function updateStaff(ctx: StaffContext, id: string, input: UpdateStaffInput) {
  const current = await loadStaff(ctx.db, ctx.actor, id);
  if (!canManageStaff(ctx.actor, current)) throw new AppError('forbidden');
  const area =
    input.areaId === undefined ? undefined : await loadArea(ctx.db, ctx.actor, input.areaId, 'areaId');
  const phone = input.phone === undefined ? {} : phoneColumns(ctx, input.phone);
  await checkDepartment(ctx.db, ctx.actor, input.departmentId);
  await checkUser(ctx, input.userId, id);
  try {
    await ctx.db.transaction(async (tx) => {
      const row = await repo.updateStaffAtVersion(tx, id, input.version, {
        name: input.name?.trim(),
        ...phone,
        departmentId: input.departmentId,
        userId: input.userId,
        title: input.title === undefined ? undefined : (input.title?.trim() ?? null),
        areaPath: area?.path,
        active: input.active,
      });
      if (!row) throw staleVersion((await repo.findStaff(tx, id))?.version ?? current.version);
      await recordAudit(tx, ctx.who, {
        action: 'staff.update',
        entityType: 'staff',
        entityId: id,
        areaPath: row.areaPath,
        before: staffAudit(current),
        after: staffAudit(row),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'staff_user_key')) throw userTaken();
    throw error;
  }
  return getStaff(ctx, id);
}

// ── teams ─────────────────────────────────────────────────────────────────────

export async function listTeams(ctx: StaffContext, query: { kind?: TeamKind; includeInactive?: boolean }) {
  const rows = await repo.listTeams(ctx.db, {
    scopePath: ctx.actor.scopePath,
    kind: query.kind,
    includeInactive: query.includeInactive ?? false,
  });
  return { items: rows.map((r) => presentTeam(ctx.actor, r)) };
}

export async function getTeam(ctx: StaffContext, id: string, includeEnded: boolean) {
  const team = await loadTeam(ctx.db, ctx.actor, id);
  const parentRow = team.parentTeamId ? await repo.findTeam(ctx.db, team.parentTeamId) : undefined;
  const parent = parentRow && canSee(ctx.actor, parentRow) ? parentRow : undefined;
  const children = (await repo.childTeams(ctx.db, id)).filter((t) => canSee(ctx.actor, t));
  const members = await repo.listMembers(ctx.db, id, includeEnded);
  const coverage = await repo.teamCoverage(ctx.db, id);
  const ref = (t: { id: string; name: string; kind: string }) => ({
    id: t.id,
    name: t.name,
    kind: t.kind as TeamKind,
  });
  return {
    team: presentTeam(ctx.actor, team),
    parent: parent ? ref(parent) : null,
    children: children.map(ref),
    members: members.map((m) => presentMember(ctx.actor, team, m)),
    coverage: coverage.map((c) => ({ ...c, startsAt: c.startsAt.toISOString() })),
  };
}

export async function createTeam(ctx: StaffContext, input: CreateTeamInput) {
  const area = await loadArea(ctx.db, ctx.actor, input.areaId, 'areaId');
  if (!canManageStaff(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  let parentKind: TeamKind | null = null;
  if (input.parentTeamId !== undefined) {
    const parent = await repo.findTeam(ctx.db, input.parentTeamId);
    if (!parent || !canSee(ctx.actor, parent)) {
      throw invalid({ field: 'parentTeamId', reason: { zh: '上级队伍不存在', en: 'no such team' } });
    }
    parentKind = parent.kind as TeamKind;
  }
  const problem = teamParentError(input.kind, parentKind);
  if (problem) throw invalid(problem);
  await checkDepartment(ctx.db, ctx.actor, input.departmentId);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertTeam(tx, {
      kind: input.kind,
      name: input.name.trim(),
      parentTeamId: input.parentTeamId ?? null,
      departmentId: input.departmentId ?? null,
      areaPath: area.path,
      sortOrder: input.sortOrder ?? 0,
    });
    await recordAudit(tx, ctx.who, {
      action: 'team.create',
      entityType: 'team',
      entityId: row.id,
      areaPath: row.areaPath,
      after: { kind: row.kind, name: row.name, parentTeamId: row.parentTeamId, areaPath: row.areaPath },
    });
    return presentTeam(ctx.actor, { ...row, memberCount: 0 });
  });
}

export async function updateTeam(ctx: StaffContext, id: string, input: UpdateTeamInput) {
  const current = await loadTeam(ctx.db, ctx.actor, id);
  if (!canManageStaff(ctx.actor, current)) throw new AppError('forbidden');
  await checkDepartment(ctx.db, ctx.actor, input.departmentId);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateTeamAtVersion(tx, id, input.version, {
      name: input.name?.trim(),
      departmentId: input.departmentId,
      sortOrder: input.sortOrder,
      active: input.active,
    });
    if (!row) throw staleVersion((await repo.findTeam(tx, id))?.version ?? current.version);
    await recordAudit(tx, ctx.who, {
      action: 'team.update',
      entityType: 'team',
      entityId: id,
      areaPath: row.areaPath,
      before: {
        name: current.name,
        departmentId: current.departmentId,
        sortOrder: current.sortOrder,
        active: current.active,
      },
      after: { name: row.name, departmentId: row.departmentId, sortOrder: row.sortOrder, active: row.active },
    });
    return presentTeam(ctx.actor, { ...row, memberCount: current.memberCount });
  });
}

export async function addMember(ctx: StaffContext, teamId: string, input: AddMemberInput) {
  const team = await loadTeam(ctx.db, ctx.actor, teamId);
  if (!canManageStaff(ctx.actor, team)) throw new AppError('forbidden');
  if (!team.active)
    throw invalid({ field: 'teamId', reason: { zh: '该队伍已停用', en: 'the team is inactive' } });
  const person = await loadActiveStaff(ctx.db, ctx.actor, input.staffId, 'staffId');
  const problem = memberRoleError(team.kind as TeamKind, input.role);
  if (problem) throw invalid(problem);
  const already = () =>
    conflict('staffId', `${person.name} 已是该队伍成员`, `${person.name} is already a member of this team`);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (await repo.activeMembership(tx, teamId, input.staffId)) throw already();
      const row = await repo.insertMember(tx, {
        teamId,
        staffId: input.staffId,
        role: input.role,
        startsOn: input.startsOn,
      });
      await recordAudit(tx, ctx.who, {
        action: 'team.member.add',
        entityType: 'team_member',
        entityId: row.id,
        areaPath: team.areaPath,
        after: { teamId, staffId: row.staffId, role: row.role, startsOn: row.startsOn },
      });
      return row.id;
    });
    const row = await repo.findMember(ctx.db, id);
    if (!row) throw new Error('member vanished');
    return presentMember(ctx.actor, team, row);
  } catch (error) {
    if (isUniqueViolation(error, 'team_members_active_key')) throw already();
    throw error;
  }
}

export async function endMember(ctx: StaffContext, memberId: string, endsOn: string) {
  const member = await repo.findMember(ctx.db, memberId);
  if (!member) throw new AppError('not_found');
  const team = await loadTeam(ctx.db, ctx.actor, member.teamId);
  if (!canManageStaff(ctx.actor, team)) throw new AppError('forbidden');
  if (member.endsOn !== null) {
    throw conflict(
      'endsOn',
      `该成员已于 ${member.endsOn} 离开队伍`,
      `this membership already ended on ${member.endsOn}`,
    );
  }
  const problem = endDateError(member.startsOn, endsOn);
  if (problem) throw invalid(problem);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.endMember(tx, memberId, endsOn);
    if (!row) throw conflict('endsOn', '该成员已离开队伍', 'this membership has already ended');
    await recordAudit(tx, ctx.who, {
      action: 'team.member.end',
      entityType: 'team_member',
      entityId: memberId,
      areaPath: team.areaPath,
      before: { endsOn: null },
      after: { teamId: row.teamId, staffId: row.staffId, role: row.role, endsOn },
    });
    return presentMember(ctx.actor, team, { ...member, endsOn: row.endsOn });
  });
}

// ── assignments ───────────────────────────────────────────────────────────────

export async function assignLiaison(
  ctx: StaffContext,
  orgId: string,
  input: { staffId: string; reason?: string },
) {
  const org = await loadOrg(ctx.db, ctx.actor, orgId);
  if (!canAssign(ctx.actor, org)) throw new AppError('forbidden');
  const person = await loadActiveStaff(ctx.db, ctx.actor, input.staffId, 'staffId');
  const reason = input.reason?.trim() ?? null;
  try {
    return await ctx.db.transaction(async (tx) => {
      await repo.lockOrgs(tx, [orgId]);
      const previous = await repo.activeLiaison(tx, orgId);
      if (previous?.staffId === person.id) {
        throw conflict(
          'staffId',
          `${person.name} 已是该企业的联络员`,
          `${person.name} is already this enterprise's liaison`,
        );
      }
      const now = new Date();
      const ended = previous ? await repo.endAssignment(tx, previous.id, reason, now) : undefined;
      const current = await repo.insertAssignment(tx, {
        kind: 'liaison',
        staffId: person.id,
        orgId,
        areaPath: org.areaPath,
        isPrimary: true,
        startsAt: now,
        reason,
        createdBy: ctx.actor.id,
      });
      await recordAudit(tx, ctx.who, {
        action: 'assignment.liaison',
        entityType: 'org',
        entityId: orgId,
        areaPath: org.areaPath,
        before: ended ? assignmentAudit(ended) : null,
        after: assignmentAudit(current),
      });
      return {
        current: presentAssignment(ctx.actor, current, person.name),
        ended: ended ? presentAssignment(ctx.actor, ended, previous?.staffName ?? null) : null,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'assignments_one_primary_liaison_key')) {
      throw conflict(
        'staffId',
        '该企业的联络员刚被他人更改，请刷新后重试',
        'the liaison was just changed by someone else; reload and try again',
      );
    }
    throw error;
  }
}

export async function liaisonHistory(ctx: StaffContext, orgId: string) {
  await loadOrg(ctx.db, ctx.actor, orgId);
  const rows = await repo.liaisonHistory(ctx.db, orgId);
  return { items: rows.map((r) => presentAssignment(ctx.actor, r, r.staffName)) };
}

export async function assignGridWorker(ctx: StaffContext, areaId: string, staffId: string) {
  const area = await loadArea(ctx.db, ctx.actor, areaId);
  if (!canAssign(ctx.actor, { areaPath: area.path })) throw new AppError('forbidden');
  if (area.level !== 'grid') {
    throw invalid({
      field: 'areaId',
      reason: { zh: '网格员只能分配到网格', en: 'grid workers are assigned to grids only' },
    });
  }
  if (!area.active)
    throw invalid({ field: 'areaId', reason: { zh: '该网格已停用', en: 'the grid is deactivated' } });
  const person = await loadActiveStaff(ctx.db, ctx.actor, staffId, 'staffId');
  const already = () =>
    conflict('staffId', `${person.name} 已是该网格的网格员`, `${person.name} already works this grid`);
  try {
    return await ctx.db.transaction(async (tx) => {
      if (await repo.activeWorkerExists(tx, staffId, areaId)) throw already();
      const row = await repo.insertAssignment(tx, {
        kind: 'grid_worker',
        staffId,
        areaId,
        areaPath: area.path,
        createdBy: ctx.actor.id,
      });
      await recordAudit(tx, ctx.who, {
        action: 'assignment.grid_worker',
        entityType: 'area',
        entityId: areaId,
        areaPath: area.path,
        after: assignmentAudit(row),
      });
      return presentAssignment(ctx.actor, row, person.name);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'assignments_grid_worker_key')) throw already();
    throw error;
  }
}

export async function endAssignmentById(ctx: StaffContext, id: string, reason: string | undefined) {
  const current = await repo.findAssignment(ctx.db, id);
  if (!current || !canSee(ctx.actor, current)) throw new AppError('not_found');
  if (!canAssign(ctx.actor, current)) throw new AppError('forbidden');
  const alreadyEnded = () => conflict('id', '该分工已结束', 'this assignment has already ended');
  if (current.endsAt !== null) throw alreadyEnded();
  return ctx.db.transaction(async (tx) => {
    const row = await repo.endAssignment(tx, id, reason?.trim() ?? null, new Date());
    if (!row) throw alreadyEnded();
    await recordAudit(tx, ctx.who, {
      action: 'assignment.end',
      entityType: 'assignment',
      entityId: id,
      areaPath: row.areaPath,
      before: assignmentAudit(current),
      after: assignmentAudit(row),
    });
    return presentAssignment(ctx.actor, row, current.staffName);
  });
}

export async function addCoverage(
  ctx: StaffContext,
  teamId: string,
  input: { orgId?: string; areaId?: string },
) {
  const team = await loadTeam(ctx.db, ctx.actor, teamId);
  if (!canAssign(ctx.actor, team)) throw new AppError('forbidden');
  const problem = coverageTargetError(input);
  if (problem) throw invalid(problem);
  if (!team.active)
    throw invalid({ field: 'teamId', reason: { zh: '该队伍已停用', en: 'the team is inactive' } });
  const subject =
    input.orgId !== undefined
      ? { areaPath: (await loadOrg(ctx.db, ctx.actor, input.orgId, 'orgId')).areaPath }
      : { areaPath: (await loadArea(ctx.db, ctx.actor, input.areaId ?? '', 'areaId')).path };
  return ctx.db.transaction(async (tx) => {
    if (await repo.activeCoverageExists(tx, teamId, input)) {
      throw conflict(
        input.orgId !== undefined ? 'orgId' : 'areaId',
        '该队伍已覆盖此对象',
        'the team already covers this',
      );
    }
    const row = await repo.insertAssignment(tx, {
      kind: 'team_coverage',
      teamId,
      orgId: input.orgId ?? null,
      areaId: input.areaId ?? null,
      areaPath: subject.areaPath,
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'assignment.team_coverage',
      entityType: 'team',
      entityId: teamId,
      areaPath: subject.areaPath,
      after: assignmentAudit(row),
    });
    return presentAssignment(ctx.actor, row, null);
  });
}

// ── coverage gaps ─────────────────────────────────────────────────────────────

export async function coverageGaps(
  ctx: StaffContext,
  query: { limit?: number; enterpriseCursor?: string; gridCursor?: string },
) {
  const limit = query.limit ?? 20;
  const scope = ctx.actor.scopePath;
  const orgAfter = query.enterpriseCursor ? decodeCursor(query.enterpriseCursor) : undefined;
  const gridAfter = query.gridCursor ? decodeCursor(query.gridCursor) : undefined;
  const [enterpriseCount, enterpriseRows, gridCount, gridRows] = [
    await repo.countEnterprisesWithoutLiaison(ctx.db, scope),
    await repo.enterprisesWithoutLiaison(ctx.db, scope, {
      limit: limit + 1,
      after: orgAfter ? { name: String(orgAfter.sortValue ?? ''), id: orgAfter.id } : undefined,
    }),
    await repo.countGridsWithoutWorker(ctx.db, scope),
    await repo.gridsWithoutWorker(ctx.db, scope, {
      limit: limit + 1,
      afterPath: gridAfter ? String(gridAfter.sortValue ?? '') : undefined,
    }),
  ];
  const enterprises = pageOf(enterpriseRows, limit, (r) => [r.name, r.id]);
  const grids = pageOf(gridRows, limit, (r) => [r.path, r.id]);
  return {
    enterprises: { count: enterpriseCount, ...enterprises },
    grids: { count: gridCount, ...grids },
    // The caller's own scope root: null scope means everywhere, so any path passes.
    can: { assign: canAssign(ctx.actor, { areaPath: scope ?? '' }) },
  };
}

// ── bulk reassignment ─────────────────────────────────────────────────────────

async function changeSet(
  db: Db,
  ctx: StaffContext,
  input: BulkInput,
): Promise<{ changes: Change[]; token: string }> {
  const from = await loadStaff(db, ctx.actor, input.fromStaffId, 'fromStaffId');
  const to = await loadActiveStaff(db, ctx.actor, input.toStaffId, 'toStaffId');
  if (input.kind === 'liaison' && input.areaIds !== undefined) {
    throw invalid({
      field: 'areaIds',
      reason: { zh: '联络员移交请用 orgIds', en: 'use orgIds for liaisons' },
    });
  }
  if (input.kind === 'grid_worker' && input.orgIds !== undefined) {
    throw invalid({
      field: 'orgIds',
      reason: { zh: '网格员移交请用 areaIds', en: 'use areaIds for grid workers' },
    });
  }
  const active = await repo.activeOfStaff(db, from.id, input.kind, ctx.actor.scopePath);
  const selection = input.kind === 'liaison' ? input.orgIds : input.areaIds;
  const toServes =
    input.kind === 'grid_worker'
      ? await repo.gridsServedBy(
          db,
          to.id,
          active.map((a) => a.subjectId),
        )
      : new Set<string>();
  const result = computeChangeSet({
    kind: input.kind,
    from: { id: from.id, name: from.name },
    to: { id: to.id, name: to.name },
    active,
    selection,
    toServes,
  });
  if ('error' in result) throw invalid(result.error);
  return { changes: result.changes, token: changeSetToken(input.kind, result.changes) };
}

export async function previewBulk(ctx: StaffContext, input: BulkInput) {
  assertCan(ctx.actor, 'assignments:manage');
  const { changes, token } = await changeSet(ctx.db, ctx, input);
  return { changes, previewToken: token };
}

export async function applyBulk(ctx: StaffContext, input: BulkApplyInput) {
  assertCan(ctx.actor, 'assignments:manage');
  const { previewToken, ...body } = input;
  return ctx.db.transaction(async (tx) => {
    // Lock the subjects first, then recompute: what is applied is what the token names, or nothing.
    const preliminary = await repo.activeOfStaff(tx, body.fromStaffId, body.kind, ctx.actor.scopePath);
    const subjects = preliminary.map((a) => a.subjectId);
    if (body.kind === 'liaison') await repo.lockOrgs(tx, subjects);
    else await repo.lockAreas(tx, subjects);
    const { changes, token } = await changeSet(tx, ctx, body);
    if (token !== previewToken) {
      throw conflict(
        'previewToken',
        '数据在预览之后已发生变化，请重新预览',
        'the data changed since the preview; preview again',
      );
    }
    const now = new Date();
    const paths = new Map(preliminary.map((a) => [a.id, a.areaPath]));
    const reason = 'bulk reassignment';
    for (const change of changes) {
      const ended = await repo.endAssignment(tx, change.assignmentId, reason, now);
      if (!ended) {
        throw conflict(
          'previewToken',
          '数据在预览之后已发生变化，请重新预览',
          'the data changed since the preview; preview again',
        );
      }
      const areaPath = paths.get(change.assignmentId) ?? ended.areaPath;
      let started: AssignmentRow | undefined;
      if (change.action === 'reassign') {
        started = await repo.insertAssignment(tx, {
          kind: body.kind,
          staffId: change.toStaffId,
          orgId: change.subjectType === 'org' ? change.subjectId : null,
          areaId: change.subjectType === 'area' ? change.subjectId : null,
          areaPath,
          isPrimary: true,
          startsAt: now,
          reason,
          createdBy: ctx.actor.id,
        });
      }
      await recordAudit(tx, ctx.who, {
        action: 'assignment.bulk_reassign',
        entityType: change.subjectType,
        entityId: change.subjectId,
        areaPath,
        before: assignmentAudit(ended),
        after: started ? assignmentAudit(started) : null,
      });
    }
    return { applied: changes.length, changes };
  });
}

// ── my enterprises ────────────────────────────────────────────────────────────

export async function myEnterprises(ctx: StaffContext) {
  const me = await repo.findStaffByUser(ctx.db, ctx.actor.id);
  if (!me || !me.active) return { staffId: me?.id ?? null, items: [] };
  const rows = await repo.enterprisesOfLiaison(ctx.db, me.id, ctx.actor.scopePath);
  return { staffId: me.id, items: rows.map((r) => ({ ...r, since: r.since.toISOString() })) };
}
