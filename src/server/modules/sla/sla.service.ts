import type { Db } from '../../core/db/client.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { assertInScope } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import { notify } from '../notifications/notify.ts';
import * as repo from './sla.repo.ts';
import { OFFICIAL_CALENDAR } from './sla.holidays.ts';
import {
  addWorkingHours,
  areaUnitOf,
  calendarOf,
  clockTimes,
  deadlinesFor,
  formatLocal,
  hoursOverdue,
  isWorkingDay,
  localDay,
  metricsByUnit,
  nextEscalationLevel,
  parseSlaPolicy,
  slaPolicyError,
  type ClockTimes,
  type SlaClock,
  type SlaPolicy,
  type UnitMetrics,
  type WorkCalendar,
} from './sla.rules.ts';
import type {
  CalendarDayDto,
  CalendarDayInput,
  CaseMetricsDto,
  CaseMetricsQueryInput,
  OverduePageDto,
  OverdueQueryInput,
} from './sla.schema.ts';

// ── the calendar, cached per process ─────────────────────────────────────────

/** Another instance's change to calendar_days is seen within this time. */
const CALENDAR_TTL_MS = 60_000;
let cachedCalendar: { calendar: WorkCalendar; loadedAt: number } | undefined;

export function invalidateCalendar(): void {
  cachedCalendar = undefined;
}

/** The working-day calendar from calendar_days (cached for a minute; this process's changes clear it). */
export async function loadCalendar(db: Db): Promise<WorkCalendar> {
  const now = Date.now();
  if (cachedCalendar && now - cachedCalendar.loadedAt < CALENDAR_TTL_MS) return cachedCalendar.calendar;
  const calendar = calendarOf(await repo.listCalendarDays(db));
  cachedCalendar = { calendar, loadedAt: now };
  return calendar;
}

/** Adds the official holiday schedule's days that are missing; never overwrites an administrator's change. */
export async function seedCalendar(db: Db): Promise<number> {
  const added = await repo.insertMissingCalendarDays(db, OFFICIAL_CALENDAR);
  invalidateCalendar();
  return added;
}

// ── clocks other modules call (inside their transaction) ─────────────────────

function deadlineRows(
  caseId: string,
  clock: SlaClock,
  times: ClockTimes | { warnAt: Date | null; dueAt: Date },
  taskId: string | null = null,
) {
  const rows = [{ caseId, taskId, clock, kind: 'breach', dueAt: times.dueAt }];
  if (times.warnAt !== null && times.warnAt.getTime() < times.dueAt.getTime()) {
    rows.unshift({ caseId, taskId, clock, kind: 'warning', dueAt: times.warnAt });
  }
  return rows;
}

async function policyOf(db: Db, caseId: string) {
  const state = await repo.findCaseClockState(db, caseId);
  if (!state) throw new Error(`case ${caseId} not found`);
  const problem = slaPolicyError(state.sla);
  return { ...state, sla: problem === null ? parseSlaPolicy(state.sla) : null };
}

const OPEN = new Set(['submitted', 'accepted', 'in_progress']);

/**
 * Starts the first-response and resolution clocks of a new case: a warning and a breach row each,
 * and the case's due_first_response_at / due_resolution_at.
 */
export async function startCaseClocks(
  db: Db,
  input: { caseId: string; sla: SlaPolicy; startAt: Date },
): Promise<{ dueFirstResponseAt: Date; dueResolutionAt: Date }> {
  const due = deadlinesFor(parseSlaPolicy(input.sla), input.startAt, await loadCalendar(db));
  await repo.insertDeadlines(db, [
    ...deadlineRows(input.caseId, 'first_response', due.firstResponse),
    ...deadlineRows(input.caseId, 'resolution', due.resolution),
  ]);
  const dueFirstResponseAt = due.firstResponse.dueAt;
  const dueResolutionAt = due.resolution.dueAt;
  await repo.setCaseDue(db, input.caseId, { dueFirstResponseAt, dueResolutionAt });
  return { dueFirstResponseAt, dueResolutionAt };
}

