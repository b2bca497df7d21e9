import { breathe } from '../../core/event-loop.ts';
import type { Db } from '../../core/db/client.ts';
import { AppError } from '../../core/errors.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../core/audit/audit.ts';
import { ROLE_PERMISSIONS } from '../../core/access/roles.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import {
  reportingDay,
  type RecordSubjectKind,
  type RuleAction,
  type RuleCondition,
} from '../../../shared/record-forms.ts';
import type { Localised } from '../../../shared/form-fields.ts';
import { notify } from '../notifications/notify.ts';
import { loadCalendar, recordFirstResponse, startCaseClocks } from '../sla/sla.service.ts';
import { workingHoursBetween } from '../sla/sla.rules.ts';
import * as casesRepo from '../cases/cases.repo.ts';
import * as typesRepo from '../cases/case-types.repo.ts';
import { caseTypeView } from '../cases/case-types.service.ts';
import { handlingDepartmentFor } from '../cases/case-types.rules.ts';
import { caseCode, regionCodeOf } from '../cases/cases.rules.ts';
import type { StoredRecord } from './records.contract.ts';
import * as repo from './record-rules.repo.ts';
import type { RecordRuleHitRow, RecordRuleRow, SubjectBrief } from './record-rules.repo.ts';
import {
  actionErrors,
  addDays,
  clears,
  conditionErrors,
  evaluateCondition,
  hitTitle,
  SAME_DAY_CASE_TYPES,
  sameDayDue,
} from './record-rules.rules.ts';
import type {
  CreateRecordRuleInput,
  RecordRuleDto,
  RuleHitDto,
  RuleHitQueryInput,
  UpdateRecordRuleInput,
} from './record-rules.schema.ts';

/** The name the missed-days sweep runs under in core/jobs. */
export const RECORD_RULES_SWEEP_JOB = 'record-rules-missed-days';

const SYSTEM_NAME = '系统';
/** Kind of the in-app alert a rule sends (users may mute it like any other kind). */
export const RECORD_ALERT_KIND = 'record_alert';

/** Roles that work cases: the ones told about an unowned case routed to their department. */
const HANDLER_ROLES = Object.entries(ROLE_PERMISSIONS)
  .filter(([role, permissions]) => role !== 'admin' && permissions.includes('cases:handle'))
  .map(([role]) => role);

// ── acting on a hit ───────────────────────────────────────────────────────────

/** Everything a fresh hit needs to act: its rule, its subject, and what made it hold. */
interface HitContext {
  hit: RecordRuleHitRow;
  rule: RecordRuleRow;
  subjectKind: RecordSubjectKind;
  subject: SubjectBrief | undefined;
  /** The value that made the condition hold (absent for silence and retried hits). */
  observed?: unknown;
  /** The record that made it hold (absent for silence). */
  record?: { recordId: string; day: string; formKey: string };
}

function formatObserved(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.map(String).join('、');
  return String(value);
}

function titleOf(ctx: HitContext): Localised {
  const condition = ctx.rule.condition;
  return hitTitle(ctx.rule.action.title, {
    subject: ctx.subject?.name ?? '',
    item: ctx.hit.conditionKey,
    value: formatObserved(ctx.observed),
    day: ctx.record?.day ?? ctx.hit.conditionKey,
    days: condition.kind === 'missed_days' ? condition.days : '',
    field: condition.kind === 'missed_days' ? '' : condition.field,
  });
}

function descriptionOf(ctx: HitContext): string {
  const rule = `规则「${ctx.rule.name.zh}」`;
  if (ctx.record)
    return `${rule}根据 ${ctx.record.day} 的日报记录（${ctx.record.formKey}，记录号 ${ctx.record.recordId}）自动生成。`;
  if (ctx.rule.condition.kind === 'missed_days')
    return `${rule}：自 ${ctx.hit.conditionKey} 起连续 ${ctx.rule.condition.days} 天以上未报送，自动生成。`;
  return `${rule}自动生成（${ctx.hit.conditionKey}）。`;
}

