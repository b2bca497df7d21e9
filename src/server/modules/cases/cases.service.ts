import type { Db } from '../../core/db/client.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { can, inScope, pathWithin, type Actor } from '../../core/access/policy.ts';
import { ROLE_PERMISSIONS } from '../../core/access/roles.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import { normaliseFields, validateFields } from '../../../shared/form-fields.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import { notify } from '../notifications/notify.ts';
import {
  recordFirstResponse,
  recordUpdate,
  restartResolutionClock,
  startCaseClocks,
  stopCaseClocks,
} from '../sla/sla.service.ts';
import * as repo from './cases.repo.ts';
import { taskActions } from './case-work.policy.ts';
import type { CaseWithNames } from './cases.repo.ts';
import * as typesRepo from './case-types.repo.ts';
import { caseTypeView, type CaseTypeView } from './case-types.service.ts';
import { handlingDepartmentFor } from './case-types.rules.ts';
import type { CaseRow } from './cases.tables.ts';
import {
  actionNeedsReason,
  caseCode,
  isCaseStatus,
  isOpenStatus,
  nextStatus,
  parseCaseCode,
  regionCodeOf,
  SIMILAR_THRESHOLD,
  textSimilarity,
  type CaseAction,
  type CaseStatus,
} from './cases.rules.ts';
import {
  allowedActionList,
  allowedCaseActions,
  canSeeCase,
  isHandler,
  isRequester,
  mayTakeAction,
  type CaseAccessContext,
} from './cases.policy.ts';
import type {
  ActionInput,
  CaseDetailDto,
  CaseEventDto,
  CaseQueryInput,
  CaseSummaryDto,
  CommentInput,
  CreateCaseInput,
  RatingInput,
  SimilarQueryInput,
} from './cases.schema.ts';

const invalid = (field: string, zh: string, en: string): AppError =>
  new AppError('validation_failed', [{ field, reason: { zh, en } }]);

const STATUS_NAMES: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: '待受理', en: 'submitted' },
  accepted: { zh: '已受理', en: 'accepted' },
  in_progress: { zh: '办理中', en: 'in progress' },
  resolved: { zh: '已办结', en: 'resolved' },
  closed: { zh: '已关闭', en: 'closed' },
  rejected: { zh: '已退回', en: 'rejected' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  merged: { zh: '已合并', en: 'merged' },
};

const ACTION_NAMES: Record<CaseAction, string> = {
  accept: '受理',
  start: '开始办理',
  resolve: '办结',
  close: '关闭',
  confirm: '确认办结',
  reject: '退回',
  withdraw: '撤回',
  merge: '合并',
  reopen: '重新办理',
};

/** Roles that work cases: the ones told about a new case routed to their department. */
const HANDLER_ROLES = Object.entries(ROLE_PERMISSIONS)
  .filter(([role, permissions]) => role !== 'admin' && permissions.includes('cases:handle'))
  .map(([role]) => role);

function staleVersion(current: number): AppError {
  return new AppError(
    'stale',
    [
      {
        field: 'version',
        reason: {
          zh: `该事项已被他人修改（当前版本 ${current}），请刷新后重试`,
          en: `the case was changed by someone else (now version ${current}); reload and try again`,
        },
      },
    ],
    { version: current },
  );
}

function illegalTransition(status: CaseStatus, allowed: CaseAction[]): AppError {
  return new AppError('illegal_transition', [
    {
      field: 'status',
      reason: { zh: `当前状态为「${STATUS_NAMES[status].zh}」`, en: `current status is ${status}` },
    },
    {
      field: 'allowedActions',
      reason: {
        zh: allowed.length
          ? `可执行：${allowed.map((a) => ACTION_NAMES[a]).join('、')}`
          : '当前没有可执行的操作',
        en: allowed.join(', '),
      },
    },
  ]);
}