async function restartUpdateClock(db: Db, caseId: string, sla: SlaPolicy | null, at: Date): Promise<void> {
  await repo.cancelCaseDeadlines(db, caseId, at, ['update']);
  if (sla === null) return;
  const times = clockTimes(sla, sla.updateIntervalHours, at, await loadCalendar(db));
  await repo.insertDeadlines(db, deadlineRows(caseId, 'update', times));
}

/**
 * The first answer to the requester: stops the first-response clock, keeps the first
 * first_response_at, and (while the case is open) starts the update-interval clock.
 */
export async function recordFirstResponse(db: Db, caseId: string, at: Date): Promise<void> {
  const state = await policyOf(db, caseId);
  await repo.cancelCaseDeadlines(db, caseId, at, ['first_response']);
  await repo.setFirstResponse(db, caseId, at);
  if (OPEN.has(state.status)) await restartUpdateClock(db, caseId, state.sla, at);
}

/** A progress update: restarts the update-interval clock (while the case is open) and sets last_update_at. */
export async function recordUpdate(db: Db, caseId: string, at: Date): Promise<void> {
  const state = await policyOf(db, caseId);
  await repo.setLastUpdate(db, caseId, at);
  if (OPEN.has(state.status)) await restartUpdateClock(db, caseId, state.sla, at);
  else await repo.cancelCaseDeadlines(db, caseId, at, ['update']);
}

/** Resolved, closed, rejected, withdrawn or merged: cancels every pending row of the case (tasks included). */
export async function stopCaseClocks(db: Db, caseId: string, at: Date): Promise<void> {
  await repo.cancelCaseDeadlines(db, caseId, at);
}

/** Reopened: a new resolution clock from `at`. The update clock is the caller's (recordUpdate). */
export async function restartResolutionClock(
  db: Db,
  caseId: string,
  sla: SlaPolicy,
  at: Date,
): Promise<{ dueResolutionAt: Date }> {
  const policy = parseSlaPolicy(sla);
  await repo.cancelCaseDeadlines(db, caseId, at, ['resolution']);
  const times = clockTimes(policy, policy.resolutionHours, at, await loadCalendar(db));
  await repo.insertDeadlines(db, deadlineRows(caseId, 'resolution', times));
  await repo.setCaseDue(db, caseId, { dueResolutionAt: times.dueAt });
  return { dueResolutionAt: times.dueAt };
}

/** A coordination task's clock: a breach row at dueAt and, when given and earlier, a warning at warnAt. */
export async function startTaskClock(
  db: Db,
  input: { caseId: string; taskId: string; dueAt: Date; warnAt?: Date | null },
): Promise<void> {
  await repo.cancelTaskDeadlines(db, input.taskId, new Date());
  await repo.insertDeadlines(
    db,
    deadlineRows(input.caseId, 'task', { warnAt: input.warnAt ?? null, dueAt: input.dueAt }, input.taskId),
  );
}

export async function stopTaskClock(db: Db, taskId: string, at: Date): Promise<void> {
  await repo.cancelTaskDeadlines(db, taskId, at);
}

/** Office-hours arithmetic on the stored calendar, for modules that compute their own due times. */
export async function addWorkingHoursOnCalendar(db: Db, start: Date, hours: number): Promise<Date> {
  return addWorkingHours(start, hours, await loadCalendar(db));
}

// ── the sweeper ──────────────────────────────────────────────────────────────

/** The name the sweep runs under in core/jobs (and its advisory lock). */
export const SLA_SWEEP_JOB = 'sla-deadlines';

const CLOCK_ZH: Record<string, string> = {
  first_response: '首次响应',
  update: '进展更新',
  resolution: '办结',
  task: '协办任务',
};

const SYSTEM_NAME = '系统';

export interface SweepOptions {
  batchSize?: number;
  /** Called for a row whose effect failed; the row stays pending and is tried again next sweep. */
  onError?: (error: unknown, deadline: repo.DeadlineRow) => void;
}

