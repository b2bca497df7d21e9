import { AppError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { assertInScope } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { Db } from '../../core/db/client.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { findAreaRef, findByPaths, type AreaRow } from '../areas/areas.repo.ts';
import { notify } from '../notifications/notify.ts';
import * as repo from './compliance.repo.ts';
import {
  SUBJECT_KIND_OF,
  daysBetween,
  dayRangeError,
  rate,
  reminderMessage,
  remindersByUser,
  rollUpToChildren,
  type Tally,
} from './compliance.rules.ts';
import type {
  ComplianceQueryInput,
  ComplianceSummaryDto,
  MissingPageDto,
  MissingQueryInput,
  RatesDto,
  RatesQueryInput,
  ReminderInput,
  ReminderResultDto,
} from './compliance.schema.ts';

/** The notification kind of a reminder (users may mute it like any other kind). */
export const REMINDER_KIND = 'record_reminder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Root {
  path: string | null;
  /** The area row asked about; null = everywhere. */
  area: { id: string; name: string; path: string } | null;
}

/** The area asked about (in scope, else 404), or the actor's own area. */
async function rootOf(ctx: ServiceContext, areaId: string | undefined): Promise<Root> {
  if (areaId !== undefined) {
    const area = await findAreaRef(ctx.db, areaId);
    if (!area) throw new AppError('not_found');
    assertInScope(ctx.actor, area.path);
    return { path: area.path, area: { id: area.id, name: area.name, path: area.path } };
  }
  const path = ctx.actor.scopePath;
  if (path === null) return { path: null, area: null };
  const [area] = await findByPaths(ctx.db, [path]);
  return { path, area: area ? { id: area.id, name: area.name, path: area.path } : null };
}

type FormWithExpectation = repo.ExpectationForm & {
  expectation: NonNullable<repo.ExpectationForm['expectation']>;
};

function hasExpectation(form: repo.ExpectationForm): form is FormWithExpectation {
  return form.expectation !== null;
}

/** The current version of a form that has an expectation; otherwise 400 naming formKey. */
async function expectedForm(db: Db, formKey: string): Promise<FormWithExpectation> {
  const form = (await repo.currentForms(db)).find((f) => f.key === formKey);
  if (!form) {
    throw new AppError('validation_failed', [
      { field: 'formKey', reason: { zh: '没有这个表单', en: 'is not an active form' } },
    ]);
  }
  if (!hasExpectation(form)) {
    throw new AppError('validation_failed', [
      {
        field: 'formKey',
        reason: { zh: '该表单没有应报要求（按事发填报）', en: 'has no reporting expectation' },
      },
    ]);
  }
  return form;
}

const perDayOf = (form: FormWithExpectation): number => Math.max(1, form.expectation.perDay);

const counts = (t: Tally) => ({ ...t, rate: rate(t.expected, t.reported) });

/** Child areas by path, in the tree's own order (sort order, then code). */
async function areasOf(db: Db, paths: string[]): Promise<AreaRow[]> {
  const found = await findByPaths(db, paths);
  return found.sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
}

// ── the board ────────────────────────────────────────────────────────────────

export async function complianceSummary(
  ctx: ServiceContext,
  query: ComplianceQueryInput,
  now = new Date(),
): Promise<ComplianceSummaryDto> {
  const root = await rootOf(ctx, query.areaId);
  const forms = (await repo.currentForms(ctx.db)).filter(hasExpectation);
  // Without a day: today, or — when nothing has been reported yet today (before the first report, a
  // campaign over, the 2020 demo city) — the latest day anyone reported, so the board opens on news.
  const today = reportingDay(now);
  const day =
    query.day ??
    (await repo.latestRecordDay(
      ctx.db,
      forms.map((f) => f.key),
      today,
    )) ??
    today;
  const out: ComplianceSummaryDto['forms'] = [];
  for (const form of forms) {
    const perDay = perDayOf(form);
    const rows = await repo.countsByArea(ctx.db, {
      set: form.expectation.subjects,
      formKey: form.key,
      day,
      perDay,
      rootPath: root.path,
    });
    const { byChild, total } = rollUpToChildren(rows, root.path);
    const children = await areasOf(ctx.db, [...byChild.keys()]);
    out.push({
      formKey: form.key,
      formName: form.name,
      subjects: form.expectation.subjects,
      subjectKind: SUBJECT_KIND_OF[form.expectation.subjects],
      perDay,
      ...counts(total),
      areas: children.map((a) => ({
        areaId: a.id,
        areaName: a.name,
        areaPath: a.path,
        ...counts(byChild.get(a.path) ?? { expected: 0, reported: 0, partly: 0 }),
      })),
    });
  }
  return { day, area: root.area, forms: out };
}

// ── the not-yet-reported list ────────────────────────────────────────────────