/** Who owns a rule's case at once: an enterprise's primary liaison (first ask), else the area's grid worker. */
async function ownerFor(
  db: Db,
  ctx: HitContext,
  caseType: string,
): Promise<{ userId: string; as: string } | null> {
  if (ctx.subjectKind === 'org') {
    const liaison = await casesRepo.primaryLiaisonUserId(db, ctx.hit.subjectId);
    if (liaison) return { userId: liaison, as: 'liaison' };
    // An enterprise problem without a liaison goes to its department, as a staff-filed one does.
    if (caseType === 'enterprise_problem') return null;
  }
  const [worker] = await repo.gridWorkerUserIds(db, ctx.hit.areaPath);
  return worker ? { userId: worker, as: 'grid_worker' } : null;
}

/**
 * Opens the case of an open_case hit with the system as its author (no human filed it), the way
 * createCase would — first ask, clocks, notifications, audit — but inside the caller's transaction and
 * without an actor's scope or submitter checks. Same-day types are due at the close of the working day.
 */
async function openRuleCase(
  db: Db,
  ctx: HitContext,
  action: Extract<RuleAction, { kind: 'open_case' }>,
  title: Localised,
  now: Date,
): Promise<{ id: string; code: string }> {
  const typeRow = await typesRepo.findCaseTypeByCode(db, action.caseType);
  if (!typeRow || !typeRow.active) throw new Error(`case type ${action.caseType} is missing or inactive`);
  const type = caseTypeView(typeRow);
  const category =
    action.category !== undefined && type.categories.some((c) => c.code === action.category)
      ? action.category
      : null;
  const departmentCode = handlingDepartmentFor(type, category);
  const areaPath = ctx.hit.areaPath;
  const owner = await ownerFor(db, ctx, type.code);
  const row = await casesRepo.insertCase(db, {
    regionCode: regionCodeOf(areaPath),
    typeId: type.id,
    typeCode: type.code,
    category,
    status: owner ? 'accepted' : 'submitted',
    title: title.zh,
    description: descriptionOf(ctx),
    fields: {},
    subjectOrgId: ctx.subjectKind === 'org' ? ctx.hit.subjectId : null,
    subjectPersonId: ctx.subjectKind === 'person' ? ctx.hit.subjectId : null,
    areaPath,
    source: 'record_rule',
    requesterName: SYSTEM_NAME,
    handlingDepartmentCode: departmentCode,
    ownerUserId: owner?.userId ?? null,
    acceptedAt: owner ? now : null,
    createdAt: now,
    updatedAt: now,
  });
  const link = {
    ruleId: ctx.rule.id,
    ruleKey: ctx.rule.key,
    hitId: ctx.hit.id,
    conditionKey: ctx.hit.conditionKey,
    recordId: ctx.record?.recordId ?? null,
  };
  await casesRepo.appendCaseEvent(db, {
    caseId: row.id,
    actorUserId: null,
    actorName: SYSTEM_NAME,
    kind: 'created',
    visibility: 'public',
    toStatus: 'submitted',
    body: descriptionOf(ctx),
    data: { source: 'record_rule', ...link },
    at: now,
  });
  let sla = type.sla;
  if (SAME_DAY_CASE_TYPES.includes(type.code)) {
    const calendar = await loadCalendar(db);
    const due = sameDayDue(now, calendar);
    const hours =
      sla.basis === 'working'
        ? workingHoursBetween(now, due, calendar)
        : (due.getTime() - now.getTime()) / 3_600_000;
    if (hours > 0) sla = { ...sla, resolutionHours: hours };
  }
  await startCaseClocks(db, { caseId: row.id, sla, startAt: now });
  const code = caseCode(row.number);
  if (owner) {
    await casesRepo.appendCaseEvent(db, {
      caseId: row.id,
      actorUserId: null,
      actorName: null,
      kind: 'accepted',
      visibility: 'public',
      fromStatus: 'submitted',
      toStatus: 'accepted',
      data: { ownerUserId: owner.userId, firstAsk: owner.as },
      at: now,
    });
    await recordFirstResponse(db, row.id, now);
    await notify(db, {
      userIds: [owner.userId],
      kind: 'case_assigned',
      caseId: row.id,
      title: `${code} ${title.zh}`,
      body: `${type.name.zh}${ctx.subject ? ` · ${ctx.subject.name}` : ''}`,
    });
  } else if (departmentCode !== null) {
    const recipients = await casesRepo.departmentUsersCovering(db, departmentCode, areaPath, HANDLER_ROLES);
    await notify(db, {
      userIds: recipients,
      kind: 'case_submitted',
      caseId: row.id,
      title: `${code} 待受理：${title.zh}`,
      body: `${type.name.zh}${ctx.subject ? ` · ${ctx.subject.name}` : ''}`,
    });
  }
  await recordAudit(db, SYSTEM_ACTOR, {
    action: 'case.create',
    entityType: 'case',
    entityId: row.id,
    areaPath,
    after: {
      typeCode: type.code,
      category,
      status: row.status,
      title: row.title,
      subjectOrgId: row.subjectOrgId,
      subjectPersonId: row.subjectPersonId,
      ownerUserId: row.ownerUserId,
      handlingDepartmentCode: departmentCode,
      source: 'record_rule',
      ...link,
    },
  });
  await repo.setHitCase(db, ctx.hit.id, row.id);
  return { id: row.id, code };
}

