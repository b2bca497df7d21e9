import type { Db } from '../../core/db/client.ts';
import { AppError, type LocalisedFieldError } from '../../core/errors.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import type { Actor } from '../../core/access/policy.ts';
import type { AreaLevel } from '../../../shared/areas.ts';
import * as repo from './areas.repo.ts';
import type { AreaRow, AreaWithChildren } from './areas.repo.ts';
import { allowedActions, canManage, canRestructure, canSee, visibleRoots } from './areas.policy.ts';
import { ancestorPaths, checkMove, checkPlacement, childPath, kindError } from './areas.rules.ts';
import { AREA_KINDS } from '../../../shared/areas.ts';
import type { AreaDto, CreateAreaInput, UpdateAreaInput } from './areas.schema.ts';

export interface AreaContext {
  db: Db;
  actor: Actor;
  who: AuditActor;
}

export function present(actor: Actor, row: AreaWithChildren): AreaDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level as AreaLevel,
    kind: row.kind,
    parentId: row.parentId,
    path: row.path,
    depth: row.depth,
    active: row.active,
    sortOrder: row.sortOrder,
    version: row.version,
    childCount: row.childCount,
    updatedAt: row.updatedAt.toISOString(),
    can: allowedActions(actor, row),
  };
}

const auditView = (row: AreaRow) => ({
  code: row.code,
  name: row.name,
  level: row.level,
  kind: row.kind,
  path: row.path,
  parentId: row.parentId,
  active: row.active,
  sortOrder: row.sortOrder,
});

/** Loads an area the actor may see; anything else is "not found", whether it exists or not. */
async function load(db: Db, actor: Actor, id: string): Promise<AreaWithChildren> {
  const row = await repo.findById(db, id);
  if (!row || !canSee(actor, row)) throw new AppError('not_found');
  return row;
}

function invalid(error: LocalisedFieldError): AppError {
  return new AppError('validation_failed', [error]);
}

function stale(current: number): AppError {
  return new AppError('conflict', [
    {
      field: 'version',
      reason: {
        zh: `该区域已被他人修改（当前版本 ${current}），请刷新后重试`,
        en: `the area was changed by someone else (now version ${current}); reload and try again`,
      },
    },
  ]);
}

function duplicateCode(code: string): AppError {
  return new AppError('conflict', [
    {
      field: 'code',
      reason: {
        zh: `同一上级下已有编码为 ${code} 的区域`,
        en: `an area with code ${code} already exists under this parent`,
      },
    },
  ]);
}

export async function listChildren(ctx: AreaContext, parentId: string | undefined, includeInactive: boolean) {
  if (parentId === undefined) {
    const rows = await repo.listChildren(ctx.db, { roots: visibleRoots(ctx.actor) }, includeInactive);
    return { items: rows.map((r) => present(ctx.actor, r)) };
  }
  await load(ctx.db, ctx.actor, parentId);
  const rows = await repo.listChildren(ctx.db, { parentId }, includeInactive);
  return { items: rows.map((r) => present(ctx.actor, r)) };
}

export async function getDetail(ctx: AreaContext, id: string) {
  const row = await load(ctx.db, ctx.actor, id);
  const ancestors = (await repo.findByPaths(ctx.db, ancestorPaths(row.path))).filter((a) =>
    canSee(ctx.actor, a),
  );
  const counts = await repo.countDescendantsByLevel(ctx.db, row.path);
  return {
    area: present(ctx.actor, row),
    ancestors: ancestors.map((a) => ({ id: a.id, name: a.name, level: a.level as AreaLevel })),
    counts: { town: counts.town, community: counts.community, grid: counts.grid, place: counts.place },
  };
}

export async function getSubtree(ctx: AreaContext, id: string, maxDepth: number, includeInactive: boolean) {
  const root = await load(ctx.db, ctx.actor, id);
  const rows = await repo.listSubtree(ctx.db, root, maxDepth, includeInactive);
  return { items: rows.map((r) => present(ctx.actor, r)) };
}

