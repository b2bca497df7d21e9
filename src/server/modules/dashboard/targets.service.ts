import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { assertInScope, inScope, pathWithin } from '../../core/access/policy.ts';
import { decodeCursor, encodeCursor } from '../../core/pagination.ts';
import type { Db } from '../../core/db/client.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { createCase } from '../cases/cases.service.ts';
import { caseCode } from '../cases/cases.rules.ts';
import { metricByChild, metricValue } from './metric-values.ts';
import * as repo from './targets.repo.ts';
import { canManageTarget, canSeeTarget } from './targets.policy.ts';
import {
  aggregationOf,
  childTargetValue,
  compareByUrgency,
  elapsedShare,
  sheetText,
  targetErrors,
  targetStatus,
  targetWindow,
  type TargetStatus,
} from './targets.rules.ts';
import type {
  CreateTargetInput,
  IssueSheetInput,
  IssuedSheetDto,
  LaggardsDto,
  TargetsQueryInput,
  UpdateTargetInput,
  VersionInput,
} from './targets.schema.ts';
import type { LaggardDto, TargetDto } from '../../../shared/dashboard.ts';

const DEFAULT_LIMIT = 20;
/** Rows read per round while a status filter (computed, not stored) skips non-matching targets. */
const SCAN_BATCH = 100;

const invalid = (field: string, zh: string, en: string): AppError =>
  new AppError('validation_failed', [{ field, reason: { zh, en } }]);

interface Reading {
  actual: number | null;
  progress: number | null;
  status: TargetStatus;
  asOf: string;
  elapsed: number;
}

/** The target's reading for an area (its own, or a child's with the child's share of the value). */
async function readTarget(
  db: Db,
  row: Pick<repo.TargetRow, 'metric' | 'startDay' | 'dueDay' | 'targetValue'>,
  areaPath: string,
  today: string,
): Promise<Reading> {
  const def = METRICS[row.metric];
  const aggregation = aggregationOf(def);
  const window = targetWindow(aggregation, row, today);
  const actual =
    window.from <= window.to ? (await metricValue(db, row.metric, { areaPath, ...window })).value : null;
  const status = targetStatus({
    actual,
    targetValue: row.targetValue,
    higherIsBetter: def.higherIsBetter,
    aggregation,
    startDay: row.startDay,
    dueDay: row.dueDay,
    today,
  });
  return { actual, ...status, asOf: window.asOf, elapsed: elapsedShare(row, today) };
}

function present(
  row: repo.TargetRow,
  area: repo.AreaBrief | undefined,
  reading: Reading,
  sheets: repo.OpenSheetRow[],
  canEdit: boolean,
): TargetDto {
  return {
    id: row.id,
    metric: row.metric,
    area: area
      ? { id: area.id, name: area.name, path: area.path, level: area.level }
      : { id: row.areaId, name: '', path: row.areaPath, level: '' },
    title: row.title,
    startDay: row.startDay,
    dueDay: row.dueDay,
    targetValue: row.targetValue,
    actual: reading.actual,
    progress: reading.progress,
    status: reading.status,
    openSheets: sheets
      .filter((s) => s.targetId === row.id && s.areaId !== null)
      .map((s) => ({ caseId: s.caseId, number: s.number, areaId: s.areaId as string })),
    canEdit,
    note: row.note,
    active: row.active,
    version: row.version,
    asOf: reading.asOf,
    elapsed: reading.elapsed,
  };
}

async function presentMany(ctx: ServiceContext, rows: repo.TargetRow[], today: string): Promise<TargetDto[]> {
  const [areaMap, sheets] = await Promise.all([
    repo.areasByIds(
      ctx.db,
      rows.map((r) => r.areaId),
    ),
    repo.openSheetsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
  ]);
  const out: TargetDto[] = [];
  // One reading at a time: PGlite has one connection, and a page is at most 100 targets.
  for (const row of rows) {
    const reading = await readTarget(ctx.db, row, row.areaPath, today);
    out.push(present(row, areaMap.get(row.areaId), reading, sheets, canManageTarget(ctx.actor, row)));
  }
  return out;
}