/** The staff in charge of an area: its grid workers, else the town and community staff over it. */
async function staffInCharge(db: Db, areaPath: string): Promise<string[]> {
  const workers = await repo.gridWorkerUserIds(db, areaPath);
  return workers.length > 0 ? workers : repo.areaStaffUserIds(db, areaPath);
}

async function act(db: Db, ctx: HitContext, now: Date): Promise<void> {
  const action = ctx.rule.action;
  const title = titleOf(ctx);
  const opened = action.kind === 'open_case' ? await openRuleCase(db, ctx, action, title, now) : undefined;
  if (action.kind === 'alert' || action.alert === true) {
    await notify(db, {
      userIds: await staffInCharge(db, ctx.hit.areaPath),
      kind: RECORD_ALERT_KIND,
      caseId: opened?.id ?? null,
      title: opened ? `${opened.code} ${title.zh}` : title.zh,
      body: descriptionOf(ctx),
      areaPath: ctx.hit.areaPath,
    });
  }
}

/**
 * Acts on each fresh hit in a savepoint of its own: a hit whose case cannot open (a case type switched
 * off) must not fail the records that raised it. Such a hit stays open without a case, and the sweep
 * tries its case again.
 */
async function actOnEach(db: Db, contexts: readonly HitContext[], now: Date): Promise<number> {
  let acted = 0;
  for (const ctx of contexts) {
    try {
      await db.transaction((sp) => act(sp, ctx, now));
      acted += 1;
    } catch {
      // Left for the sweep's retry (hitsAwaitingCase); the records themselves are kept.
    }
  }
  return acted;
}

async function namesOf(
  db: Db,
  wanted: readonly { kind: RecordSubjectKind; id: string }[],
): Promise<Map<string, SubjectBrief>> {
  const byKind = new Map<RecordSubjectKind, Set<string>>();
  for (const w of wanted) {
    const set = byKind.get(w.kind) ?? new Set<string>();
    set.add(w.id);
    byKind.set(w.kind, set);
  }
  const names = new Map<string, SubjectBrief>();
  for (const [kind, ids] of byKind) {
    for (const [id, brief] of await repo.subjectBriefs(db, kind, [...ids])) names.set(id, brief);
  }
  return names;
}

// ── records → hits ────────────────────────────────────────────────────────────

interface Candidate {
  id: string;
  rule: RecordRuleRow;
  record: StoredRecord;
  key: string;
  observed: unknown;
  /** Fired and ended within the same batch: stored already cleared, it still acts once. */
  clearedInBatch: boolean;
}

type OpenState = Map<string, { hitId: string } | { candidate: Candidate }>;

/**
 * Runs the active rules of the records' forms on freshly stored records (in the caller's transaction).
 * One query finds the rules; with none on these forms nothing else runs. Otherwise one query reads the
 * subjects' open hits, the batch is replayed in day order (ending hits, raising new ones), and new hits
 * are inserted against the partial unique index: only the rows actually inserted act, so a condition
 * fires once however many records (or concurrent batches) meet it.
 */
