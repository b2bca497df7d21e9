import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { Db } from '../../core/db/client.ts';
import { AppError, type LocalisedFieldError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { inScope, isRole, permissionsOf, type Actor } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import type { FileStore } from '../../core/storage/file-store.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import { ROLES } from '../../../shared/access.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import { notify } from '../notifications/notify.ts';
import { startTaskClock, stopTaskClock } from '../sla/sla.service.ts';
import { caseCode, isOpenStatus } from './cases.rules.ts';
import type { CaseRow } from './cases.tables.ts';
import {
  appendCaseEvent,
  lockCaseForUpdate,
  findCase,
  openTaskDepartments,
  pendingHandoverTarget,
  updateCase,
} from './cases.repo.ts';
import { canSeeCase, type CaseAccessContext } from './cases.policy.ts';
import * as repo from './case-work.repo.ts';
import {
  canSeeGuide,
  canSeeTask,
  canUpdateGuide,
  handoverActions,
  isWorking,
  mayAttach,
  mayOpenTask,
  mayOrderHandover,
  mayReadGuides,
  mayRequestHandover,
  seesInternalFiles,
  taskActions,
} from './case-work.policy.ts';
import {
  attachmentFileError,
  attachmentStorageKey,
  cleanFileName,
  fileNameFor,
  isStaleHandover,
  normaliseContactPhone,
  taskClock,
  taskTargetErrors,
  type AttachmentType,
  type AttachmentVisibility,
  type HandoverStatus,
  type TaskStatus,
} from './case-work.rules.ts';
import type {
  AttachmentDto,
  CaseTaskDto,
  CreateGuideInput,
  GuideDto,
  GuideQueryInput,
  HandoverDto,
  HandoverInput,
  OpenTaskInput,
  TaskListItemDto,
  TaskListQueryInput,
  UpdateGuideInput,
} from './case-work.schema.ts';

export type CaseWorkContext = ServiceContext;

const invalid = (...errors: LocalisedFieldError[]): AppError => new AppError('validation_failed', errors);
const field = (name: string, zh: string, en: string): LocalisedFieldError => ({
  field: name,
  reason: { zh, en },
});
const conflict = (name: string, zh: string, en: string): AppError =>
  new AppError('conflict', [field(name, zh, en)]);
const notOpen = (): AppError =>
  conflict('status', '事项已办结或已终止，不能再操作', 'the case is no longer open');

/** Required text that must say something once trimmed (the schema's minLength counts spaces). */
function text(name: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw invalid(field(name, '不能为空', 'must not be blank'));
  return trimmed;
}

/** Roles that work cases: who a task's department is told about, who may receive a handover. */
const HANDLER_ROLES = ROLES.filter((role) => permissionsOf(role).includes('cases:handle'));

// ── loading cases ─────────────────────────────────────────────────────────────

async function accessContext(db: Db, caseId: string): Promise<CaseAccessContext> {
  return {
    openTaskDepartments: await openTaskDepartments(db, caseId),
    pendingHandoverToUserId: await pendingHandoverTarget(db, caseId),
  };
}

interface LoadedCase {
  row: CaseRow;
  context: CaseAccessContext;
  visible: boolean;
}

/** The case (locked when inside a write), with what widens its visibility; undefined when missing. */
async function loadCase(db: Db, actor: Actor, id: string, lock: boolean): Promise<LoadedCase | undefined> {
  const row = lock ? await lockCaseForUpdate(db, id) : await findCase(db, id);
  if (!row) return undefined;
  const context = await accessContext(db, id);
  return { row, context, visible: canSeeCase(actor, row, context) };
}

async function loadVisibleCase(db: Db, actor: Actor, id: string, lock: boolean): Promise<LoadedCase> {
  const loaded = await loadCase(db, actor, id, lock);
  if (!loaded?.visible) throw new AppError('not_found');
  return loaded;
}

const caseAudit = (row: CaseRow) => ({
  ownerUserId: row.ownerUserId,
  handlingDepartmentCode: row.handlingDepartmentCode,
  version: row.version,
});

// ── handovers ─────────────────────────────────────────────────────────────────

async function presentHandovers(db: Db, actor: Actor, rows: repo.HandoverRow[]): Promise<HandoverDto[]> {
  const names = await repo.userNames(
    db,
    rows.flatMap((r) => [r.fromUserId, r.toUserId, r.orderedBy]),
  );
  const ref = (id: string | null) => (id === null ? null : { id, name: names.get(id) ?? '' });
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    from: ref(r.fromUserId),
    to: { id: r.toUserId, name: names.get(r.toUserId) ?? '' },
    reason: r.reason,
    status: r.status as HandoverStatus,
    orderedBy: ref(r.orderedBy),
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    can: handoverActions(actor, r),
  }));
}