/** Who hears a warning: the owner; with none, the handling department's users whose scope holds the case. */
async function warningRecipients(db: Db, c: repo.SweepCase, deadline: repo.DeadlineRow): Promise<string[]> {
  const ids: string[] = [];
  if (c.ownerUserId) ids.push(c.ownerUserId);
  const department =
    deadline.taskId !== null
      ? await repo.findTaskDepartment(db, deadline.taskId)
      : c.ownerUserId
        ? null
        : c.handlingDepartmentCode;
  if (department) ids.push(...(await repo.activeUserIdsOfDepartmentOver(db, department, c.areaPath)));
  return [...new Set(ids)];
}

/**
 * Who hears an escalation: level 1 → the leaders of the owner's teams, else the supervisors whose
 * scope holds the case; level 2 → the command office over the case.
 */
async function escalationRecipients(db: Db, c: repo.SweepCase, level: number, now: Date): Promise<string[]> {
  if (level >= 2) return repo.activeUserIdsWithRoleOver(db, 'command_office', c.areaPath);
  if (c.ownerUserId) {
    const leaders = await repo.teamLeaderUserIds(db, c.ownerUserId, localDay(now));
    if (leaders.length > 0) return leaders;
  }
  return repo.activeUserIdsWithRoleOver(db, 'supervisor', c.areaPath);
}

type FireOutcome = 'fired' | 'cancelled' | 'skipped';

async function fire(db: Db, deadline: repo.DeadlineRow, now: Date): Promise<FireOutcome> {
  // The case is locked without waiting: a request working on it (and perhaps about to stop this very
  // clock) goes first, and the row is tried at the next sweep. Waiting here could deadlock with it.
  const c = await repo.findSweepCase(db, deadline.caseId);
  if (!c) return 'skipped';
  // A clock the lifecycle forgot to stop must not chase a finished case.
  if (!OPEN.has(c.status)) {
    await repo.cancelDeadline(db, deadline.id, now);
    return 'cancelled';
  }
  await repo.markDeadlineFired(db, deadline.id, now);
  const label = CLOCK_ZH[deadline.clock] ?? deadline.clock;
  const due = formatLocal(deadline.dueAt);
  const data = {
    deadlineId: deadline.id,
    clock: deadline.clock,
    kind: deadline.kind,
    taskId: deadline.taskId,
  };
  if (deadline.kind === 'warning') {
    const recipients = await warningRecipients(db, c, deadline);
    await notify(db, {
      userIds: recipients,
      kind: 'sla_warning',
      caseId: c.id,
      title: `【即将超时】GL${c.number} ${c.title}`,
      body: `${label}时限即将到期。`,
    });
    await repo.insertCaseEvent(db, {
      caseId: c.id,
      at: now,
      actorName: SYSTEM_NAME,
      kind: 'sla_warning',
      visibility: 'internal',
      body: `${label}时限即将到期`,
      data: { ...data, recipients },
    });
    return 'fired';
  }
  const level = nextEscalationLevel(c.escalationLevel);
  await repo.setEscalationLevel(db, c.id, level);
  const recipients = await escalationRecipients(db, c, level, now);
  const dueText = `${label}时限已于 ${due} 到期`;
  await notify(db, {
    userIds: recipients,
    kind: 'escalated',
    caseId: c.id,
    title: `【超时督办·${level === 1 ? '一级' : '二级'}】GL${c.number} ${c.title}`,
    body: `${dueText}，已升级督办。`,
  });
  if (c.ownerUserId && !recipients.includes(c.ownerUserId)) {
    await notify(db, {
      userIds: [c.ownerUserId],
      kind: 'sla_breach',
      caseId: c.id,
      title: `【已超时】GL${c.number} ${c.title}`,
      body: `${dueText}。`,
    });
  }
  await repo.insertCaseEvent(db, {
    caseId: c.id,
    at: now,
    actorName: SYSTEM_NAME,
    kind: 'escalated',
    visibility: 'internal',
    body: `${dueText}，升级至${level === 1 ? '主管领导' : '指挥中心'}`,
    data: { ...data, fromLevel: c.escalationLevel, level, recipients },
  });
  return 'fired';
}