export async function applyRecordRules(db: Db, stored: readonly StoredRecord[], now: Date): Promise<void> {
  if (stored.length === 0) return;
  const rules = await repo.activeRulesForForms(db, [...new Set(stored.map((r) => r.formKey))]);
  if (rules.length === 0) return;
  const rulesByForm = new Map<string, RecordRuleRow[]>();
  for (const rule of rules) rulesByForm.set(rule.formKey, [...(rulesByForm.get(rule.formKey) ?? []), rule]);
  const records = stored
    .filter((r) => rulesByForm.has(r.formKey))
    .sort((a, b) => a.day.localeCompare(b.day) || a.observedAt.getTime() - b.observedAt.getTime());

  const open = new Map<string, OpenState>();
  const stateOf = (ruleId: string, subjectId: string): OpenState => {
    const key = `${ruleId}|${subjectId}`;
    let state = open.get(key);
    if (!state) {
      state = new Map();
      open.set(key, state);
    }
    return state;
  };
  const existing = await repo.openHitsOf(
    db,
    rules.map((r) => r.id),
    [...new Set(records.map((r) => r.subjectId))],
  );
  for (const hit of existing) stateOf(hit.ruleId, hit.subjectId).set(hit.conditionKey, { hitId: hit.id });

  const toClear: string[] = [];
  const candidates: Candidate[] = [];
  for (const record of records) {
    for (const rule of rulesByForm.get(record.formKey) ?? []) {
      const state = stateOf(rule.id, record.subjectId);
      for (const key of clears(rule.condition, record, [...state.keys()])) {
        const entry = state.get(key);
        state.delete(key);
        if (entry && 'hitId' in entry) toClear.push(entry.hitId);
        else if (entry) entry.candidate.clearedInBatch = true;
      }
      for (const match of evaluateCondition(rule.condition, record)) {
        if (state.has(match.key)) continue;
        const candidate: Candidate = {
          id: crypto.randomUUID(),
          rule,
          record,
          key: match.key,
          observed: match.observed,
          clearedInBatch: false,
        };
        candidates.push(candidate);
        state.set(match.key, { candidate });
      }
    }
  }

  await repo.clearHits(db, toClear, now);
  if (candidates.length === 0) return;
  const inserted = await repo.insertHits(
    db,
    candidates.map((c) => ({
      id: c.id,
      ruleId: c.rule.id,
      subjectId: c.record.subjectId,
      conditionKey: c.key,
      areaPath: c.record.areaPath,
      firstRecordId: c.record.recordId,
      firedAt: now,
      clearedAt: c.clearedInBatch ? now : null,
    })),
  );
  if (inserted.length === 0) return;
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const fresh = inserted.flatMap((hit) => {
    const c = byId.get(hit.id);
    return c ? [{ hit, c }] : [];
  });
  const names = await namesOf(
    db,
    fresh.map(({ c }) => ({ kind: c.record.subjectKind, id: c.record.subjectId })),
  );
  await actOnEach(
    db,
    fresh.map(({ hit, c }) => ({
      hit,
      rule: c.rule,
      subjectKind: c.record.subjectKind,
      subject: names.get(c.record.subjectId),
      observed: c.observed,
      record: { recordId: c.record.recordId, day: c.record.day, formKey: c.record.formKey },
    })),
    now,
  );
}

// ── silence → hits ────────────────────────────────────────────────────────────

/** How far back the sweep looks for a silent subject's last record. */
const LOOKBACK_DAYS = 60;
/** Cases the sweep opens per transaction, and at most per run (the rest wait for the next run). */
const CASE_BATCH = 50;
const CASES_PER_RUN = 5_000;
/** A hit whose case has not opened within this time is given up on. */
const RETRY_CASES_FOR_MS = 7 * 86_400_000;

/**
 * Fires missed_days rules: every subject expected to report the form (the form's expectation) with no
 * current record for the rule's last N days gets one hit per silence run, found and inserted by one
 * set-based statement per rule; runs that ended (a record came, or the subject is no longer expected)
 * are cleared first. Then the cases of fresh hits (and of hits whose case failed to open) are opened,
 * in batches.
 */