async function presentHandover(db: Db, actor: Actor, row: repo.HandoverRow): Promise<HandoverDto> {
  const [dto] = await presentHandovers(db, actor, [row]);
  if (!dto) throw new Error('handover not presented');
  return dto;
}

/** The pending handover of a case, for the case detail (cases-core may call this). */
export async function pendingHandoverOf(db: Db, actor: Actor, caseId: string): Promise<HandoverDto | null> {
  const row = await repo.findPendingHandover(db, caseId);
  return row ? presentHandover(db, actor, row) : null;
}

async function loadHandoverTarget(db: Db, userId: string, currentOwner: string | null) {
  const target = await repo.findUserBrief(db, userId);
  if (
    !target ||
    !target.active ||
    !isRole(target.role) ||
    !permissionsOf(target.role).includes('cases:handle')
  )
    throw invalid(field('toUserId', '接收人须为在岗的办理人员', 'must be an active user who handles cases'));
  if (target.id === currentOwner)
    throw invalid(field('toUserId', '接收人已是该事项的责任人', 'already owns this case'));
  return target;
}

const ONE_PENDING = 'case_handovers_one_pending_key';
const alreadyPending = (): AppError =>
  conflict(
    'toUserId',
    '该事项已有一个待接收的移交，请等对方处理',
    'a handover of this case is already waiting to be accepted',
  );

/**
 * First-ask ownership moves only by handover: the owner asks and the new owner accepts, or a
 * supervisor of the area orders it and it moves at once. One pending handover per case.
 */
export async function requestHandover(
  ctx: CaseWorkContext,
  caseId: string,
  input: HandoverInput,
): Promise<HandoverDto> {
  const reason = text('reason', input.reason);
  const order = input.order ?? false;
  const { actor } = ctx;
  const now = new Date();
  try {
    return await ctx.db.transaction(async (tx) => {
      const { row } = await loadVisibleCase(tx, actor, caseId, true);
      if (order ? !mayOrderHandover(actor, row) : !mayRequestHandover(actor, row))
        throw new AppError('forbidden');
      if (!isOpenStatus(row.status)) throw notOpen();
      const target = await loadHandoverTarget(tx, input.toUserId, row.ownerUserId);
      const code = caseCode(row.number);

      const pending = await repo.findPendingHandover(tx, caseId);
      if (pending && !order && !isStaleHandover(pending, row.ownerUserId)) throw alreadyPending();
      // An order overrides a pending request; a request left by a former owner is void.
      if (pending) await repo.decideHandover(tx, pending.id, 'cancelled', now);

      if (!order) {
        const handover = await repo.insertHandover(tx, {
          caseId,
          fromUserId: row.ownerUserId,
          toUserId: target.id,
          reason,
          status: 'pending',
        });
        await appendCaseEvent(tx, {
          caseId,
          actorUserId: actor.id,
          actorName: actor.displayName,
          kind: 'handover_requested',
          visibility: 'internal',
          body: reason,
          data: { handoverId: handover.id, fromUserId: row.ownerUserId, toUserId: target.id },
        });
        await notify(tx, {
          userIds: [target.id],
          kind: 'handover_requested',
          caseId,
          title: `${code} 请求移交给您：${row.title}`,
          body: reason,
        });
        await recordAudit(tx, ctx.who, {
          action: 'case_handover.request',
          entityType: 'case',
          entityId: caseId,
          areaPath: row.areaPath,
          after: { handoverId: handover.id, toUserId: target.id, reason },
        });
        return presentHandover(tx, actor, handover);
      }

      const updated = await updateCase(
        tx,
        caseId,
        { ownerUserId: target.id, handlingDepartmentCode: target.department ?? row.handlingDepartmentCode },
        row.version,
      );
      if (!updated) throw new AppError('stale');
      const handover = await repo.insertHandover(tx, {
        caseId,
        fromUserId: row.ownerUserId,
        toUserId: target.id,
        reason,
        status: 'ordered',
        orderedBy: actor.id,
        decidedAt: now,
      });
      await appendCaseEvent(tx, {
        caseId,
        actorUserId: actor.id,
        actorName: actor.displayName,
        kind: 'handover_ordered',
        visibility: 'internal',
        body: reason,
        data: {
          handoverId: handover.id,
          fromUserId: row.ownerUserId,
          toUserId: target.id,
          cancelledHandoverId: pending?.id ?? null,
        },
      });
      await notify(tx, {
        userIds: [target.id, ...(row.ownerUserId ? [row.ownerUserId] : [])].filter((id) => id !== actor.id),
        kind: 'handover_ordered',
        caseId,
        title: `${code} 已指定由 ${target.displayName} 负责：${row.title}`,
        body: reason,
        areaPath: row.areaPath,
      });
      await recordAudit(tx, ctx.who, {
        action: 'case_handover.order',
        entityType: 'case',
        entityId: caseId,
        areaPath: row.areaPath,
        before: caseAudit(row),
        after: { ...caseAudit(updated), handoverId: handover.id, reason },
      });
      return presentHandover(tx, actor, handover);
    });
  } catch (error) {
    if (isUniqueViolation(error, ONE_PENDING)) throw alreadyPending();
    throw error;
  }
}