// ── presenters ────────────────────────────────────────────────────────────────

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function presentSummary(row: CaseWithNames, now: Date): CaseSummaryDto {
  const c = row.case;
  const subject =
    c.subjectOrgId !== null
      ? { kind: 'org' as const, id: c.subjectOrgId, name: row.subjectOrgName ?? '' }
      : c.subjectPersonId !== null
        ? { kind: 'person' as const, id: c.subjectPersonId, name: row.subjectPersonName ?? '' }
        : null;
  return {
    id: c.id,
    number: c.number,
    code: caseCode(c.number),
    typeCode: c.typeCode,
    typeName: { zh: row.typeNameZh ?? c.typeCode, en: row.typeNameEn ?? c.typeCode },
    category: c.category,
    status: c.status as CaseStatus,
    priority: c.priority === 'urgent' ? 'urgent' : 'normal',
    title: c.title,
    subject,
    areaPath: c.areaPath,
    areaName: row.areaName,
    owner: c.ownerUserId ? { id: c.ownerUserId, name: row.ownerName ?? '' } : null,
    handlingDepartmentCode: c.handlingDepartmentCode,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    dueFirstResponseAt: iso(c.dueFirstResponseAt),
    dueResolutionAt: iso(c.dueResolutionAt),
    overdue: isOpenStatus(c.status) && c.dueResolutionAt !== null && c.dueResolutionAt < now,
    escalationLevel: c.escalationLevel,
  };
}

function presentEvent(row: repo.CaseEventRow): CaseEventDto {
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    kind: row.kind,
    visibility: row.visibility === 'public' ? 'public' : 'internal',
    actorName: row.actorName,
    fromStatus: row.fromStatus,
    toStatus: row.toStatus,
    body: row.body,
    data: row.data ?? null,
  };
}

// ── loading with visibility ───────────────────────────────────────────────────

export async function caseAccessContext(db: Db, caseId: string): Promise<CaseAccessContext> {
  const [openTaskDepartments, pendingHandoverToUserId] = await Promise.all([
    repo.openTaskDepartments(db, caseId),
    repo.pendingHandoverTarget(db, caseId),
  ]);
  return { openTaskDepartments, pendingHandoverToUserId };
}

/**
 * The case if the actor may see it, else 404 (missing and invisible answer alike). With lock, the row
 * is locked for the caller's transaction (pass the transaction as db). For case-work and other modules.
 */