export async function sweepMissedReports(db: Db, now: Date): Promise<{ fired: number; cases: number }> {
  const today = reportingDay(now);
  const yesterday = addDays(today, -1);
  const rules = await repo.activeMissedDaysRules(db);
  let fired = 0;
  for (const rule of rules) {
    const condition = rule.condition as Extract<RuleCondition, { kind: 'missed_days' }>;
    const form = await repo.currentForm(db, rule.formKey);
    if (!form?.expectation) continue;
    const set = form.expectation.subjects;
    const windowStart = addDays(today, -condition.days);
    // Silence is news only while others still report the form: when nobody in the city has for the
    // whole window (the campaign ended, an outage, a historical demo city), no one is singled out.
    if (!(await repo.formReportedSince(db, rule.formKey, windowStart))) continue;
    const fresh = await db.transaction(async (tx) => {
      await repo.clearEndedSilences(tx, { ruleId: rule.id, formKey: rule.formKey, set, yesterday, at: now });
      const hits = await repo.insertSilenceHits(tx, {
        ruleId: rule.id,
        formKey: rule.formKey,
        set,
        windowStart,
        yesterday,
        today,
        lookbackStart: addDays(windowStart, -LOOKBACK_DAYS),
        at: now,
      });
      // Alert-only rules act here; cases open below, in batches, so a large first run commits its hits first.
      if (rule.action.kind === 'alert') {
        const names = await namesOf(
          tx,
          hits.map((h) => ({ kind: form.subjectKind, id: h.subjectId })),
        );
        await actOnEach(
          tx,
          hits.map((hit) => ({
            hit,
            rule,
            subjectKind: form.subjectKind,
            subject: names.get(hit.subjectId),
          })),
          now,
        );
      }
      return hits.length;
    });
    fired += fresh;
  }
  return { fired, cases: await openAwaitedCases(db, now) };
}

/** Opens the cases of open hits that have none yet: fresh silence hits, and hits whose case failed. */
async function openAwaitedCases(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - RETRY_CASES_FOR_MS);
  const failed = new Set<string>();
  const kinds = new Map<string, RecordSubjectKind | null>();
  let opened = 0;
  while (opened < CASES_PER_RUN) {
    const batch = await db.transaction(async (tx) => {
      const rows = (await repo.hitsAwaitingCase(tx, since, CASE_BATCH + failed.size)).filter(
        (r) => !failed.has(r.hit.id),
      );
      const pending = rows.slice(0, CASE_BATCH);
      for (const { rule } of pending) {
        if (!kinds.has(rule.formKey))
          kinds.set(rule.formKey, (await repo.currentForm(tx, rule.formKey))?.subjectKind ?? null);
      }
      const contexts: HitContext[] = [];
      for (const { hit, rule } of pending) {
        const kind = kinds.get(rule.formKey);
        if (kind) contexts.push({ hit, rule, subjectKind: kind, subject: undefined });
        else failed.add(hit.id);
      }
      const names = await namesOf(
        tx,
        contexts.map((c) => ({ kind: c.subjectKind, id: c.hit.subjectId })),
      );
      let count = 0;
      for (const ctx of contexts) {
        ctx.subject = names.get(ctx.hit.subjectId);
        if ((await actOnEach(tx, [ctx], now)) === 1) count += 1;
        else failed.add(ctx.hit.id);
      }
      return { count, seen: pending.length };
    });
    opened += batch.count;
    if (batch.seen < CASE_BATCH) break;
    // On PGlite the batches would otherwise hold the one connection back to back.
    await breathe();
  }
  return opened;
}

// ── rules as data: the administrators' routes ────────────────────────────────

function presentRule(row: RecordRuleRow & { openHits?: number }): RecordRuleDto {
  return {
    id: row.id,
    key: row.key,
    formKey: row.formKey,
    name: row.name,
    condition: row.condition,
    action: row.action,
    active: row.active,
    openHits: row.openHits ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** 400 naming the field when the condition does not fit the form's current version or the action its case type. */
async function checkRule(
  db: Db,
  formKey: string,
  condition: RuleCondition,
  action: RuleAction,
): Promise<void> {
  const form = await repo.currentForm(db, formKey);
  if (!form)
    throw new AppError('validation_failed', [
      { field: 'formKey', reason: { zh: '没有这个表单', en: 'no such form' } },
    ]);
  const typeRow =
    action.kind === 'open_case' ? await typesRepo.findCaseTypeByCode(db, action.caseType) : undefined;
  const errors = [
    ...conditionErrors(condition, form.fields, form.expectation !== null),
    ...actionErrors(action, typeRow?.active ? caseTypeView(typeRow) : undefined),
  ];
  if (errors.length > 0) throw new AppError('validation_failed', errors);
}

export async function listRules(ctx: ServiceContext): Promise<{ items: RecordRuleDto[] }> {
  return { items: (await repo.listRules(ctx.db)).map(presentRule) };
}

export async function createRule(ctx: ServiceContext, input: CreateRecordRuleInput): Promise<RecordRuleDto> {
  const condition = input.condition as RuleCondition;
  const action = input.action as RuleAction;
  await checkRule(ctx.db, input.formKey, condition, action);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertRule(tx, {
      key: input.key,
      formKey: input.formKey,
      name: input.name,
      condition,
      action,
      active: input.active ?? true,
    });
    if (!row)
      throw new AppError('conflict', [
        { field: 'key', reason: { zh: '已有同名规则', en: 'a rule with this key exists' } },
      ]);
    await recordAudit(tx, ctx.who, {
      action: 'record_rule.create',
      entityType: 'record_rule',
      entityId: row.id,
      after: { key: row.key, formKey: row.formKey, condition, action, active: row.active },
    });
    return presentRule(row);
  });
}