/**
 * The target of a pending handover decides it. Anyone else: 404 when they cannot see the case, 403
 * when they can. Accepting a handover whose asker no longer owns the case voids it and answers 409.
 */
export async function decideHandover(
  ctx: CaseWorkContext,
  caseId: string,
  handoverId: string,
  decision: { accept: true } | { accept: false; reason: string },
): Promise<HandoverDto> {
  const { actor } = ctx;
  const declineReason = decision.accept ? null : text('reason', decision.reason);
  const now = new Date();
  const outcome = await ctx.db.transaction(async (tx) => {
    const loaded = await loadCase(tx, actor, caseId, true);
    const handover = loaded ? await repo.findHandover(tx, caseId, handoverId) : undefined;
    if (!loaded || !handover) throw new AppError('not_found');
    if (handover.toUserId !== actor.id) throw new AppError(loaded.visible ? 'forbidden' : 'not_found');
    const { row } = loaded;
    if (handover.status !== 'pending')
      throw conflict('handover', '该移交已处理', 'this handover has already been decided');
    const code = caseCode(row.number);

    if (!decision.accept) {
      const declined = await repo.decideHandover(tx, handover.id, 'declined', now);
      if (!declined) throw conflict('handover', '该移交已处理', 'this handover has already been decided');
      await appendCaseEvent(tx, {
        caseId,
        actorUserId: actor.id,
        actorName: actor.displayName,
        kind: 'handover_declined',
        visibility: 'internal',
        body: declineReason,
        data: { handoverId: handover.id, fromUserId: handover.fromUserId, toUserId: actor.id },
      });
      if (handover.fromUserId)
        await notify(tx, {
          userIds: [handover.fromUserId],
          kind: 'handover_declined',
          caseId,
          title: `${actor.displayName} 未接收 ${code} 的移交：${row.title}`,
          body: declineReason ?? '',
        });
      await recordAudit(tx, ctx.who, {
        action: 'case_handover.decline',
        entityType: 'case',
        entityId: caseId,
        areaPath: row.areaPath,
        after: { handoverId: handover.id, reason: declineReason },
      });
      return { stale: false as const, handover: declined };
    }

    if (isStaleHandover(handover, row.ownerUserId) || !isOpenStatus(row.status)) {
      // Void it (committed), then answer 409: it can never be accepted, and must not block the next one.
      const cancelled = await repo.decideHandover(tx, handover.id, 'cancelled', now);
      return { stale: true as const, handover: cancelled ?? handover };
    }
    const accepted = await repo.decideHandover(tx, handover.id, 'accepted', now);
    if (!accepted) throw conflict('handover', '该移交已处理', 'this handover has already been decided');
    const updated = await updateCase(
      tx,
      caseId,
      { ownerUserId: actor.id, handlingDepartmentCode: actor.department ?? row.handlingDepartmentCode },
      row.version,
    );
    if (!updated) throw new AppError('stale');
    await appendCaseEvent(tx, {
      caseId,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: 'handover_accepted',
      visibility: 'internal',
      body: handover.reason,
      data: { handoverId: handover.id, fromUserId: handover.fromUserId, toUserId: actor.id },
    });
    if (handover.fromUserId)
      await notify(tx, {
        userIds: [handover.fromUserId],
        kind: 'handover_accepted',
        caseId,
        title: `${actor.displayName} 已接收 ${code}：${row.title}`,
      });
    await recordAudit(tx, ctx.who, {
      action: 'case_handover.accept',
      entityType: 'case',
      entityId: caseId,
      areaPath: row.areaPath,
      before: caseAudit(row),
      after: { ...caseAudit(updated), handoverId: handover.id },
    });
    return { stale: false as const, handover: accepted };
  });
  if (outcome.stale)
    throw conflict(
      'handover',
      '事项的责任人已变更，此移交已失效',
      'the case changed owner since this handover was requested; it is void',
    );
  return presentHandover(ctx.db, actor, outcome.handover);
}