function cursorOf(cursor: string): { areaPath: string; id: string } {
  const { sortValue, id } = decodeCursor(cursor);
  if (typeof sortValue !== 'string' || !UUID.test(id)) {
    throw new AppError('validation_failed', [
      { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
    ]);
  }
  return { areaPath: sortValue, id };
}

export async function missingList(
  ctx: ServiceContext,
  query: MissingQueryInput,
  now = new Date(),
): Promise<MissingPageDto> {
  const form = await expectedForm(ctx.db, query.formKey);
  const day = query.day ?? reportingDay(now);
  const limit = query.limit ?? 50;
  const after = query.cursor ? cursorOf(query.cursor) : undefined;
  const root = await rootOf(ctx, query.areaId);
  const perDay = perDayOf(form);
  const rows = await repo.missingPage(ctx.db, {
    set: form.expectation.subjects,
    formKey: form.key,
    day,
    perDay,
    rootPath: root.path,
    q: query.q,
    after,
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [r.areaPath, r.subjectId]);
  const kind = SUBJECT_KIND_OF[form.expectation.subjects];
  return {
    formKey: form.key,
    day,
    items: page.items.map((r) => ({
      subject: { kind, id: r.subjectId, name: r.name },
      areaName: r.areaName,
      areaPath: r.areaPath,
      reportedCount: r.reportedCount,
      perDay,
      lastReportedDay: r.lastReportedDay,
      remindedAt: r.remindedAt,
    })),
    nextCursor: page.nextCursor,
  };
}

// ── reminders ────────────────────────────────────────────────────────────────

/**
 * Reminds whoever answers for each subject still missing: inserts one record_reminders row per
 * subject, form and day (a second click finds them and sends nothing), then one inbox message per
 * user listing their subjects. One audit entry per click.
 */
export async function sendReminders(
  ctx: ServiceContext,
  body: ReminderInput,
  now = new Date(),
): Promise<ReminderResultDto> {
  if (body.subjectIds === undefined && body.areaId === undefined) {
    throw new AppError('validation_failed', [
      {
        field: 'subjectIds',
        reason: { zh: '请选择催报对象或区域', en: 'give the subjects or an area (areaId)' },
      },
    ]);
  }
  if (body.day > reportingDay(now)) {
    throw new AppError('validation_failed', [
      { field: 'day', reason: { zh: '不能催报未来的日期', en: 'must not be in the future' } },
    ]);
  }
  const form = await expectedForm(ctx.db, body.formKey);
  const root = await rootOf(ctx, body.areaId);
  const subjectKind = SUBJECT_KIND_OF[form.expectation.subjects];
  return ctx.db.transaction(async (tx) => {
    const { inserted, missing } = await repo.insertReminders(tx, {
      set: form.expectation.subjects,
      subjectKind,
      formKey: form.key,
      day: body.day,
      perDay: perDayOf(form),
      rootPath: root.path,
      subjectIds: body.subjectIds,
      sentBy: ctx.actor.id,
    });
    const recipients = await repo.reminderRecipients(tx, subjectKind, inserted);
    const names = new Map(inserted.map((s) => [s.subjectId, s.name]));
    const byUser = remindersByUser(
      recipients.map((r) => ({ ...r, subjectName: names.get(r.subjectId) ?? '' })),
    );
    for (const [userId, subjectNames] of byUser) {
      await notify(tx, {
        userIds: [userId],
        kind: REMINDER_KIND,
        ...reminderMessage(form.name.zh, body.day, subjectNames),
      });
    }
    const result: ReminderResultDto = {
      sent: inserted.length,
      alreadySent: missing - inserted.length,
      skipped: body.subjectIds ? body.subjectIds.length - missing : 0,
      notifiedUsers: byUser.size,
    };
    await recordAudit(tx, ctx.who, {
      action: 'record_reminder.send',
      entityType: 'record_reminder',
      entityId: `${form.key}:${body.day}`,
      areaPath: root.path,
      after: {
        formKey: form.key,
        day: body.day,
        areaId: body.areaId ?? null,
        ...result,
        // The first subjects only: an area-wide click may remind thousands.
        subjectIds: inserted.slice(0, 100).map((s) => s.subjectId),
      },
    });
    return result;
  });
}

// ── rates over days ──────────────────────────────────────────────────────────

export async function rates(ctx: ServiceContext, query: RatesQueryInput): Promise<RatesDto> {
  const problem = dayRangeError(query.from, query.to);
  if (problem) throw new AppError('validation_failed', [problem]);
  const form = await expectedForm(ctx.db, query.formKey);
  const root = await rootOf(ctx, query.areaId);
  const perDay = perDayOf(form);
  const rows = await repo.countsByAreaAndDay(ctx.db, {
    set: form.expectation.subjects,
    formKey: form.key,
    from: query.from,
    to: query.to,
    perDay,
    rootPath: root.path,
  });
  const days = daysBetween(query.from, query.to);
  const perDayRows = new Map<string, typeof rows>(days.map((d) => [d, []]));
  for (const row of rows) perDayRows.get(row.day)?.push(row);
  const rolled = days.map((day) => ({ day, ...rollUpToChildren(perDayRows.get(day) ?? [], root.path) }));
  const childPaths = new Set(rolled.flatMap((r) => [...r.byChild.keys()]));
  const children = await areasOf(ctx.db, [...childPaths]);
  return {
    formKey: form.key,
    perDay,
    from: query.from,
    to: query.to,
    area: root.area,
    items: rolled.flatMap(({ day, byChild }) =>
      children
        .filter((a) => byChild.has(a.path))
        .map((a) => ({
          day,
          areaId: a.id,
          areaName: a.name,
          ...counts(byChild.get(a.path) ?? { expected: 0, reported: 0, partly: 0 }),
        })),
    ),
    totals: rolled.map(({ day, total }) => ({ day, ...counts(total) })),
  };
}
