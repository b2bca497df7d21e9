import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { assertInScope, inScope } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import * as repo from './screenings.repo.ts';
import type {
  CreateScreeningInput,
  EndScreeningInput,
  ScreeningDto,
  ScreeningPageDto,
  ScreeningsQueryInput,
} from './screenings.schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toDto(row: repo.ScreeningListRow, today: string): ScreeningDto {
  return {
    id: row.id,
    person: { id: row.personId, name: row.personName },
    areaPath: row.areaPath,
    areaName: row.areaName,
    fromDay: row.fromDay,
    untilDay: row.untilDay,
    reason: row.reason,
    active: row.fromDay <= today && (row.untilDay === null || row.untilDay >= today),
    createdBy: row.createdBy ? { id: row.createdBy, name: row.createdByName } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listScreenings(
  ctx: ServiceContext,
  query: ScreeningsQueryInput,
  now = new Date(),
): Promise<ScreeningPageDto> {
  const today = reportingDay(now);
  const limit = query.limit ?? 50;
  let rootPath = ctx.actor.scopePath;
  if (query.areaId !== undefined) {
    const area = await findAreaRef(ctx.db, query.areaId);
    if (!area) throw new AppError('not_found');
    assertInScope(ctx.actor, area.path);
    rootPath = area.path;
  }
  let after: { fromDay: string; id: string } | undefined;
  if (query.cursor) {
    const { sortValue, id } = decodeCursor(query.cursor);
    if (typeof sortValue !== 'string' || !UUID.test(id)) {
      throw new AppError('validation_failed', [
        { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
      ]);
    }
    after = { fromDay: sortValue, id };
  }
  const rows = await repo.listScreenings(ctx.db, {
    rootPath,
    today,
    active: query.active,
    q: query.q,
    after,
    limit,
  });
  const page = pageOf(rows, limit, (r) => [r.fromDay, r.id]);
  return { items: page.items.map((r) => toDto(r, today)), nextCursor: page.nextCursor };
}

/**
 * Puts a person in scope under daily screening from fromDay (until untilDay, or until ended).
 * A person has at most one screening on any day: an overlapping one is a 409, checked with the
 * person's row locked so two concurrent requests cannot both pass.
 */
export async function createScreening(
  ctx: ServiceContext,
  body: CreateScreeningInput,
  now = new Date(),
): Promise<ScreeningDto> {
  const untilDay = body.untilDay ?? null;
  if (untilDay !== null && untilDay < body.fromDay) {
    throw new AppError('validation_failed', [
      { field: 'untilDay', reason: { zh: '结束日期不能早于开始日期', en: 'must not be before fromDay' } },
    ]);
  }
  const reason = body.reason.trim();
  if (reason === '') {
    throw new AppError('validation_failed', [{ field: 'reason', reason: { zh: '必填', en: 'is required' } }]);
  }
  const id = await ctx.db.transaction(async (tx) => {
    const person = await repo.lockPerson(tx, body.personId);
    if (!person || !inScope(ctx.actor, person.areaPath)) throw new AppError('not_found');
    const overlapping = await repo.findOverlapping(tx, person.id, body.fromDay, untilDay);
    if (overlapping) {
      throw new AppError('conflict', [
        {
          field: 'fromDay',
          reason: {
            zh: `该人员已在排摸中（${overlapping.fromDay} 起${overlapping.untilDay ? `至 ${overlapping.untilDay}` : ''}）`,
            en: `the person is already under screening (from ${overlapping.fromDay}${overlapping.untilDay ? ` until ${overlapping.untilDay}` : ''})`,
          },
        },
      ]);
    }
    const saved = await repo.insertScreening(tx, {
      personId: person.id,
      areaPath: person.areaPath,
      fromDay: body.fromDay,
      untilDay,
      reason,
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'screening.create',
      entityType: 'screening',
      entityId: saved.id,
      areaPath: saved.areaPath,
      after: { personId: saved.personId, fromDay: saved.fromDay, untilDay: saved.untilDay, reason },
    });
    return saved.id;
  });
  return viewOf(ctx, id, now);
}

/**
 * Ends a screening on untilDay (inclusive). Ending may shorten a planned period but not lengthen it,
 * nor end it before it began.
 */
export async function endScreening(
  ctx: ServiceContext,
  id: string,
  body: EndScreeningInput,
  now = new Date(),
): Promise<ScreeningDto> {
  const untilDay = body.untilDay ?? reportingDay(now);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.lockScreening(tx, id);
    if (!row) throw new AppError('not_found');
    assertInScope(ctx.actor, row.areaPath);
    if (untilDay < row.fromDay) {
      throw new AppError('validation_failed', [
        {
          field: 'untilDay',
          reason: { zh: '结束日期不能早于开始日期', en: 'must not be before the screening’s fromDay' },
        },
      ]);
    }
    if (row.untilDay !== null && untilDay > row.untilDay) {
      throw new AppError('conflict', [
        {
          field: 'untilDay',
          reason: {
            zh: `该排摸已于 ${row.untilDay} 结束`,
            en: `the screening already ends on ${row.untilDay}`,
          },
        },
      ]);
    }
    const saved = await repo.setUntilDay(tx, id, untilDay);
    await recordAudit(tx, ctx.who, {
      action: 'screening.end',
      entityType: 'screening',
      entityId: id,
      areaPath: row.areaPath,
      before: { untilDay: row.untilDay },
      after: { untilDay: saved.untilDay },
    });
  });
  return viewOf(ctx, id, now);
}

async function viewOf(ctx: ServiceContext, id: string, now: Date): Promise<ScreeningDto> {
  const row = await repo.findScreeningView(ctx.db, id);
  if (!row) throw new AppError('not_found');
  return toDto(row, reportingDay(now));
}