// ── coordination tasks ────────────────────────────────────────────────────────

type TaskCaseRow = Pick<
  CaseRow,
  | 'status'
  | 'areaPath'
  | 'ownerUserId'
  | 'handlingDepartmentCode'
  | 'requesterUserId'
  | 'requesterOrgId'
  | 'subjectOrgId'
>;

async function presentTasks(
  db: Db,
  actor: Actor,
  items: { task: repo.TaskRow; caseRow: TaskCaseRow }[],
  now = new Date(),
): Promise<CaseTaskDto[]> {
  const names = await repo.userNames(
    db,
    items.map((i) => i.task.completedBy),
  );
  return items.map(({ task, caseRow }) => ({
    id: task.id,
    caseId: task.caseId,
    assigneeKind: task.assigneeKind as 'department' | 'region',
    departmentCode: task.departmentCode,
    regionName: task.regionName,
    contactName: task.contactName,
    contactPhoneMasked: task.contactPhoneMasked,
    title: task.title,
    description: task.description,
    status: task.status as TaskStatus,
    result: task.result,
    closeReason: task.closeReason,
    dueAt: task.dueAt ? task.dueAt.toISOString() : null,
    overdue: task.status === 'open' && task.dueAt !== null && task.dueAt < now,
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt ? task.completedAt.toISOString() : null,
    completedBy: task.completedBy ? { id: task.completedBy, name: names.get(task.completedBy) ?? '' } : null,
    can: taskActions(actor, caseRow, task),
  }));
}

async function presentTask(db: Db, actor: Actor, task: repo.TaskRow, caseRow: TaskCaseRow) {
  const [dto] = await presentTasks(db, actor, [{ task, caseRow }]);
  if (!dto) throw new Error('task not presented');
  return dto;
}

/** A case's tasks as the case detail shows them (cases-core may call this for CaseDetail.tasks). */
export async function tasksOfCase(db: Db, actor: Actor, caseRow: CaseRow): Promise<CaseTaskDto[]> {
  const rows = await repo.listCaseTasks(db, caseRow.id);
  return presentTasks(
    db,
    actor,
    rows.map((task) => ({ task, caseRow })),
  );
}

/**
 * Flat routing: the owner sends a task straight to a department or to another district's contact,
 * without intermediate approvals; tasks run in parallel, each with its own clock.
 */
export async function openTask(
  ctx: CaseWorkContext,
  caseId: string,
  input: OpenTaskInput,
): Promise<CaseTaskDto> {
  const errors = taskTargetErrors(input);
  if (errors.length > 0) throw invalid(...errors);
  const title = text('title', input.title);
  const { actor, pii } = ctx;
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const { row } = await loadVisibleCase(tx, actor, caseId, true);
    if (!mayOpenTask(actor, row)) throw new AppError('forbidden');
    if (!isWorking(row)) throw notOpen();

    let department: { code: string; name: string } | undefined;
    if (input.assigneeKind === 'department') {
      const found = await repo.findDepartmentByCode(tx, input.departmentCode ?? '');
      if (!found?.active) throw invalid(field('departmentCode', '部门不存在', 'no such department'));
      department = found;
    }
    const phone = input.contactPhone === undefined ? null : normaliseContactPhone(input.contactPhone);
    const clock = input.dueHours === undefined ? null : taskClock(now, input.dueHours);
    const task = await repo.insertTask(tx, {
      caseId,
      assigneeKind: input.assigneeKind,
      departmentCode: department?.code ?? null,
      regionName: input.regionName?.trim() ?? null,
      contactName: input.contactName?.trim() ?? null,
      contactPhoneEnc: phone === null ? null : pii.encrypt(phone),
      contactPhoneHash: phone === null ? null : pii.lookupHash(phone),
      contactPhoneMasked: phone === null ? null : maskPhone(phone),
      title,
      description: input.description?.trim() ?? '',
      status: 'open',
      dueAt: clock?.dueAt ?? null,
      createdBy: actor.id,
      createdAt: now,
    });
    if (clock)
      await startTaskClock(tx, { caseId, taskId: task.id, dueAt: clock.dueAt, warnAt: clock.warnAt });
    const assignee = department
      ? department.name
      : `${task.regionName ?? ''} ${task.contactName ?? ''}`.trim();
    await appendCaseEvent(tx, {
      caseId,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: 'task_opened',
      visibility: 'internal',
      body: title,
      data: {
        taskId: task.id,
        assigneeKind: task.assigneeKind,
        departmentCode: task.departmentCode,
        regionName: task.regionName,
        contactName: task.contactName,
        contactPhoneMasked: task.contactPhoneMasked,
        dueAt: task.dueAt?.toISOString() ?? null,
        assignee,
      },
    });
    if (department) {
      await notify(tx, {
        userIds: await repo.departmentUserIds(tx, department.code, HANDLER_ROLES),
        kind: 'task_opened',
        caseId,
        title: `协办任务（${caseCode(row.number)}）：${title}`,
        body: input.description ?? '',
        areaPath: row.areaPath,
      });
    }
    await recordAudit(tx, ctx.who, {
      action: 'case_task.open',
      entityType: 'case_task',
      entityId: task.id,
      areaPath: row.areaPath,
      after: {
        caseId,
        assigneeKind: task.assigneeKind,
        departmentCode: task.departmentCode,
        regionName: task.regionName,
        contactName: task.contactName,
        contactPhoneMasked: task.contactPhoneMasked,
        title,
        dueAt: task.dueAt?.toISOString() ?? null,
      },
    });
    return presentTask(tx, actor, task, row);
  });
}