/** The target if the actor sees it, else 404 (missing and out of scope alike). */
async function visibleTarget(ctx: ServiceContext, id: string): Promise<repo.TargetRow> {
  const row = await repo.findTarget(ctx.db, id);
  if (!row || !canSeeTarget(ctx.actor, row)) throw new AppError('not_found');
  return row;
}

/** The target if the actor may manage it: 404 when unseen, 403 when seen but not theirs to manage. */
async function managedTarget(ctx: ServiceContext, id: string): Promise<repo.TargetRow> {
  const row = await visibleTarget(ctx, id);
  if (!canManageTarget(ctx.actor, row)) throw new AppError('forbidden');
  return row;
}

/** An area named in a body: in the actor's scope, else a 400 naming the field (as createCase does). */
async function areaForWrite(ctx: ServiceContext, areaId: string): Promise<repo.AreaBrief> {
  const area = await repo.findArea(ctx.db, areaId);
  if (!area || !inScope(ctx.actor, area.path)) throw invalid('areaId', '区域不存在', 'no such area');
  return area;
}

function checkTarget(input: {
  metric: string;
  title: string;
  startDay: string;
  dueDay: string;
  targetValue: number;
}): void {
  const errors = targetErrors(input);
  if (errors.length > 0) throw new AppError('validation_failed', errors);
}

const auditImage = (row: repo.TargetRow) => ({
  metric: row.metric,
  areaPath: row.areaPath,
  title: row.title,
  startDay: row.startDay,
  dueDay: row.dueDay,
  targetValue: row.targetValue,
  note: row.note,
  active: row.active,
});

// ── reading ──────────────────────────────────────────────────────────────────

export async function listTargets(
  ctx: ServiceContext,
  query: TargetsQueryInput,
  now = new Date(),
): Promise<{ items: TargetDto[]; nextCursor: string | null }> {
  const today = reportingDay(now);
  let areaPath: string | undefined;
  if (query.areaId !== undefined) {
    const area = await repo.findArea(ctx.db, query.areaId);
    if (!area) throw new AppError('not_found');
    assertInScope(ctx.actor, area.path);
    areaPath = area.path;
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  let after: { dueDay: string; id: string } | undefined;
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor);
    if (typeof c.sortValue !== 'string') throw invalid('cursor', '分页游标无效', 'is not a valid cursor');
    after = { dueDay: c.sortValue, id: c.id };
  }
  const filter = {
    scopePath: ctx.actor.scopePath,
    areaPath,
    metric: query.metric,
    includeInactive: query.includeInactive ?? false,
  };
  // Status is computed, so a status filter reads batches in key order until the page is full.
  const items: TargetDto[] = [];
  let more = false;
  for (;;) {
    const batchSize = query.status === undefined ? limit + 1 : SCAN_BATCH;
    const rows = await repo.listTargets(ctx.db, { ...filter, after, limit: batchSize });
    const presented = await presentMany(ctx, rows, today);
    for (const dto of presented) {
      if (query.status !== undefined && dto.status !== query.status) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(dto);
    }
    const last = rows.at(-1);
    if (more || rows.length < batchSize || !last) break;
    after = { dueDay: last.dueDay, id: last.id };
  }
  const last = items.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last.dueDay, last.id) : null };
}

export async function getTarget(ctx: ServiceContext, id: string, now = new Date()): Promise<TargetDto> {
  const row = await visibleTarget(ctx, id);
  const [dto] = await presentMany(ctx, [row], reportingDay(now));
  if (!dto) throw new AppError('not_found');
  return dto;
}

/**
 * The target's child areas, each read for the same metric and window against its share of the value,
 * laggards first, with the sheet already open for each.
 */