export async function loadVisibleCase(
  db: Db,
  actor: Actor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<{ row: CaseRow; context: CaseAccessContext }> {
  const row = options.lock ? await repo.lockCaseForUpdate(db, id) : await repo.findCase(db, id);
  if (!row) throw new AppError('not_found');
  const context = await caseAccessContext(db, id);
  if (!canSeeCase(actor, row, context)) throw new AppError('not_found');
  return { row, context };
}

async function loadCaseType(db: Db, code: string, field: string): Promise<CaseTypeView> {
  const row = await typesRepo.findCaseTypeByCode(db, code);
  if (!row || !row.active) throw invalid(field, '没有这种事项类型', 'no such case type');
  return caseTypeView(row);
}

// ── detail ────────────────────────────────────────────────────────────────────

async function presentDetail(db: Db, actor: Actor, id: string): Promise<CaseDetailDto> {
  const named = await repo.findCaseWithNames(db, id);
  if (!named) throw new AppError('not_found');
  const c = named.case;
  const context = await caseAccessContext(db, id);
  if (!canSeeCase(actor, c, context)) throw new AppError('not_found');
  const staffView = isHandler(actor) || can(actor, 'cases:read');
  const [tasks, handover, guide, merged] = await Promise.all([
    staffView ? repo.tasksOfCase(db, id) : Promise.resolve([]),
    staffView ? repo.pendingHandoverOf(db, id) : Promise.resolve(undefined),
    c.guideId ? repo.findGuideBrief(db, c.guideId) : Promise.resolve(undefined),
    c.mergedIntoId ? repo.caseRefs(db, c.mergedIntoId) : Promise.resolve(undefined),
  ]);
  const names = await repo.userNames(db, [
    handover?.fromUserId ?? null,
    handover?.toUserId ?? null,
    handover?.orderedBy ?? null,
  ]);
  const ref = (userId: string | null) => (userId ? { id: userId, name: names.get(userId) ?? '' } : null);
  return {
    ...presentSummary(named, new Date()),
    description: c.description,
    fields: (c.fields ?? {}) as Record<string, unknown>,
    source: c.source,
    address: c.address,
    requester:
      c.requesterName !== null || c.requesterOrgId !== null || c.requesterPhoneMasked !== null
        ? { name: c.requesterName, phoneMasked: c.requesterPhoneMasked, orgId: c.requesterOrgId }
        : null,
    resolution: c.resolution,
    guide: guide ? { id: guide.id, title: guide.title } : null,
    rating: c.rating,
    ratingComment: c.ratingComment,
    mergedInto: merged ? { id: merged.id, code: caseCode(merged.number) } : null,
    acceptedAt: iso(c.acceptedAt),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    version: c.version,
    tasks: tasks.map((t) => ({
      id: t.id,
      assigneeKind: t.assigneeKind === 'region' ? 'region' : 'department',
      departmentCode: t.departmentCode,
      regionName: t.regionName,
      contactName: t.contactName,
      contactPhoneMasked: t.contactPhoneMasked,
      title: t.title,
      description: t.description,
      status: t.status === 'done' ? 'done' : t.status === 'closed' ? 'closed' : 'open',
      result: t.result,
      closeReason: t.closeReason,
      dueAt: iso(t.dueAt),
      createdAt: t.createdAt.toISOString(),
      completedAt: iso(t.completedAt),
      // One rule for both the buttons and the endpoint (case-work.policy): a department's task is
      // completed by that department, a region's by the owner who records the other district's answer.
      can: taskActions(actor, c, t),
    })),
    pendingHandover: handover
      ? {
          id: handover.id,
          caseId: handover.caseId,
          from: ref(handover.fromUserId),
          to: ref(handover.toUserId) ?? { id: handover.toUserId, name: '' },
          reason: handover.reason,
          status: handover.status,
          orderedBy: ref(handover.orderedBy),
          createdAt: handover.createdAt.toISOString(),
          decidedAt: iso(handover.decidedAt),
          can: { accept: handover.toUserId === actor.id, decline: handover.toUserId === actor.id },
        }
      : null,
    can: allowedCaseActions(actor, c, context),
  };
}

export async function getCase(ctx: ServiceContext, id: string): Promise<CaseDetailDto> {
  return presentDetail(ctx.db, ctx.actor, id);
}

// ── create ────────────────────────────────────────────────────────────────────

function submitterOf(actor: Actor): 'enterprise' | 'staff' {
  return actor.role === 'enterprise_user' ? 'enterprise' : 'staff';
}

async function resolveSubjectAndArea(db: Db, actor: Actor, type: CaseTypeView, input: CreateCaseInput) {
  const enterprise = submitterOf(actor) === 'enterprise';
  let subjectOrg: { id: string; name: string; areaPath: string } | undefined;
  let subjectPerson: { id: string; name: string; areaPath: string } | undefined;
  const noOrg = () => invalid('subjectOrgId', '企业不存在', 'no such organisation');
  if (enterprise) {
    if (actor.orgId === null) throw new AppError('forbidden');
    if (input.subjectOrgId !== undefined && input.subjectOrgId !== actor.orgId) throw noOrg();
    if (input.subjectPersonId !== undefined)
      throw invalid('subjectPersonId', '企业用户不能指定人员', 'an enterprise cannot name a person');
    subjectOrg = await repo.findOrgBrief(db, actor.orgId);
    if (!subjectOrg) throw noOrg();
  } else {
    if (input.subjectOrgId !== undefined) {
      subjectOrg = await repo.findOrgBrief(db, input.subjectOrgId);
      if (!subjectOrg || !inScope(actor, subjectOrg.areaPath)) throw noOrg();
    }
    if (input.subjectPersonId !== undefined) {
      subjectPerson = await repo.findPersonBrief(db, input.subjectPersonId);
      if (!subjectPerson || !inScope(actor, subjectPerson.areaPath))
        throw invalid('subjectPersonId', '人员不存在', 'no such person');
    }
    if (type.subjectKind === 'org' && !subjectOrg)
      throw invalid('subjectOrgId', '此类事项须指定企业', 'this case type needs an organisation');
  }
  let areaPath: string | undefined;
  if (input.areaId !== undefined) {
    const area = await findAreaRef(db, input.areaId);
    const within = (path: string) =>
      enterprise ? subjectOrg !== undefined && pathWithin(path, subjectOrg.areaPath) : inScope(actor, path);
    if (!area || !within(area.path)) throw invalid('areaId', '区域不存在', 'no such area');
    areaPath = area.path;
  }
  areaPath ??= subjectOrg?.areaPath ?? subjectPerson?.areaPath ?? actor.scopePath ?? undefined;
  if (areaPath === undefined) throw invalid('areaId', '请选择区域', 'choose an area');
  return { subjectOrg, subjectPerson, areaPath };
}

/**
 * Files a case for a staff member or an enterprise. `options.departmentCode` lets another module route
 * the case to a unit the type's categories cannot name (a target's progress sheet to the laggard
 * area's own office); the route never passes it.
 */
export async function createCase(
  ctx: ServiceContext,
  input: CreateCaseInput,
  options: { departmentCode?: string } = {},
): Promise<CaseDetailDto> {
  const { actor } = ctx;
  const type = await loadCaseType(ctx.db, input.typeCode, 'typeCode');
  if (!type.submitters.includes(submitterOf(actor)))
    throw invalid('typeCode', '您不能提交此类事项', 'you cannot file this type of case');
  if (input.category !== undefined && !type.categories.some((c) => c.code === input.category))
    throw invalid('category', '此类事项没有这个类别', 'not a category of this case type');
  const answers = input.fields ?? {};
  const fieldErrors = validateFields(type.fields, answers);
  if (fieldErrors.length > 0) throw new AppError('validation_failed', fieldErrors);
  if (input.title.trim() === '') throw invalid('title', '必填', 'is required');
  const { subjectOrg, subjectPerson, areaPath } = await resolveSubjectAndArea(ctx.db, actor, type, input);
  const departmentCode = options.departmentCode ?? handlingDepartmentFor(type, input.category);

  const id = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    // First ask: an enterprise's problems belong at once to its primary liaison.
    const liaison =
      type.code === 'enterprise_problem' && subjectOrg
        ? await repo.primaryLiaisonUserId(tx, subjectOrg.id)
        : null;
    const row = await repo.insertCase(tx, {
      regionCode: regionCodeOf(areaPath),
      typeId: type.id,
      typeCode: type.code,
      category: input.category ?? null,
      status: liaison ? 'accepted' : 'submitted',
      priority: input.priority ?? 'normal',
      title: input.title.trim(),
      description: input.description.trim(),
      fields: normaliseFields(type.fields, answers),
      subjectOrgId: subjectOrg?.id ?? null,
      subjectPersonId: subjectPerson?.id ?? null,
      areaPath,
      source: submitterOf(actor) === 'enterprise' ? 'enterprise' : 'staff',
      requesterUserId: actor.id,
      requesterOrgId: submitterOf(actor) === 'enterprise' ? actor.orgId : null,
      requesterName: actor.displayName,
      handlingDepartmentCode: departmentCode,
      ownerUserId: liaison,
      acceptedAt: liaison ? now : null,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await repo.appendCaseEvent(tx, {
      caseId: row.id,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: 'created',
      visibility: 'public',
      toStatus: 'submitted',
      at: now,
    });
    await startCaseClocks(tx, { caseId: row.id, sla: type.sla, startAt: now });
    const code = caseCode(row.number);
    if (liaison) {
      await repo.appendCaseEvent(tx, {
        caseId: row.id,
        actorUserId: null,
        actorName: null,
        kind: 'accepted',
        visibility: 'public',
        fromStatus: 'submitted',
        toStatus: 'accepted',
        data: { ownerUserId: liaison, firstAsk: 'liaison' },
        at: now,
      });
      await recordFirstResponse(tx, row.id, now);
      await notify(tx, {
        userIds: [liaison],
        kind: 'case_assigned',
        caseId: row.id,
        title: `${code} 联系企业的新问题：${row.title}`,
        body: `${subjectOrg?.name ?? ''}：${row.title}`,
      });
    } else if (departmentCode !== null) {
      const recipients = await repo.departmentUsersCovering(tx, departmentCode, areaPath, HANDLER_ROLES);
      await notify(tx, {
        userIds: recipients.filter((u) => u !== actor.id),
        kind: 'case_submitted',
        caseId: row.id,
        title: `${code} 待受理：${row.title}`,
        body: `${type.name.zh}${subjectOrg ? ` · ${subjectOrg.name}` : ''}`,
      });
    }
    await recordAudit(tx, ctx.who, {
      action: 'case.create',
      entityType: 'case',
      entityId: row.id,
      areaPath,
      after: {
        typeCode: type.code,
        category: row.category,
        status: row.status,
        title: row.title,
        subjectOrgId: row.subjectOrgId,
        subjectPersonId: row.subjectPersonId,
        ownerUserId: row.ownerUserId,
        handlingDepartmentCode: row.handlingDepartmentCode,
      },
    });
    return row.id;
  });
  return presentDetail(ctx.db, actor, id);
}

export interface PublicCaseInput {
  typeCode: string;
  title: string;
  description: string;
  areaPath: string;
  address?: string | null;
  lat?: number | null;
  lon?: number | null;
  requesterName: string;
  /** Open311 clients may send no phone; the QR form always has a verified one. */
  requesterPhone: string | null;
  source: 'resident_qr' | 'open311';
  open311Token?: string | null;
  /** Answers to the type's form fields (Open311 attribute[…] values), already validated by the caller. */
  fields?: Record<string, unknown>;
}

/**
 * A resident's request (QR form or Open311): submitted, routed to the type's department, clocks
 * started, the department told. Runs in the caller's transaction (pass it as db); the caller audits.
 * The phone is stored encrypted, hashed and masked only.
 */
export async function createPublicCase(
  db: Db,
  pii: PiiCipher,
  input: PublicCaseInput,
): Promise<{ id: string; number: number; code: string }> {
  const typeRow = await typesRepo.findCaseTypeByCode(db, input.typeCode);
  if (!typeRow || !typeRow.active) throw invalid('typeCode', '没有这种事项类型', 'no such case type');
  const type = caseTypeView(typeRow);
  if (!type.submitters.includes('public'))
    throw invalid('typeCode', '此类事项不接受群众提交', 'residents cannot file this type of case');
  const departmentCode = type.defaultDepartmentCode;
  const now = new Date();
  const row = await repo.insertCase(db, {
    regionCode: regionCodeOf(input.areaPath),
    typeId: type.id,
    typeCode: type.code,
    status: 'submitted',
    title: input.title.trim(),
    description: input.description.trim(),
    areaPath: input.areaPath,
    address: input.address ?? null,
    lat: input.lat ?? null,
    lon: input.lon ?? null,
    source: input.source,
    requesterName: input.requesterName.trim(),
    requesterPhoneEnc: input.requesterPhone ? pii.encrypt(input.requesterPhone) : null,
    requesterPhoneHash: input.requesterPhone ? pii.lookupHash(input.requesterPhone) : null,
    requesterPhoneMasked: input.requesterPhone ? maskPhone(input.requesterPhone) : null,
    handlingDepartmentCode: departmentCode,
    open311Token: input.open311Token ?? null,
    fields: input.fields ?? {},
    createdAt: now,
    updatedAt: now,
  });
  await repo.appendCaseEvent(db, {
    caseId: row.id,
    actorUserId: null,
    actorName: input.requesterName.trim(),
    kind: 'created',
    visibility: 'public',
    toStatus: 'submitted',
    data: { source: input.source },
    at: now,
  });
  await startCaseClocks(db, { caseId: row.id, sla: type.sla, startAt: now });
  const code = caseCode(row.number);
  if (departmentCode !== null) {
    const recipients = await repo.departmentUsersCovering(db, departmentCode, input.areaPath, HANDLER_ROLES);
    await notify(db, {
      userIds: recipients,
      kind: 'case_submitted',
      caseId: row.id,
      title: `${code} 群众诉求待受理：${row.title}`,
      body: input.address ?? '',
    });
  }
  return { id: row.id, number: row.number, code };
}

// ── lifecycle actions ─────────────────────────────────────────────────────────

const STOPS_CLOCKS: readonly CaseAction[] = ['resolve', 'close', 'confirm', 'reject', 'withdraw', 'merge'];

function eventKindOf(action: CaseAction): string {
  if (action === 'accept') return 'accepted';
  if (action === 'merge') return 'merged';
  if (action === 'reopen') return 'reopened';
  return 'status';
}

async function checkMergeTarget(db: Db, actor: Actor, row: CaseRow, intoCaseId: string | undefined) {
  if (intoCaseId === undefined)
    throw invalid('intoCaseId', '请选择合并到的事项', 'choose the case to merge into');
  if (intoCaseId === row.id)
    throw invalid('intoCaseId', '不能合并到自身', 'a case cannot be merged into itself');
  const target = await repo.findCase(db, intoCaseId);
  const noCase = () => invalid('intoCaseId', '事项不存在', 'no such case');
  if (!target) throw noCase();
  if (!canSeeCase(actor, target, await caseAccessContext(db, target.id))) throw noCase();
  if (!isOpenStatus(target.status))
    throw invalid('intoCaseId', '只能合并到未办结的事项', 'the target case must still be open');
  const sameSubject = row.subjectOrgId !== null && row.subjectOrgId === target.subjectOrgId;
  if (!sameSubject && row.typeCode !== target.typeCode)
    throw invalid(
      'intoCaseId',
      '只能合并同一企业或同一类型的事项',
      'only cases of the same subject or type merge',
    );
  return target;
}

export async function takeAction(
  ctx: ServiceContext,
  id: string,
  action: CaseAction,
  input: ActionInput,
): Promise<CaseDetailDto> {
  const { actor } = ctx;
  await ctx.db.transaction(async (tx) => {
    const { row, context } = await loadVisibleCase(tx, actor, id, { lock: true });
    const status = row.status as CaseStatus;
    if (!isCaseStatus(status)) throw new Error(`case ${id} has unknown status ${row.status}`);
    if (action === 'accept' && row.ownerUserId !== null) {
      const names = await repo.userNames(tx, [row.ownerUserId]);
      const name = names.get(row.ownerUserId) ?? '';
      throw new AppError('case_taken', [
        { field: 'owner', reason: { zh: `已由 ${name} 受理`, en: `already accepted by ${name}` } },
      ]);
    }
    if (row.version !== input.version) throw staleVersion(row.version);
    const to = nextStatus(status, action);
    if (to === null) throw illegalTransition(status, allowedActionList(actor, row, context));
    if (!mayTakeAction(actor, row, context, action)) throw new AppError('forbidden');

    const reason = input.reason?.trim();
    if (actionNeedsReason(action) && !reason) throw invalid('reason', '请填写原因', 'give a reason');
    const now = new Date();
    const patch: repo.CasePatch = { status: to };
    let body: string | null = reason ?? null;
    const data: Record<string, unknown> = { action };
    let mergeTarget: CaseRow | undefined;

    if (action === 'resolve') {
      const resolution = input.resolution?.trim();
      if (!resolution) throw invalid('resolution', '请填写办理结果', 'describe how the case was resolved');
      const open = await repo.openTasksOfCase(tx, id);
      if (open.length > 0)
        throw new AppError(
          'open_tasks',
          open.map((t) => ({ field: `tasks.${t.id}`, reason: { zh: t.title, en: t.title } })),
        );
      if (input.guideId !== undefined) {
        const guide = await repo.findGuideBrief(tx, input.guideId);
        if (!guide) throw invalid('guideId', '指南不存在', 'no such guide');
        patch.guideId = guide.id;
        data.guideId = guide.id;
      }
      patch.resolution = resolution;
      patch.resolvedAt = now;
      body = resolution;
    }
    if (action === 'close' || action === 'confirm') patch.closedAt = now;
    if (action === 'merge') {
      mergeTarget = await checkMergeTarget(tx, actor, row, input.intoCaseId);
      patch.mergedIntoId = mergeTarget.id;
      data.intoCaseId = mergeTarget.id;
      data.intoCode = caseCode(mergeTarget.number);
    }
    if (action === 'reopen') {
      patch.closedAt = null;
      patch.resolvedAt = null;
    }

    let updated: CaseRow | undefined;
    if (action === 'accept') {
      updated = await repo.claimCase(tx, id, actor.id, now);
      if (!updated) throw staleVersion(row.version);
    } else {
      updated = await repo.updateCase(tx, id, patch, row.version);
      if (!updated) throw staleVersion(row.version);
    }

    await repo.appendCaseEvent(tx, {
      caseId: id,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: eventKindOf(action),
      visibility: 'public',
      fromStatus: status,
      toStatus: to,
      body,
      data,
      at: now,
    });
    if (mergeTarget) {
      await repo.appendCaseEvent(tx, {
        caseId: mergeTarget.id,
        actorUserId: actor.id,
        actorName: actor.displayName,
        kind: 'merged',
        visibility: 'internal',
        body: reason ?? null,
        data: { fromCaseId: id, fromCode: caseCode(row.number) },
        at: now,
      });
    }

    // SLA clocks
    const typeRow = await typesRepo.findCaseType(tx, row.typeId);
    const sla = typeRow ? caseTypeView(typeRow).sla : undefined;
    if (action === 'accept') await recordFirstResponse(tx, id, now);
    else if (action === 'start') await recordUpdate(tx, id, now);
    else if (STOPS_CLOCKS.includes(action)) await stopCaseClocks(tx, id, now);
    else if (action === 'reopen' && sla) {
      await restartResolutionClock(tx, id, sla, now);
      await recordUpdate(tx, id, now);
    }

    // Who hears about it
    const code = caseCode(row.number);
    if (action === 'resolve' && row.requesterUserId !== null && row.requesterUserId !== actor.id) {
      await notify(tx, {
        userIds: [row.requesterUserId],
        kind: 'case_resolved',
        caseId: id,
        title: `${code} 已办结：${row.title}`,
        body: body ?? '',
      });
    }
    if (
      (action === 'reopen' || action === 'confirm') &&
      row.ownerUserId !== null &&
      row.ownerUserId !== actor.id
    ) {
      await notify(tx, {
        userIds: [row.ownerUserId],
        kind: action === 'reopen' ? 'case_reopened' : 'case_confirmed',
        caseId: id,
        title: `${code} ${action === 'reopen' ? '被要求重新办理' : '申请人已确认办结'}：${row.title}`,
        body: reason ?? '',
      });
    }
    if (
      (action === 'reject' || action === 'withdraw') &&
      row.requesterUserId !== null &&
      row.requesterUserId !== actor.id
    ) {
      await notify(tx, {
        userIds: [row.requesterUserId],
        kind: action === 'reject' ? 'case_rejected' : 'case_withdrawn',
        caseId: id,
        title: `${code} ${action === 'reject' ? '已退回' : '已撤回'}：${row.title}`,
        body: reason ?? '',
      });
    }

    await recordAudit(tx, ctx.who, {
      action: `case.${action}`,
      entityType: 'case',
      entityId: id,
      areaPath: row.areaPath,
      before: { status, ownerUserId: row.ownerUserId, version: row.version },
      after: { status: updated.status, ownerUserId: updated.ownerUserId, version: updated.version, ...data },
    });
  });
  return presentDetail(ctx.db, actor, id);
}

// ── comments and rating ───────────────────────────────────────────────────────

export async function addComment(
  ctx: ServiceContext,
  id: string,
  input: CommentInput,
): Promise<CaseEventDto> {
  const { actor } = ctx;
  return ctx.db.transaction(async (tx) => {
    const { row, context } = await loadVisibleCase(tx, actor, id, { lock: true });
    const flags = allowedCaseActions(actor, row, context);
    const visibility = input.visibility ?? (isHandler(actor) ? 'internal' : 'public');
    if (!(visibility === 'internal' ? flags.commentInternal : flags.comment)) throw new AppError('forbidden');
    const byStaff = isHandler(actor) && !isRequester(actor, row);
    const now = new Date();
    const firstPublic =
      byStaff &&
      visibility === 'public' &&
      row.firstResponseAt === null &&
      !(await repo.hasPublicStaffComment(tx, id));
    const event = await repo.appendCaseEvent(tx, {
      caseId: id,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: 'comment',
      visibility,
      body: input.body.trim(),
      data: { byStaff },
      at: now,
    });
    if (byStaff && visibility === 'public') {
      if (firstPublic) await recordFirstResponse(tx, id, now);
      else await recordUpdate(tx, id, now);
      if (row.requesterUserId !== null) {
        await notify(tx, {
          userIds: [row.requesterUserId],
          kind: 'case_comment',
          caseId: id,
          title: `${caseCode(row.number)} 有新回复：${row.title}`,
          body: input.body.trim().slice(0, 200),
        });
      }
    } else if (!byStaff && row.ownerUserId !== null && row.ownerUserId !== actor.id) {
      await notify(tx, {
        userIds: [row.ownerUserId],
        kind: 'case_comment',
        caseId: id,
        title: `${caseCode(row.number)} 申请人留言：${row.title}`,
        body: input.body.trim().slice(0, 200),
      });
    }
    await recordAudit(tx, ctx.who, {
      action: 'case.comment',
      entityType: 'case',
      entityId: id,
      areaPath: row.areaPath,
      after: { eventId: event.id, visibility },
    });
    return presentEvent(event);
  });
}

export async function rateCase(ctx: ServiceContext, id: string, input: RatingInput): Promise<CaseDetailDto> {
  const { actor } = ctx;
  await ctx.db.transaction(async (tx) => {
    const { row } = await loadVisibleCase(tx, actor, id, { lock: true });
    if (!isRequester(actor, row)) throw new AppError('forbidden');
    if (row.rating !== null)
      throw new AppError('conflict', [{ field: 'rating', reason: { zh: '已评价过', en: 'already rated' } }]);
    if (row.status !== 'resolved' && row.status !== 'closed')
      throw illegalTransition(row.status as CaseStatus, []);
    const comment = input.comment?.trim() || null;
    const updated = await repo.updateCase(
      tx,
      id,
      { rating: input.rating, ratingComment: comment },
      row.version,
    );
    if (!updated) throw staleVersion(row.version);
    await repo.appendCaseEvent(tx, {
      caseId: id,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: 'rated',
      visibility: 'public',
      body: comment,
      data: { rating: input.rating },
    });
    if (row.ownerUserId !== null) {
      await notify(tx, {
        userIds: [row.ownerUserId],
        kind: 'case_rated',
        caseId: id,
        title: `${caseCode(row.number)} 获评 ${input.rating} 星：${row.title}`,
        body: comment ?? '',
      });
    }
    await recordAudit(tx, ctx.who, {
      action: 'case.rate',
      entityType: 'case',
      entityId: id,
      areaPath: row.areaPath,
      after: { rating: input.rating, ratingComment: comment },
    });
  });
  return presentDetail(ctx.db, actor, id);
}

// ── lists, timeline, similar ──────────────────────────────────────────────────

export async function listCases(ctx: ServiceContext, query: CaseQueryInput) {
  const { actor } = ctx;
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  let areaPath: string | undefined;
  if (query.areaId !== undefined) {
    const area = await findAreaRef(ctx.db, query.areaId);
    if (!area || !inScope(actor, area.path)) throw new AppError('not_found');
    areaPath = area.path;
  }
  const view = query.view ?? (can(actor, 'cases:read') ? 'all' : 'requested');
  const q = query.q?.trim();
  const number = q ? parseCaseCode(q) : null;
  const now = new Date();
  const rows = await repo.listCases(
    ctx.db,
    {
      visibility: repo.caseVisibilityCondition(actor),
      view,
      actorId: actor.id,
      actorOrgId: actor.orgId,
      department: actor.department,
      teamIds: view === 'team' ? await repo.teamIdsOfUser(ctx.db, actor.id) : [],
      status: query.status,
      typeCode: query.typeCode,
      category: query.category,
      areaPath,
      subjectOrgId: query.subjectOrgId,
      number: number ?? undefined,
      titleLike: number === null && q ? q : undefined,
      now,
    },
    {
      limit: limit + 1,
      after: after ? { key: String(after.sortValue ?? ''), id: after.id } : undefined,
    },
  );
  const page = pageOf(rows, limit, (r) => [
    (view === 'overdue' ? r.dueKey : r.createdAtKey) ?? r.createdAtKey,
    r.case.id,
  ]);
  return { items: page.items.map((r) => presentSummary(r, now)), nextCursor: page.nextCursor };
}

export async function listEvents(ctx: ServiceContext, id: string) {
  const { actor } = ctx;
  await loadVisibleCase(ctx.db, actor, id);
  const rows = await repo.listCaseEvents(ctx.db, id, !isHandler(actor));
  return { items: rows.map(presentEvent) };
}

export async function similarCases(ctx: ServiceContext, query: SimilarQueryInput) {
  const { actor } = ctx;
  const visibility = repo.caseVisibilityCondition(actor);
  const now = new Date();
  const found = new Map<string, { row: CaseWithNames; score: number }>();
  if (query.subjectOrgId !== undefined) {
    const rows = await repo.casesOfSubject(
      ctx.db,
      visibility,
      { subjectOrgId: query.subjectOrgId, typeCode: query.typeCode, category: query.category },
      10,
    );
    for (const row of rows) found.set(row.case.id, { row, score: 1 });
  }
  const text = query.text?.trim();
  if (text) {
    const since = new Date(now.getTime() - 365 * 24 * 3_600_000);
    const rows = await repo.recentCases(ctx.db, visibility, { typeCode: query.typeCode, since }, 500);
    for (const row of rows) {
      const score = textSimilarity(text, row.case.title);
      if (score >= SIMILAR_THRESHOLD && !found.has(row.case.id)) found.set(row.case.id, { row, score });
    }
  }
  const cases = [...found.values()]
    .sort((a, b) => b.score - a.score || b.row.case.createdAt.getTime() - a.row.case.createdAt.getTime())
    .slice(0, 10)
    .map((f) => presentSummary(f.row, now));
  const guides = (await repo.guidesFor(ctx.db, { typeCode: query.typeCode, category: query.category }, 20))
    .filter(
      (g) =>
        actor.scopePath === null || inScope(actor, g.areaPath) || pathWithin(actor.scopePath, g.areaPath),
    )
    .slice(0, 5)
    .map((g) => ({
      id: g.id,
      title: g.title,
      body: g.body,
      caseTypeCode: g.caseTypeCode,
      category: g.category,
      departmentCode: g.departmentCode,
    }));
  return { cases, guides };
}