/** Completing (with a result) or closing (with a reason, by the owner): one open task, once. */
export async function finishTask(
  ctx: CaseWorkContext,
  caseId: string,
  taskId: string,
  finish: { kind: 'complete'; result: string } | { kind: 'close'; reason: string },
): Promise<CaseTaskDto> {
  const { actor } = ctx;
  const body = finish.kind === 'complete' ? text('result', finish.result) : text('reason', finish.reason);
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const loaded = await loadCase(tx, actor, caseId, true);
    const task = loaded ? await repo.lockTask(tx, caseId, taskId) : undefined;
    if (!loaded || !task || !canSeeTask(actor, loaded.row, loaded.context, task))
      throw new AppError('not_found');
    const { row } = loaded;
    if (task.status !== 'open') throw conflict('status', '该任务已结束', 'this task is already finished');
    const allowed = taskActions(actor, row, task);
    if (finish.kind === 'complete' ? !allowed.complete : !allowed.close) throw new AppError('forbidden');

    const finished = await repo.finishTask(
      tx,
      task.id,
      finish.kind === 'complete'
        ? { status: 'done', result: body, completedAt: now, completedBy: actor.id }
        : { status: 'closed', closeReason: body, completedAt: now, completedBy: actor.id },
    );
    if (!finished) throw conflict('status', '该任务已结束', 'this task is already finished');
    await stopTaskClock(tx, task.id, now);
    const code = caseCode(row.number);
    await appendCaseEvent(tx, {
      caseId,
      actorUserId: actor.id,
      actorName: actor.displayName,
      kind: finish.kind === 'complete' ? 'task_completed' : 'task_closed',
      visibility: 'internal',
      body,
      data: { taskId: task.id, title: task.title, departmentCode: task.departmentCode },
    });
    if (finish.kind === 'complete') {
      if (row.ownerUserId && row.ownerUserId !== actor.id)
        await notify(tx, {
          userIds: [row.ownerUserId],
          kind: 'task_completed',
          caseId,
          title: `协办任务已完成（${code}）：${task.title}`,
          body,
        });
    } else if (task.departmentCode) {
      await notify(tx, {
        userIds: (await repo.departmentUserIds(tx, task.departmentCode, HANDLER_ROLES)).filter(
          (id) => id !== actor.id,
        ),
        kind: 'task_closed',
        caseId,
        title: `协办任务已撤回（${code}）：${task.title}`,
        body,
      });
    }
    await recordAudit(tx, ctx.who, {
      action: finish.kind === 'complete' ? 'case_task.complete' : 'case_task.close',
      entityType: 'case_task',
      entityId: task.id,
      areaPath: row.areaPath,
      before: { status: task.status },
      after: { status: finished.status, result: finished.result, closeReason: finished.closeReason },
    });
    return presentTask(tx, actor, finished, row);
  });
}