/**
 * Fires every pending warning and breach due by `now`. Rows are claimed in batches with
 * FOR UPDATE SKIP LOCKED, and each is marked fired in the same transaction as its effect, so a row
 * fires once however many sweepers run, and a row due while the server was down fires at the next sweep.
 */
export async function sweepDeadlines(
  db: Db,
  now: Date,
  options: SweepOptions = {},
): Promise<{ fired: number }> {
  const batchSize = options.batchSize ?? 100;
  let fired = 0;
  // Rows left pending in this sweep (failed, or their case busy): not claimed again until the next one.
  const passed = new Set<number>();
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const claimed = (await repo.claimDueDeadlines(tx, now, batchSize + passed.size))
        .filter((d) => !passed.has(d.id))
        .slice(0, batchSize);
      let count = 0;
      for (const deadline of claimed) {
        try {
          // A savepoint per row: one row's failure does not undo the others' effects.
          const outcome = await tx.transaction((sp) => fire(sp, deadline, now));
          if (outcome === 'fired') count += 1;
          if (outcome === 'skipped') passed.add(deadline.id);
        } catch (error) {
          passed.add(deadline.id);
          options.onError?.(error, deadline);
        }
      }
      return { claimed: claimed.length, count };
    });
    fired += batch.count;
    if (batch.claimed < batchSize) return { fired };
  }
}

// ── routes: the calendar ─────────────────────────────────────────────────────

function presentDay(row: repo.CalendarDayRow): CalendarDayDto {
  return {
    day: row.day,
    kind: row.kind === 'workday' ? 'workday' : 'holiday',
    name: row.name,
    weekday: new Date(`${row.day}T00:00:00Z`).getUTCDay(),
  };
}

export async function listCalendar(ctx: ServiceContext, year: number): Promise<{ items: CalendarDayDto[] }> {
  const rows = await repo.listCalendarDays(ctx.db, { from: `${year}-01-01`, to: `${year}-12-31` });
  return { items: rows.map(presentDay) };
}

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export async function setCalendarDay(
  ctx: ServiceContext,
  day: string,
  input: CalendarDayInput,
): Promise<CalendarDayDto> {
  if (
    Number.isNaN(Date.parse(`${day}T00:00:00Z`)) ||
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day
  ) {
    throw new AppError('validation_failed', [
      { field: 'day', reason: { zh: '不是有效日期', en: 'is not a valid date' } },
    ]);
  }
  const weekday = weekdayOf(day);
  if (input.kind === 'workday' && weekday !== 0 && weekday !== 6) {
    throw new AppError('validation_failed', [
      {
        field: 'kind',
        reason: {
          zh: '工作日本来就要上班，调休上班日只能设在周六或周日',
          en: 'a weekday already works; a make-up working day must be a Saturday or Sunday',
        },
      },
    ]);
  }
  const saved = await ctx.db.transaction(async (tx) => {
    const before = await repo.findCalendarDay(tx, day);
    const row = await repo.upsertCalendarDay(tx, { day, kind: input.kind, name: input.name });
    await recordAudit(tx, ctx.who, {
      action: before ? 'calendar_day.update' : 'calendar_day.create',
      entityType: 'calendar_day',
      entityId: day,
      before: before ?? null,
      after: row,
    });
    return row;
  });
  invalidateCalendar();
  return presentDay(saved);
}

export async function removeCalendarDay(ctx: ServiceContext, day: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const deleted = await repo.deleteCalendarDay(tx, day);
    if (!deleted) throw new AppError('not_found');
    await recordAudit(tx, ctx.who, {
      action: 'calendar_day.delete',
      entityType: 'calendar_day',
      entityId: day,
      before: deleted,
    });
  });
  invalidateCalendar();
}