export async function targetLaggards(
  ctx: ServiceContext,
  id: string,
  now = new Date(),
): Promise<LaggardsDto> {
  const today = reportingDay(now);
  const row = await visibleTarget(ctx, id);
  const [target] = await presentMany(ctx, [row], today);
  if (!target) throw new AppError('not_found');
  const parent = await repo.findArea(ctx.db, row.areaId);
  const children = parent ? await repo.childAreas(ctx.db, parent.id) : [];
  const def = METRICS[row.metric];
  const aggregation = aggregationOf(def);
  const window = targetWindow(aggregation, row, today);
  const readings =
    parent && children.length > 0 && window.from <= window.to
      ? await metricByChild(ctx.db, row.metric, {
          areaPath: parent.path,
          childDepth: parent.depth + 1,
          from: window.from,
          to: window.to,
        })
      : new Map<string, { value: number | null }>();
  const value = childTargetValue(def, row.targetValue, children.length);
  const sheets = await repo.openSheetsOf(ctx.db, [row.id]);
  const sheetByPath = new Map(sheets.map((s) => [s.areaPath, s]));
  const items: (LaggardDto & { name: string })[] = children.map((child) => {
    const actual = readings.get(child.path)?.value ?? null;
    const status = targetStatus({
      actual,
      targetValue: value,
      higherIsBetter: def.higherIsBetter,
      aggregation,
      startDay: row.startDay,
      dueDay: row.dueDay,
      today,
    });
    const sheet = sheetByPath.get(child.path);
    return {
      name: child.name,
      area: { id: child.id, name: child.name, path: child.path, level: child.level },
      actual,
      ...status,
      sheet: sheet ? { caseId: sheet.caseId, number: sheet.number } : null,
      targetValue: value,
    };
  });
  items.sort(compareByUrgency);
  return {
    target,
    items: items.map(({ name: _name, ...rest }) => rest),
    canIssue: canManageTarget(ctx.actor, row) && row.active,
  };
}

// ── writing ──────────────────────────────────────────────────────────────────

export async function createTarget(
  ctx: ServiceContext,
  input: CreateTargetInput,
  now = new Date(),
): Promise<TargetDto> {
  checkTarget(input);
  const area = await areaForWrite(ctx, input.areaId);
  const id = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertTarget(tx, {
      metric: input.metric,
      areaId: area.id,
      areaPath: area.path,
      title: input.title.trim(),
      startDay: input.startDay,
      dueDay: input.dueDay,
      targetValue: input.targetValue,
      note: input.note?.trim() || null,
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'target.create',
      entityType: 'target',
      entityId: row.id,
      areaPath: row.areaPath,
      after: auditImage(row),
    });
    return row.id;
  });
  return getTarget(ctx, id, now);
}

export async function updateTarget(
  ctx: ServiceContext,
  id: string,
  input: UpdateTargetInput,
  now = new Date(),
): Promise<TargetDto> {
  const before = await managedTarget(ctx, id);
  const area = input.areaId !== undefined ? await areaForWrite(ctx, input.areaId) : undefined;
  const next = {
    metric: input.metric ?? before.metric,
    title: input.title ?? before.title,
    startDay: input.startDay ?? before.startDay,
    dueDay: input.dueDay ?? before.dueDay,
    targetValue: input.targetValue ?? before.targetValue,
  };
  checkTarget(next);
  await ctx.db.transaction(async (tx) => {
    const after = await repo.updateTargetAtVersion(tx, id, input.version, {
      ...next,
      title: next.title.trim(),
      ...(area ? { areaId: area.id, areaPath: area.path } : {}),
      ...(input.note !== undefined ? { note: input.note?.trim() || null } : {}),
    });
    if (!after) throw new AppError('stale');
    await recordAudit(tx, ctx.who, {
      action: 'target.update',
      entityType: 'target',
      entityId: id,
      areaPath: after.areaPath,
      before: auditImage(before),
      after: auditImage(after),
    });
  });
  return getTarget(ctx, id, now);
}

/** Deactivates (hides from the default list, no new sheets) or reactivates a target; audited. */
export async function setTargetActive(
  ctx: ServiceContext,
  id: string,
  active: boolean,
  input: VersionInput,
  now = new Date(),
): Promise<TargetDto> {
  const before = await managedTarget(ctx, id);
  if (before.active !== active) {
    await ctx.db.transaction(async (tx) => {
      const after = await repo.updateTargetAtVersion(tx, id, input.version ?? before.version, { active });
      if (!after) throw new AppError('stale');
      await recordAudit(tx, ctx.who, {
        action: active ? 'target.activate' : 'target.deactivate',
        entityType: 'target',
        entityId: id,
        areaPath: after.areaPath,
        before: { active: before.active },
        after: { active: after.active },
      });
    });
  }
  return getTarget(ctx, id, now);
}