/** The department task view (tasks sent to my department) or tasks on cases I own; keyset pages. */
export async function listTasks(
  ctx: CaseWorkContext,
  query: TaskListQueryInput,
): Promise<{ items: TaskListItemDto[]; nextCursor: string | null }> {
  const { actor } = ctx;
  const view = query.view ?? 'department';
  if (view === 'department' && actor.department === null) return { items: [], nextCursor: null };
  const limit = query.limit ?? 50;
  let after: { createdAt: Date; id: string } | undefined;
  if (query.cursor !== undefined) {
    const { sortValue, id } = decodeCursor(query.cursor);
    const createdAt = typeof sortValue === 'string' ? new Date(sortValue) : new Date(Number.NaN);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id))
      throw invalid(field('cursor', '分页游标无效', 'is not a valid cursor'));
    after = { createdAt, id };
  }
  const rows = await repo.listTasks(ctx.db, {
    ...(view === 'department' ? { departmentCode: actor.department ?? '' } : { ownerUserId: actor.id }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(after === undefined ? {} : { after }),
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  const presented = await presentTasks(
    ctx.db,
    actor,
    page.items.map((task) => ({
      task,
      caseRow: {
        status: task.caseStatus,
        areaPath: task.caseAreaPath,
        ownerUserId: task.caseOwnerUserId,
        handlingDepartmentCode: task.caseHandlingDepartmentCode,
        requesterUserId: task.caseRequesterUserId,
        requesterOrgId: task.caseRequesterOrgId,
        subjectOrgId: task.caseSubjectOrgId,
      },
    })),
  );
  return {
    items: presented.map((dto, i) => {
      const task = page.items[i];
      if (!task) throw new Error('task page mismatch');
      return {
        ...dto,
        case: {
          id: task.caseId,
          code: caseCode(task.caseNumber),
          title: task.caseTitle,
          status: task.caseStatus,
        },
      };
    }),
    nextCursor: page.nextCursor,
  };
}

// ── guides ────────────────────────────────────────────────────────────────────

async function presentGuides(db: Db, actor: Actor, rows: repo.GuideRow[]): Promise<GuideDto[]> {
  const names = await repo.userNames(
    db,
    rows.map((r) => r.createdBy),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    caseTypeCode: r.caseTypeCode,
    category: r.category,
    departmentCode: r.departmentCode,
    areaPath: r.areaPath,
    createdBy: r.createdBy ? { id: r.createdBy, name: names.get(r.createdBy) ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
    can: { update: canUpdateGuide(actor, r) },
  }));
}

async function presentGuide(db: Db, actor: Actor, row: repo.GuideRow): Promise<GuideDto> {
  const [dto] = await presentGuides(db, actor, [row]);
  if (!dto) throw new Error('guide not presented');
  return dto;
}

const guideAudit = (r: repo.GuideRow) => ({
  title: r.title,
  caseTypeCode: r.caseTypeCode,
  category: r.category,
  departmentCode: r.departmentCode,
  areaPath: r.areaPath,
  bodyLength: r.body.length,
});

/** The type exists, the category is one of the type's, the department exists (each names its field). */
async function checkGuideLinks(
  db: Db,
  links: { caseTypeCode: string | null; category: string | null; departmentCode: string | null },
): Promise<void> {
  const errors: LocalisedFieldError[] = [];
  if (links.caseTypeCode !== null) {
    const type = await repo.findCaseTypeCategories(db, links.caseTypeCode);
    if (!type) errors.push(field('caseTypeCode', '事项类型不存在', 'no such case type'));
    else if (links.category !== null) {
      const categories = Array.isArray(type.categories) ? (type.categories as { code?: unknown }[]) : [];
      if (!categories.some((c) => c.code === links.category))
        errors.push(field('category', '该事项类型没有此分类', 'is not a category of this case type'));
    }
  } else if (links.category !== null) {
    errors.push(field('category', '填写分类时须同时选择事项类型', 'needs a caseTypeCode'));
  }
  if (links.departmentCode !== null && !(await repo.findDepartmentByCode(db, links.departmentCode)))
    errors.push(field('departmentCode', '部门不存在', 'no such department'));
  if (errors.length > 0) throw invalid(...errors);
}

export async function listGuides(
  ctx: CaseWorkContext,
  query: GuideQueryInput,
): Promise<{ items: GuideDto[]; nextCursor: string | null }> {
  if (!mayReadGuides(ctx.actor)) throw new AppError('forbidden');
  const limit = query.limit ?? 50;
  let after: { createdAt: Date; id: string } | undefined;
  if (query.cursor !== undefined) {
    const { sortValue, id } = decodeCursor(query.cursor);
    const createdAt = typeof sortValue === 'string' ? new Date(sortValue) : new Date(Number.NaN);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id))
      throw invalid(field('cursor', '分页游标无效', 'is not a valid cursor'));
    after = { createdAt, id };
  }
  const rows = await repo.listGuides(ctx.db, {
    scopePath: ctx.actor.scopePath,
    ...(query.q === undefined ? {} : { q: query.q.trim() }),
    ...(query.typeCode === undefined ? {} : { typeCode: query.typeCode }),
    ...(query.category === undefined ? {} : { category: query.category }),
    ...(after === undefined ? {} : { after }),
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { items: await presentGuides(ctx.db, ctx.actor, page.items), nextCursor: page.nextCursor };
}

export async function getGuide(ctx: CaseWorkContext, id: string): Promise<GuideDto> {
  if (!mayReadGuides(ctx.actor)) throw new AppError('forbidden');
  const row = await repo.findGuide(ctx.db, id);
  if (!row || !canSeeGuide(ctx.actor, row)) throw new AppError('not_found');
  return presentGuide(ctx.db, ctx.actor, row);
}

export async function createGuide(ctx: CaseWorkContext, input: CreateGuideInput): Promise<GuideDto> {
  const { actor } = ctx;
  const title = text('title', input.title);
  const body = text('body', input.body);
  let areaPath = actor.scopePath;
  if (input.areaId !== undefined) {
    const area = await findAreaRef(ctx.db, input.areaId);
    if (!area || !inScope(actor, area.path)) throw invalid(field('areaId', '区域不存在', 'no such area'));
    areaPath = area.path;
  }
  if (areaPath === null)
    throw invalid(field('areaId', '请选择指南适用的区域', 'is required for a user without an area'));
  const links = {
    caseTypeCode: input.caseTypeCode ?? null,
    category: input.category ?? null,
    departmentCode: input.departmentCode ?? null,
  };
  await checkGuideLinks(ctx.db, links);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertGuide(tx, { title, body, ...links, areaPath, createdBy: actor.id });
    await recordAudit(tx, ctx.who, {
      action: 'guide.create',
      entityType: 'guide',
      entityId: row.id,
      areaPath: row.areaPath,
      after: guideAudit(row),
    });
    return presentGuide(tx, actor, row);
  });
}