export async function search(
  ctx: AreaContext,
  query: { q: string; level?: AreaLevel; limit?: number; cursor?: string },
) {
  const limit = query.limit ?? 20;
  const rows = await repo.search(ctx.db, {
    q: query.q.trim(),
    level: query.level,
    scopePath: ctx.actor.scopePath,
    limit: limit + 1,
    afterPath: query.cursor,
  });
  const page = rows.slice(0, limit);
  const ancestors = await repo.findByPaths(ctx.db, [...new Set(page.flatMap((r) => ancestorPaths(r.path)))]);
  const byPath = new Map(ancestors.map((a) => [a.path, a]));
  return {
    items: page.map((r) => ({
      ...present(ctx.actor, r),
      ancestors: ancestorPaths(r.path)
        .map((p) => byPath.get(p))
        .filter((a): a is AreaRow => a !== undefined && canSee(ctx.actor, a))
        .map((a) => ({ id: a.id, name: a.name })),
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.path ?? null) : null,
  };
}

export async function create(ctx: AreaContext, input: CreateAreaInput): Promise<AreaDto> {
  const parent = await load(ctx.db, ctx.actor, input.parentId);
  if (!canManage(ctx.actor, parent)) throw new AppError('forbidden');
  if (!parent.active) {
    throw invalid({
      field: 'parentId',
      reason: { zh: '上级区域已停用', en: 'the parent area is deactivated' },
    });
  }
  const placement = checkPlacement(parent.level as AreaLevel, input.level, input.kind);
  if (placement) throw invalid(placement);
  const path = childPath(parent.path, input.code);
  return ctx.db.transaction(async (tx) => {
    if (await repo.existsPath(tx, path)) throw duplicateCode(input.code);
    const [row] = await repo.insertAreas(tx, [
      {
        code: input.code,
        name: input.name.trim(),
        level: input.level,
        kind: input.kind,
        parentId: parent.id,
        path,
        depth: parent.depth + 1,
        sortOrder: input.sortOrder ?? 0,
      },
    ]);
    if (!row) throw new Error('insert returned no row');
    await recordAudit(tx, ctx.who, {
      action: 'area.create',
      entityType: 'area',
      entityId: row.id,
      areaPath: row.path,
      after: auditView(row),
    });
    return present(ctx.actor, { ...row, childCount: 0 });
  });
}

export async function update(ctx: AreaContext, id: string, input: UpdateAreaInput): Promise<AreaDto> {
  const current = await load(ctx.db, ctx.actor, id);
  if (!canManage(ctx.actor, current)) throw new AppError('forbidden');
  if (input.kind !== undefined && !AREA_KINDS[current.level as AreaLevel].includes(input.kind)) {
    throw invalid(kindError(current.level as AreaLevel));
  }
  return ctx.db.transaction(async (tx) => {
    const row = await repo.updateAtVersion(tx, id, input.version, {
      name: input.name?.trim(),
      kind: input.kind,
      sortOrder: input.sortOrder,
    });
    if (!row) throw stale(current.version);
    await recordAudit(tx, ctx.who, {
      action: 'area.update',
      entityType: 'area',
      entityId: id,
      areaPath: row.path,
      before: auditView(current),
      after: auditView(row),
    });
    return present(ctx.actor, { ...row, childCount: current.childCount });
  });
}

export async function move(ctx: AreaContext, id: string, input: { version: number; newParentId: string }) {
  const area = await load(ctx.db, ctx.actor, id);
  if (!canRestructure(ctx.actor, area)) throw new AppError('forbidden');
  const newParent = await load(ctx.db, ctx.actor, input.newParentId);
  if (!canManage(ctx.actor, newParent)) throw new AppError('forbidden');
  const problem = checkMove(
    { path: area.path, level: area.level as AreaLevel },
    { path: newParent.path, level: newParent.level as AreaLevel },
  );
  if (problem) throw invalid(problem);
  if (newParent.id === area.parentId) return present(ctx.actor, area);
  const newPath = childPath(newParent.path, area.code);
  return ctx.db.transaction(async (tx) => {
    if (await repo.existsPath(tx, newPath)) throw duplicateCode(area.code);
    const moved = await repo.updateAtVersion(tx, id, input.version, { parentId: newParent.id });
    if (!moved) throw stale(area.version);
    const count = await repo.rewriteSubtreePaths(tx, area.path, newPath);
    await recordAudit(tx, ctx.who, {
      action: 'area.move',
      entityType: 'area',
      entityId: id,
      areaPath: newPath,
      before: { path: area.path, parentId: area.parentId },
      after: { path: newPath, parentId: newParent.id, subtreeRows: count },
    });
    const row = await repo.findById(tx, id);
    if (!row) throw new Error('moved area vanished');
    return present(ctx.actor, row);
  });
}

export async function setActive(ctx: AreaContext, id: string, version: number, active: boolean) {
  const area = await load(ctx.db, ctx.actor, id);
  if (!canRestructure(ctx.actor, area)) throw new AppError('forbidden');
  if (active && area.parentId) {
    const parent = await repo.findById(ctx.db, area.parentId);
    if (parent && !parent.active) {
      throw invalid({
        field: 'id',
        reason: { zh: '请先启用上级区域', en: 'reactivate the parent area first' },
      });
    }
  }
  return ctx.db.transaction(async (tx) => {
    // Claims the version first, so two people toggling at once cannot both pass.
    if (!(await repo.updateAtVersion(tx, id, version, {}))) throw stale(area.version);
    const count = await repo.setSubtreeActive(tx, area.path, active);
    await recordAudit(tx, ctx.who, {
      action: active ? 'area.reactivate' : 'area.deactivate',
      entityType: 'area',
      entityId: id,
      areaPath: area.path,
      before: { active: area.active },
      after: { active, subtreeRows: count },
    });
    const row = await repo.findById(tx, id);
    if (!row) throw new Error('area vanished');
    return present(ctx.actor, row);
  });
}