/** True when the day is a working day on the stored calendar (for other modules and the SPA). */
export async function isWorkingDayOnCalendar(db: Db, day: string): Promise<boolean> {
  return isWorkingDay(day, await loadCalendar(db));
}

// ── routes: metrics and the overdue list ─────────────────────────────────────

/** The area the question is about: the given one (in scope, else 404) or the actor's whole scope. */
async function rootPathOf(ctx: ServiceContext, areaId: string | undefined): Promise<{ path: string | null }> {
  if (areaId === undefined) return { path: ctx.actor.scopePath };
  const area = await findAreaRef(ctx.db, areaId);
  if (!area) throw new AppError('not_found');
  assertInScope(ctx.actor, area.path);
  return { path: area.path };
}

const DAY_MS = 86_400_000;

export async function caseMetrics(
  ctx: ServiceContext,
  query: CaseMetricsQueryInput,
  now = new Date(),
): Promise<CaseMetricsDto> {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new AppError('validation_failed', [
      { field: 'from', reason: { zh: '开始时间须早于结束时间', en: 'must be before to' } },
    ]);
  }
  if (to.getTime() - from.getTime() > 3 * 366 * DAY_MS) {
    throw new AppError('validation_failed', [
      {
        field: 'from',
        reason: { zh: '统计区间不能超过三年', en: 'the period may span at most three years' },
      },
    ]);
  }
  const groupBy = query.groupBy ?? 'department';
  const root = await rootPathOf(ctx, query.areaId);
  const rows = await repo.metricRows(ctx.db, { rootPath: root.path, from, to, groupBy });
  const keyOf = (raw: string | null): string =>
    groupBy === 'area' ? areaUnitOf(raw ?? '', root.path) : (raw ?? '');
  const { units, total } = metricsByUnit(
    rows.map((r) => ({ ...r, key: keyOf(r.groupKey) })),
    now,
  );
  const keys = units.map((u) => u.key).filter((k) => k !== '');
  const names: Map<string, string> =
    groupBy === 'department'
      ? await repo.departmentNames(ctx.db, keys)
      : groupBy === 'area'
        ? await repo.areaNamesByPath(ctx.db, keys)
        : new Map([...(await repo.caseTypeNames(ctx.db, keys))].map(([k, v]) => [k, v.zh]));
  const present = (u: UnitMetrics) => ({ ...u, name: u.key === '' ? null : (names.get(u.key) ?? null) });
  return {
    groupBy,
    areaPath: root.path,
    from: from.toISOString(),
    to: to.toISOString(),
    units: units.map(present),
    total: { ...total, name: null },
  };
}

export async function overdueList(
  ctx: ServiceContext,
  query: OverdueQueryInput,
  now = new Date(),
): Promise<OverduePageDto> {
  const limit = query.limit ?? 50;
  const root = await rootPathOf(ctx, query.areaId);
  let after: { dueAt: Date; id: string } | undefined;
  if (query.cursor) {
    const { sortValue, id } = decodeCursor(query.cursor);
    const dueAt = typeof sortValue === 'string' ? new Date(sortValue) : undefined;
    if (!dueAt || Number.isNaN(dueAt.getTime())) {
      throw new AppError('validation_failed', [
        { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
      ]);
    }
    after = { dueAt, id };
  }
  const rows = await repo.overdueCases(ctx.db, { rootPath: root.path, now, after, limit });
  const page = pageOf(rows, limit, (r) => [r.dueResolutionAt.toISOString(), r.id]);
  return {
    items: page.items.map((r) => ({
      id: r.id,
      number: r.number,
      title: r.title,
      status: r.status,
      areaPath: r.areaPath,
      ownerUserId: r.ownerUserId,
      ownerName: r.ownerName,
      departmentCode: r.handlingDepartmentCode,
      departmentName: r.departmentName,
      dueResolutionAt: r.dueResolutionAt.toISOString(),
      hoursOverdue: hoursOverdue(r.dueResolutionAt, now),
      escalationLevel: r.escalationLevel,
    })),
    nextCursor: page.nextCursor,
  };
}