export async function updateGuide(
  ctx: CaseWorkContext,
  id: string,
  input: UpdateGuideInput,
): Promise<GuideDto> {
  const { actor } = ctx;
  const row = await repo.findGuide(ctx.db, id);
  if (!row || !canSeeGuide(actor, row)) throw new AppError('not_found');
  if (!canUpdateGuide(actor, row)) throw new AppError('forbidden');
  const patch: Parameters<typeof repo.updateGuide>[2] = {};
  if (input.title !== undefined) patch.title = text('title', input.title);
  if (input.body !== undefined) patch.body = text('body', input.body);
  if (input.caseTypeCode !== undefined) patch.caseTypeCode = input.caseTypeCode;
  if (input.category !== undefined) patch.category = input.category;
  if (input.departmentCode !== undefined) patch.departmentCode = input.departmentCode;
  await checkGuideLinks(ctx.db, {
    caseTypeCode: patch.caseTypeCode === undefined ? row.caseTypeCode : patch.caseTypeCode,
    category: patch.category === undefined ? row.category : patch.category,
    departmentCode: patch.departmentCode === undefined ? row.departmentCode : patch.departmentCode,
  });
  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateGuide(tx, id, patch, input.version);
    if (!updated) {
      const current = await repo.findGuide(tx, id);
      throw new AppError('stale', [
        field(
          'version',
          `该指南已被他人修改（当前版本 ${current?.version ?? '?'}），请刷新后重试`,
          `the guide was changed by someone else (now version ${current?.version ?? '?'}); reload and try again`,
        ),
      ]);
    }
    await recordAudit(tx, ctx.who, {
      action: 'guide.update',
      entityType: 'guide',
      entityId: id,
      areaPath: updated.areaPath,
      before: guideAudit(row),
      after: guideAudit(updated),
    });
    return presentGuide(tx, actor, updated);
  });
}

// ── attachments ───────────────────────────────────────────────────────────────

async function presentAttachments(db: Db, rows: repo.AttachmentRow[]): Promise<AttachmentDto[]> {
  const names = await repo.userNames(
    db,
    rows.map((r) => r.uploadedBy),
  );
  return rows.map((r) => ({
    id: r.id,
    caseId: r.caseId,
    fileName: r.fileName,
    contentType: r.contentType as AttachmentType,
    sizeBytes: r.sizeBytes,
    sha256: r.sha256,
    visibility: r.visibility as AttachmentVisibility,
    uploadedBy: r.uploadedBy ? { id: r.uploadedBy, name: names.get(r.uploadedBy) ?? '' } : null,
    createdAt: r.createdAt.toISOString(),
  }));
}