/**
 * Changes a rule. A changed condition or a switched-off rule clears its open hits: they were raised
 * under the old terms, and the rule starts afresh (it may fire again on the next record).
 */
export async function updateRule(
  ctx: ServiceContext,
  id: string,
  input: UpdateRecordRuleInput,
): Promise<RecordRuleDto> {
  const now = new Date();
  return ctx.db.transaction(async (tx) => {
    const before = await repo.lockRule(tx, id);
    if (!before) throw new AppError('not_found');
    const condition = (input.condition as RuleCondition | undefined) ?? before.condition;
    const action = (input.action as RuleAction | undefined) ?? before.action;
    if (input.condition !== undefined || input.action !== undefined)
      await checkRule(tx, before.formKey, condition, action);
    const updated = await repo.updateRule(
      tx,
      id,
      {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.condition !== undefined ? { condition } : {}),
        ...(input.action !== undefined ? { action } : {}),
        ...(input.active !== undefined ? { active: input.active } : {}),
      },
      now,
    );
    if (!updated) throw new AppError('not_found');
    const conditionChanged = JSON.stringify(before.condition) !== JSON.stringify(updated.condition);
    const cleared =
      conditionChanged || (before.active && !updated.active) ? await repo.clearHitsOfRule(tx, id, now) : 0;
    await recordAudit(tx, ctx.who, {
      action: 'record_rule.update',
      entityType: 'record_rule',
      entityId: id,
      before: {
        name: before.name,
        condition: before.condition,
        action: before.action,
        active: before.active,
      },
      after: {
        name: updated.name,
        condition: updated.condition,
        action: updated.action,
        active: updated.active,
        clearedHits: cleared,
      },
    });
    return presentRule(updated);
  });
}

export async function listHits(
  ctx: ServiceContext,
  query: RuleHitQueryInput,
): Promise<{ items: RuleHitDto[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const afterAt = after && typeof after.sortValue === 'string' ? new Date(after.sortValue) : undefined;
  if (after && (!afterAt || Number.isNaN(afterAt.getTime())))
    throw new AppError('validation_failed', [
      { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
    ]);
  const rows = await repo.listHits(
    ctx.db,
    { scopePath: ctx.actor.scopePath, open: query.open, ruleId: query.ruleId },
    { limit: limit + 1, after: after && afterAt ? { firedAt: afterAt, id: after.id } : undefined },
  );
  const page = pageOf(rows, limit, (r) => [r.hit.firedAt.toISOString(), r.hit.id]);
  return {
    items: page.items.map((r) => ({
      id: r.hit.id,
      rule: { id: r.hit.ruleId, key: r.ruleKey, name: r.ruleName },
      formKey: r.formKey,
      subject: {
        kind: (r.subjectKind as RecordSubjectKind | null) ?? null,
        id: r.hit.subjectId,
        name: r.subjectName ?? '',
      },
      conditionKey: r.hit.conditionKey,
      areaPath: r.hit.areaPath,
      areaName: r.areaName,
      firstRecordId: r.hit.firstRecordId,
      case:
        r.hit.caseId !== null && r.caseNumber !== null
          ? { id: r.hit.caseId, code: caseCode(r.caseNumber), status: r.caseStatus ?? '' }
          : null,
      open: r.hit.clearedAt === null,
      firedAt: r.hit.firedAt.toISOString(),
      clearedAt: r.hit.clearedAt ? r.hit.clearedAt.toISOString() : null,
    })),
    nextCursor: page.nextCursor,
  };
}