/**
 * Issues a progress supervision sheet (进度督促单) for the target to an area at or under the target's
 * area: a case of type progress_supervision filed through the cases service (SLA clocks, timeline,
 * notifications, audit as for any case), at the area's path, routed to the area's own unit (its
 * office's department; else the type's default, the command office). One open sheet per target and
 * area: the target row is locked while looking, and an open one is returned (`created: false`).
 */
export async function issueSheet(
  ctx: ServiceContext,
  id: string,
  input: IssueSheetInput,
  now = new Date(),
): Promise<IssuedSheetDto> {
  const target = await managedTarget(ctx, id);
  if (!target.active)
    throw new AppError('conflict', [
      { field: 'id', reason: { zh: '目标已停用', en: 'the target is deactivated' } },
    ]);
  const area = await repo.findArea(ctx.db, input.areaId);
  if (!area) throw new AppError('not_found');
  assertInScope(ctx.actor, area.path);
  if (!pathWithin(area.path, target.areaPath))
    throw invalid('areaId', '该区域不在目标区域内', 'is not within the target’s area');

  const existing = await repo.openSheetFor(ctx.db, id, area.path);
  if (existing) return issued(false, existing, area);

  const today = reportingDay(now);
  const def = METRICS[target.metric];
  const siblings = area.path === target.areaPath ? 1 : await siblingCount(ctx.db, target, area);
  const value = childTargetValue(def, target.targetValue, siblings);
  const reading = await readTarget(ctx.db, { ...target, targetValue: value }, area.path, today);
  const departmentCode = await repo.departmentOfArea(ctx.db, area.path);
  const text = sheetText({
    targetTitle: target.title,
    areaName: area.name,
    metricName: def.name.zh,
    unit: def.unit,
    targetValue: value,
    actual: reading.actual,
    progress: reading.progress,
    status: reading.status,
    asOf: reading.asOf,
    dueDay: target.dueDay,
  });
  return ctx.db.transaction(async (tx) => {
    // Serialises two taps on the same target (a retried phone request): the second finds the first's sheet.
    await repo.lockTarget(tx, id);
    const raced = await repo.openSheetFor(tx, id, area.path);
    if (raced) return issued(false, raced, area);
    const sheet = await createCase(
      { ...ctx, db: tx },
      {
        typeCode: repo.PROGRESS_SHEET_TYPE,
        title: text.title,
        description: text.description,
        areaId: area.id,
        priority: reading.status === 'missed' ? 'urgent' : 'normal',
        fields: {
          target: target.title.slice(0, 200),
          [repo.SHEET_TARGET_FIELD]: target.id,
          metric: `${def.name.zh}（${target.metric}）`.slice(0, 100),
          target_value: value,
          ...(reading.actual !== null ? { actual_value: reading.actual } : {}),
          due_day: target.dueDay,
        },
      },
      departmentCode ? { departmentCode } : {},
    );
    return issued(
      true,
      { id: sheet.id, number: sheet.number, handlingDepartmentCode: sheet.handlingDepartmentCode },
      area,
    );
  });
}

/** Children of the target's area: a total's share is split between them (childTargetValue). */
async function siblingCount(db: Db, target: repo.TargetRow, area: repo.AreaBrief): Promise<number> {
  const children = await repo.childAreas(db, target.areaId);
  // A deeper area (a grid under a town's target) is held to its share of the child it lies in.
  return children.some((c) => pathWithin(area.path, c.path)) ? children.length : 1;
}

function issued(
  created: boolean,
  sheet: { id: string; number: number; handlingDepartmentCode: string | null },
  area: { id: string; path: string },
): IssuedSheetDto {
  return {
    created,
    sheet: {
      caseId: sheet.id,
      number: sheet.number,
      code: caseCode(sheet.number),
      areaId: area.id,
      areaPath: area.path,
      departmentCode: sheet.handlingDepartmentCode,
    },
  };
}