function attachVisibility(actor: Actor, requested: AttachmentVisibility | undefined): AttachmentVisibility {
  if (seesInternalFiles(actor)) return requested ?? 'internal';
  if (requested === 'internal')
    throw invalid(
      field('visibility', '只能上传对办理人员和您都可见的附件', 'requesters can only attach public files'),
    );
  return 'public';
}

/**
 * The file is checked (type by its bytes, size), written to the store, then its row and the timeline
 * entry are written in one transaction; when that fails the file is removed again.
 */
export async function uploadAttachment(
  ctx: CaseWorkContext,
  files: FileStore,
  caseId: string,
  input: { fileName: string; visibility?: AttachmentVisibility; contentType: string; bytes: Uint8Array },
): Promise<AttachmentDto> {
  const { actor } = ctx;
  const before = await loadVisibleCase(ctx.db, actor, caseId, false);
  if (!mayAttach(actor, before.row, before.context)) throw new AppError('forbidden');
  const visibility = attachVisibility(actor, input.visibility);
  const problem = attachmentFileError(input.contentType, input.bytes);
  if (problem) throw invalid(problem);
  const contentType = input.contentType as AttachmentType;
  const cleaned = cleanFileName(input.fileName);
  if (!cleaned) throw invalid(field('fileName', '文件名无效', 'is not a usable file name'));
  const fileName = fileNameFor(cleaned, contentType);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const id = randomUUID();
  const storageKey = attachmentStorageKey(id);

  await files.putFile(storageKey, input.bytes);
  try {
    return await ctx.db.transaction(async (tx) => {
      const { row, context } = await loadVisibleCase(tx, actor, caseId, true);
      if (!mayAttach(actor, row, context)) throw new AppError('forbidden');
      const attachment = await repo.insertAttachment(tx, {
        id,
        caseId,
        fileName,
        contentType,
        sizeBytes: input.bytes.length,
        sha256,
        storageKey,
        visibility,
        uploadedBy: actor.id,
      });
      await appendCaseEvent(tx, {
        caseId,
        actorUserId: actor.id,
        actorName: actor.displayName,
        kind: 'attachment',
        visibility,
        body: fileName,
        data: { attachmentId: id, fileName, contentType, sizeBytes: attachment.sizeBytes, sha256 },
      });
      await recordAudit(tx, ctx.who, {
        action: 'case_attachment.upload',
        entityType: 'case_attachment',
        entityId: id,
        areaPath: row.areaPath,
        after: { caseId, fileName, contentType, sizeBytes: attachment.sizeBytes, sha256, visibility },
      });
      const [dto] = await presentAttachments(tx, [attachment]);
      if (!dto) throw new Error('attachment not presented');
      return dto;
    });
  } catch (error) {
    await files.removeFile(storageKey);
    throw error;
  }
}

async function loadAttachment(db: Db, actor: Actor, caseId: string, attachmentId: string) {
  await loadVisibleCase(db, actor, caseId, false);
  const row = await repo.findAttachment(db, caseId, attachmentId);
  if (!row || (row.visibility !== 'public' && !seesInternalFiles(actor))) throw new AppError('not_found');
  return row;
}

export async function listAttachments(
  ctx: CaseWorkContext,
  caseId: string,
): Promise<{ items: AttachmentDto[] }> {
  await loadVisibleCase(ctx.db, ctx.actor, caseId, false);
  const rows = await repo.listAttachments(ctx.db, caseId, !seesInternalFiles(ctx.actor));
  return { items: await presentAttachments(ctx.db, rows) };
}

/** The stored bytes, only to those who may see the case (requesters: public files only); others 404. */
export async function openAttachment(
  ctx: CaseWorkContext,
  files: FileStore,
  caseId: string,
  attachmentId: string,
): Promise<{ attachment: AttachmentDto; stream: ReadStream }> {
  const row = await loadAttachment(ctx.db, ctx.actor, caseId, attachmentId);
  const [attachment] = await presentAttachments(ctx.db, [row]);
  if (!attachment) throw new Error('attachment not presented');
  // Opened last, so nothing can fail between opening the file and handing the stream to the reply.
  const stream = await files.openFile(row.storageKey);
  if (!stream) throw new AppError('not_found');
  return { attachment, stream };
}
