import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import type { FastifyReply } from 'fastify';
import { can, pathWithin, type Actor } from '../../core/access/policy.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Db } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/path-sql.ts';
import { AppError, fieldError, notFound, type Locale } from '../../core/errors.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { sendTable, type ExportColumn } from '../../core/spreadsheet/export.ts';
import type { FileStore } from '../../core/storage/file-store.ts';
import { attachmentFileError } from '../cases/case-work.rules.ts';
import type { FieldError, FieldSpec } from '../../../shared/form-fields.ts';
import type { RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { applyRecordRules } from './record-rules.service.ts';
import type { StoredRecord } from './records.contract.ts';
import { ensureRecordPartitions } from './records.partitions.ts';
import { channelOf, mayReadRecord, mayRecordFor, maySeeSubject } from './records.policy.ts';
import * as repo from './records.repo.ts';
import {
  channelError,
  currentVersions,
  formSpecErrors,
  normaliseValues,
  observation,
  pickFormVersion,
  recordValueErrors,
} from './records.rules.ts';
import type {
  BatchInput,
  BatchResultDto,
  CorrectionInput,
  CreateFormInput,
  FormDtoType,
  NewFormVersionInput,
  RecordDtoType,
  RecordExportInput,
  RecordQueryInput,
  SubjectQueryInput,
  SubmitRecordInput,
} from './records.schema.ts';

// ---------- presenting ----------

export function presentForm(row: repo.FormRow): FormDtoType {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name,
    description: row.description ?? null,
    subjectKind: row.subjectKind,
    fields: row.fields,
    expectation: row.expectation ?? null,
    healthData: row.healthData,
    retentionDays: row.retentionDays,
    retentionAction: row.retentionAction,
    offline: row.offline,
    channels: row.channels as RecordChannel[],
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

function presentRecord(
  ctx: { actor: Actor | null },
  row: repo.RecordView,
  reason: string | null = null,
): RecordDtoType {
  const subject = { kind: row.subjectKind, id: row.subjectId, areaPath: row.areaPath };
  return {
    id: row.id,
    recordId: row.recordId,
    revision: row.revision,
    current: row.current,
    day: row.day,
    formKey: row.formKey,
    formVersion: row.formVersion,
    formName: row.formName ?? { zh: row.formKey, en: row.formKey },
    subject: { kind: row.subjectKind, id: row.subjectId, name: row.subjectName },
    areaPath: row.areaPath,
    areaName: row.areaName,
    observedAt: row.observedAt.toISOString(),
    values: row.values,
    channel: row.channel,
    submittedBy:
      row.submittedBy && row.submittedByName ? { id: row.submittedBy, name: row.submittedByName } : null,
    createdAt: row.createdAt.toISOString(),
    anonymised: row.anonymisedAt !== null,
    reason,
    can: {
      correct:
        row.current && row.anonymisedAt === null && ctx.actor !== null && mayRecordFor(ctx.actor, subject),
    },
  };
}

// ---------- submitting ----------

type ItemOutcome =
  | { status: 'invalid'; errors: FieldError[] }
  | { status: 'not_found' }
  | { status: 'ready'; row: repo.NewRecordRow };

/**
 * Checks a batch of submissions against their forms and subjects with a fixed number of queries: one
 * for the forms named, one per subject kind. Each item comes back ready to insert or with why not.
 */
async function prepare(
  db: Db,
  items: readonly SubmitRecordInput[],
  channel: RecordChannel,
  submittedBy: string | null,
  now: Date,
  // The public channel has no actor: its caller has checked the subject (the resident's own record).
  checkSubject: (subject: { kind: RecordSubjectKind; id: string; areaPath: string }) => boolean,
): Promise<ItemOutcome[]> {
  const forms = await repo.findFormVersions(db, [...new Set(items.map((i) => i.formKey))]);
  const idsByKind = new Map<RecordSubjectKind, Set<string>>();
  for (const item of items) {
    const set = idsByKind.get(item.subject.kind) ?? new Set<string>();
    set.add(item.subject.id);
    idsByKind.set(item.subject.kind, set);
  }
  const paths = new Map<RecordSubjectKind, Map<string, string>>();
  for (const [kind, ids] of idsByKind) paths.set(kind, await repo.findSubjectPaths(db, kind, [...ids]));

  return items.map((item): ItemOutcome => {
    const picked = pickFormVersion(forms, item.formKey, item.formVersion);
    if ('error' in picked) return { status: 'invalid', errors: [picked.error] };
    const { form } = picked;
    const errors: FieldError[] = [];
    const when = observation(item.observedAt, now);
    if ('error' in when) errors.push(when.error);
    const wrongChannel = channelError(form, channel);
    if (wrongChannel) errors.push(wrongChannel);
    if (item.subject.kind !== form.subjectKind)
      errors.push({
        field: 'subject.kind',
        reason: {
          zh: `此表单的对象应为 ${form.subjectKind}`,
          en: `must be ${form.subjectKind} for this form`,
        },
      });
    errors.push(...recordValueErrors(form, item.values));
    if (errors.length > 0 || 'error' in when) return { status: 'invalid', errors };
    const areaPath = paths.get(item.subject.kind)?.get(item.subject.id);
    if (areaPath === undefined || !checkSubject({ ...item.subject, areaPath }))
      return { status: 'not_found' };
    const id = crypto.randomUUID();
    return {
      status: 'ready',
      row: {
        id,
        day: when.day,
        recordId: id,
        revision: 1,
        formKey: form.key,
        formVersion: form.version,
        subjectKind: item.subject.kind,
        subjectId: item.subject.id,
        areaPath,
        observedAt: when.at,
        values: normaliseValues(form, item.values),
        channel,
        submittedBy,
        clientKey: item.key,
      },
    };
  });
}

const stored = (row: repo.NewRecordRow): StoredRecord => ({
  id: row.id,
  recordId: row.recordId,
  revision: row.revision,
  day: row.day,
  formKey: row.formKey,
  formVersion: row.formVersion,
  subjectKind: row.subjectKind,
  subjectId: row.subjectId,
  areaPath: row.areaPath,
  observedAt: row.observedAt,
  values: row.values,
  channel: row.channel,
  submittedBy: row.submittedBy,
});

/**
 * Stores new records: their months' partitions first (on the root handle, whose cache makes this free
 * after the first batch of a month), then ONE insert that skips replayed keys, and the rules on the rows
 * actually inserted, in the same transaction. Returns the ids inserted.
 */
async function store(rootDb: Db, rows: readonly repo.NewRecordRow[], now: Date): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  await ensureRecordPartitions(rootDb, new Set(rows.map((r) => r.day)));
  return rootDb.transaction(async (tx) => {
    const inserted = await repo.insertRecords(tx, rows);
    const fresh = rows.filter((r) => inserted.has(r.id)).map(stored);
    if (fresh.length > 0) await applyRecordRules(tx, fresh, now);
    return inserted;
  });
}

/** Records in a batch are observations: no audit row each (corrections and form changes are audited). */
export async function submitBatch(
  ctx: ServiceContext,
  input: BatchInput,
  now = new Date(),
): Promise<BatchResultDto> {
  const channel = channelOf(ctx.actor, input.channel);
  const outcomes = await prepare(ctx.db, input.items, channel, ctx.actor.id, now, (s) =>
    mayRecordFor(ctx.actor, s),
  );
  const ready = outcomes.flatMap((o) => (o.status === 'ready' ? [o.row] : []));
  const inserted = await store(ctx.db, ready, now);
  const replays = ready.filter((r) => !inserted.has(r.id));
  const existing = await repo.findByClientKeys(ctx.db, replays);
  const byKey = new Map(existing.map((e) => [`${e.clientKey}|${e.day}`, e]));

  const result: BatchResultDto = { created: 0, duplicates: 0, invalid: 0, notFound: 0, results: [] };
  outcomes.forEach((outcome, index) => {
    const key = input.items[index]?.key ?? '';
    if (outcome.status === 'invalid') {
      result.invalid++;
      result.results.push({ index, key, status: 'invalid', errors: outcome.errors });
    } else if (outcome.status === 'not_found') {
      result.notFound++;
      result.results.push({ index, key, status: 'not_found' });
    } else if (inserted.has(outcome.row.id)) {
      result.created++;
      result.results.push({
        index,
        key,
        status: 'created',
        id: outcome.row.id,
        recordId: outcome.row.recordId,
      });
    } else {
      result.duplicates++;
      const prior = byKey.get(`${outcome.row.clientKey}|${outcome.row.day}`);
      result.results.push({
        index,
        key,
        status: 'duplicate',
        ...(prior ? { id: prior.id, recordId: prior.recordId } : {}),
      });
    }
  });
  return result;
}

/**
 * One record, through the same path as a batch. A replayed key (same day) answers the record it made,
 * now at its current revision, with `replayed: true` — never a second row.
 */
export async function submitRecord(
  ctx: ServiceContext,
  input: SubmitRecordInput,
  now = new Date(),
): Promise<{ created: boolean; record: RecordDtoType }> {
  const channel = channelOf(ctx.actor, undefined);
  return submitOne(ctx, input, channel, ctx.actor.id, now, (s) => mayRecordFor(ctx.actor, s));
}

/** Shared with the public channel (a resident's own record, checked by its caller). */
export async function submitOne(
  ctx: { db: Db; actor: Actor | null },
  input: SubmitRecordInput,
  channel: RecordChannel,
  submittedBy: string | null,
  now: Date,
  checkSubject: (subject: { kind: RecordSubjectKind; id: string; areaPath: string }) => boolean,
): Promise<{ created: boolean; record: RecordDtoType }> {
  const [outcome] = await prepare(ctx.db, [input], channel, submittedBy, now, checkSubject);
  if (!outcome || outcome.status === 'not_found') throw notFound();
  if (outcome.status === 'invalid') throw new AppError('validation_failed', outcome.errors);
  const inserted = await store(ctx.db, [outcome.row], now);
  if (inserted.has(outcome.row.id)) {
    const view = await repo.findRowView(ctx.db, outcome.row.id, outcome.row.day);
    if (!view) throw new Error('stored record not found');
    return { created: true, record: presentRecord(ctx, view) };
  }
  const [prior] = await repo.findByClientKeys(ctx.db, [outcome.row]);
  const revisions = prior ? await repo.findRevisionViews(ctx.db, prior.recordId) : [];
  const current = revisions.find((r) => r.current) ?? revisions[0];
  if (!current) throw new AppError('conflict', [keyTaken]);
  return { created: false, record: { ...presentRecord(ctx, current), replayed: true } };
}

const keyTaken: FieldError = {
  field: 'key',
  reason: { zh: '该幂等键已用于另一条记录', en: 'was already used for another record' },
};

// ---------- corrections ----------

/**
 * A correction adds revision n+1 and keeps revision n (current = false), so the earlier values stay
 * readable. The caller names the revision it corrected: a stale one answers 409.
 */
export async function correctRecord(
  ctx: ServiceContext,
  recordId: string,
  input: CorrectionInput,
  now = new Date(),
): Promise<{ created: boolean; record: RecordDtoType }> {
  const outcome = await ctx.db.transaction(async (tx) => {
    const current = await repo.lockCurrentRevision(tx, recordId);
    if (!current) throw notFound();
    const subject = { kind: current.subjectKind, id: current.subjectId, areaPath: current.areaPath };
    if (!maySeeSubject(ctx.actor, subject)) throw notFound();
    if (!mayRecordFor(ctx.actor, subject)) throw new AppError('forbidden');
    const [replay] = await repo.findByClientKeys(tx, [{ clientKey: input.key, day: current.day }]);
    if (replay) {
      if (replay.recordId !== recordId) throw new AppError('conflict', [keyTaken]);
      return { created: false, id: current.id, day: current.day };
    }
    if (current.revision !== input.expectedRevision)
      throw new AppError('stale', [
        {
          field: 'expectedRevision',
          reason: {
            zh: `当前已是第 ${current.revision} 版`,
            en: `the record is at revision ${current.revision}`,
          },
        },
      ]);
    if (current.anonymisedAt)
      throw new AppError('conflict', [
        {
          field: 'recordId',
          reason: { zh: '记录已匿名化，不能更正', en: 'was anonymised and cannot be corrected' },
        },
      ]);
    const [form] = (await repo.findFormVersions(tx, [current.formKey])).filter(
      (f) => f.version === current.formVersion,
    );
    if (!form) throw new Error(`form ${current.formKey} v${current.formVersion} missing`);
    const errors = recordValueErrors(form, input.values);
    if (errors.length > 0) throw new AppError('validation_failed', errors);
    const row: repo.NewRecordRow = {
      id: crypto.randomUUID(),
      day: current.day,
      recordId,
      revision: current.revision + 1,
      formKey: current.formKey,
      formVersion: current.formVersion,
      subjectKind: current.subjectKind,
      subjectId: current.subjectId,
      areaPath: current.areaPath,
      observedAt: current.observedAt,
      values: normaliseValues(form, input.values),
      channel: current.channel,
      submittedBy: ctx.actor.id,
      clientKey: input.key,
    };
    await repo.markSuperseded(tx, current);
    const inserted = await repo.insertRecords(tx, [row]);
    if (!inserted.has(row.id)) throw new AppError('conflict', [keyTaken]);
    await recordAudit(tx, ctx.who, {
      action: 'record.correct',
      entityType: 'record',
      entityId: row.id,
      areaPath: row.areaPath,
      before: { recordId, revision: current.revision, values: current.values },
      after: { recordId, revision: row.revision, values: row.values, reason: input.reason },
    });
    await applyRecordRules(tx, [stored(row)], now);
    return { created: true, id: row.id, day: row.day };
  });
  const view = await repo.findRowView(ctx.db, outcome.id, outcome.day);
  if (!view) throw new Error('stored record not found');
  const reasons = await repo.correctionReasons(ctx.db, [view.id]);
  const record = presentRecord(ctx, view, reasons.get(view.id) ?? null);
  return { created: outcome.created, record: outcome.created ? record : { ...record, replayed: true } };
}

// ---------- reading ----------

async function listFilters(
  ctx: ServiceContext,
  query: RecordExportInput,
): Promise<Omit<repo.RecordFilters, 'limit' | 'after'>> {
  let subtreePath: string | undefined;
  if (query.areaId) {
    subtreePath = await repo.findAreaPath(ctx.db, query.areaId);
    if (!subtreePath) throw fieldError('areaId', '没有这个区域', 'is not an area');
  }
  return {
    scopePath: ctx.actor.role === 'enterprise_user' ? null : ctx.actor.scopePath,
    ...(ctx.actor.role === 'enterprise_user' ? { orgId: ctx.actor.orgId ?? crypto.randomUUID() } : {}),
    subtreePath,
    formKey: query.formKey,
    subjectKind: query.subjectKind,
    subjectId: query.subjectId,
    from: query.from,
    to: query.to,
    q: query.q,
  };
}

export async function listRecords(ctx: ServiceContext, query: RecordQueryInput) {
  const limit = query.limit ?? 50;
  let after: { observedAt: Date; id: string } | undefined;
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const at = typeof cursor.sortValue === 'string' ? new Date(cursor.sortValue) : new Date(NaN);
    if (Number.isNaN(at.getTime())) throw fieldError('cursor', '分页游标无效', 'is not a valid cursor');
    after = { observedAt: at, id: cursor.id };
  }
  const rows = await repo.listRecordViews(ctx.db, {
    ...(await listFilters(ctx, query)),
    after,
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [r.observedAt.toISOString(), r.id]);
  return { items: page.items.map((r) => presentRecord(ctx, r)), nextCursor: page.nextCursor };
}

export async function getRecord(ctx: ServiceContext, recordId: string) {
  const revisions = await repo.findRevisionViews(ctx.db, recordId);
  const current = revisions.find((r) => r.current) ?? revisions[0];
  if (
    !current ||
    !mayReadRecord(ctx.actor, {
      kind: current.subjectKind,
      id: current.subjectId,
      areaPath: current.areaPath,
    })
  )
    throw notFound();
  const reasons = await repo.correctionReasons(
    ctx.db,
    revisions.filter((r) => r.revision > 1).map((r) => r.id),
  );
  const dtos = revisions.map((r) => presentRecord(ctx, r, reasons.get(r.id) ?? null));
  return { record: dtos.find((d) => d.id === current.id) ?? dtos[0]!, revisions: dtos };
}

const EXPORT_LIMIT = 20_000;

const EXPORT_LABELS = {
  zh: {
    file: '记录导出',
    headers: ['日期', '时间', '表单', '版本', '对象', '区域', '提交方式', '提交人', '修订'],
    values: '内容',
    yes: '是',
    no: '否',
    channels: { staff: '工作人员', subject: '企业自报', public: '居民扫码', ingest: '接口' },
  },
  en: {
    file: 'records',
    headers: [
      'Day',
      'Observed at',
      'Form',
      'Version',
      'Subject',
      'Area',
      'Channel',
      'Submitted by',
      'Revision',
    ],
    values: 'Values',
    yes: 'yes',
    no: 'no',
    channels: { staff: 'staff', subject: 'subject', public: 'public', ingest: 'ingest' },
  },
} as const;

function cellOf(value: unknown, spec: FieldSpec | undefined, lang: 'zh' | 'en'): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? EXPORT_LABELS[lang].yes : EXPORT_LABELS[lang].no;
  const label = (v: unknown) => spec?.options?.find((o) => o.value === v)?.label[lang] ?? String(v);
  if (Array.isArray(value))
    return value
      .map((v: unknown) => {
        if (v && typeof v === 'object') {
          const entry = v as { item?: unknown; value?: unknown };
          return `${String(entry.item)}: ${String(entry.value)}`;
        }
        return label(v);
      })
      .join(lang === 'zh' ? '、' : ', ');
  if (typeof value === 'string') return spec?.type === 'select' ? label(value) : value;
  return JSON.stringify(value);
}

/** The filtered list as xlsx: one column per field when one form is asked for, else the values as text. */
export async function exportRecords(
  ctx: ServiceContext,
  query: RecordExportInput,
  reply: FastifyReply,
  locale: Locale,
): Promise<FastifyReply> {
  const lang = locale === 'en-US' ? 'en' : 'zh';
  const l = EXPORT_LABELS[lang];
  const filters = await listFilters(ctx, query);
  const rows = await repo.listRecordViews(ctx.db, { ...filters, limit: EXPORT_LIMIT });
  const columns: ExportColumn<repo.RecordView>[] = [
    { header: l.headers[0], value: (r) => r.day, width: 12 },
    { header: l.headers[1], value: (r) => r.observedAt.toISOString(), width: 22 },
    { header: l.headers[2], value: (r) => r.formName?.[lang] ?? r.formKey, width: 20 },
    { header: l.headers[3], value: (r) => r.formVersion, width: 6 },
    { header: l.headers[4], value: (r) => r.subjectName, width: 24 },
    { header: l.headers[5], value: (r) => r.areaName, width: 16 },
    { header: l.headers[6], value: (r) => l.channels[r.channel], width: 10 },
    { header: l.headers[7], value: (r) => r.submittedByName, width: 14 },
    { header: l.headers[8], value: (r) => r.revision, width: 6 },
  ];
  if (query.formKey) {
    const versions = await repo.findFormVersions(ctx.db, [query.formKey]);
    const specs = new Map<string, FieldSpec>();
    // Newest version first so its labels win; older fields still get a column.
    for (const form of [...versions].reverse())
      for (const f of form.fields) if (!specs.has(f.key)) specs.set(f.key, f);
    for (const spec of specs.values())
      columns.push({ header: spec.label[lang], value: (r) => cellOf(r.values[spec.key], spec, lang) });
  } else {
    columns.push({ header: l.values, value: (r) => JSON.stringify(r.values), width: 60 });
  }
  await recordAudit(ctx.db, ctx.who, {
    action: 'record.export',
    entityType: 'record',
    areaPath: filters.subtreePath ?? ctx.actor.scopePath,
    after: { rows: rows.length, formKey: query.formKey ?? null },
  });
  return sendTable(reply, { format: 'xlsx', fileName: l.file, columns, rows });
}

// ---------- subject pickers ----------

export async function listSubjects(ctx: ServiceContext, query: SubjectQueryInput) {
  const { actor } = ctx;
  if (actor.role === 'enterprise_user' && query.kind !== 'org') return { items: [] };
  if (actor.role === 'volunteer' && query.kind !== 'place') return { items: [] };
  let scopePath = actor.role === 'enterprise_user' ? null : actor.scopePath;
  if (query.areaId) {
    const path = await repo.findAreaPath(ctx.db, query.areaId);
    if (!path) throw fieldError('areaId', '没有这个区域', 'is not an area');
    if (scopePath !== null && !(path === scopePath || path.startsWith(`${scopePath}.`))) return { items: [] };
    scopePath = path;
  }
  const items = await repo.searchSubjects(ctx.db, {
    kind: query.kind,
    scopePath,
    ...(actor.role === 'enterprise_user' ? { orgId: actor.orgId ?? crypto.randomUUID() } : {}),
    q: query.q,
    placeKind: query.placeKind,
    limit: query.limit ?? 20,
  });
  return { items };
}

// ---------- forms ----------

export async function listForms(ctx: Pick<ServiceContext, 'db'>): Promise<{ items: FormDtoType[] }> {
  const rows = await repo.listFormRows(ctx.db);
  return { items: [...currentVersions(rows).values()].map(presentForm) };
}

export async function getForm(ctx: Pick<ServiceContext, 'db'>, key: string): Promise<FormDtoType> {
  const current = currentVersions(await repo.findFormVersions(ctx.db, [key])).get(key);
  if (!current) throw notFound();
  return presentForm(current);
}

export async function listFormVersions(ctx: ServiceContext, key: string): Promise<{ items: FormDtoType[] }> {
  const rows = await repo.findFormVersions(ctx.db, [key]);
  if (rows.length === 0) throw notFound();
  // Inactive forms are the administrator's business.
  if (!rows.some((r) => r.active) && !can(ctx.actor, 'records:admin')) throw notFound();
  return { items: rows.map(presentForm) };
}

export async function createForm(ctx: ServiceContext, input: CreateFormInput): Promise<FormDtoType> {
  const errors = formSpecErrors(input.fields);
  if (errors.length > 0) throw new AppError('validation_failed', errors);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await repo.insertForm(tx, {
        key: input.key,
        version: 1,
        name: input.name,
        description: input.description ?? null,
        subjectKind: input.subjectKind,
        fields: input.fields,
        expectation: input.expectation ?? null,
        healthData: input.healthData ?? false,
        retentionDays: input.retentionDays ?? null,
        retentionAction: input.retentionAction ?? 'anonymise',
        offline: input.offline ?? false,
        channels: input.channels ?? ['staff'],
        active: true,
        createdBy: ctx.actor.id,
      });
      await recordAudit(tx, ctx.who, {
        action: 'record_form.create',
        entityType: 'record_form',
        entityId: row.id,
        after: { key: row.key, version: 1, fields: row.fields.map((f) => f.key) },
      });
      return presentForm(row);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'record_forms_key_version_key'))
      throw new AppError('conflict', [
        { field: 'key', reason: { zh: '已有这个表单代码', en: 'is already a form’s key' } },
      ]);
    throw error;
  }
}

/** Version n+1 of a form; records made under earlier versions keep theirs and stay valid. */
export async function createFormVersion(
  ctx: ServiceContext,
  key: string,
  input: NewFormVersionInput,
): Promise<FormDtoType> {
  const errors = formSpecErrors(input.fields);
  if (errors.length > 0) throw new AppError('validation_failed', errors);
  return ctx.db.transaction(async (tx) => {
    await repo.lockFormKey(tx, key);
    const versions = await repo.findFormVersions(tx, [key]);
    const latest = versions.at(-1);
    if (!latest) throw notFound();
    const row = await repo.insertForm(tx, {
      key,
      version: latest.version + 1,
      name: input.name,
      description: input.description === undefined ? latest.description : input.description,
      subjectKind: latest.subjectKind,
      fields: input.fields,
      expectation: input.expectation === undefined ? latest.expectation : input.expectation,
      healthData: latest.healthData,
      retentionDays: latest.retentionDays,
      retentionAction: latest.retentionAction,
      offline: input.offline ?? latest.offline,
      channels: input.channels ?? latest.channels,
      active: true,
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'record_form.version',
      entityType: 'record_form',
      entityId: row.id,
      before: { version: latest.version, fields: latest.fields.map((f) => f.key) },
      after: { key, version: row.version, fields: row.fields.map((f) => f.key) },
    });
    return presentForm(row);
  });
}

/** Switches a form (every version of its key) on or off; an inactive form takes no new records. */
export async function setFormActive(ctx: ServiceContext, key: string, active: boolean): Promise<FormDtoType> {
  return ctx.db.transaction(async (tx) => {
    const count = await repo.setFormActive(tx, key, active);
    if (count === 0) throw notFound();
    const versions = await repo.findFormVersions(tx, [key]);
    const latest = versions.at(-1);
    if (!latest) throw notFound();
    await recordAudit(tx, ctx.who, {
      action: active ? 'record_form.activate' : 'record_form.deactivate',
      entityType: 'record_form',
      entityId: latest.id,
      after: { key, active },
    });
    return presentForm(latest);
  });
}

// ---------- photos ----------

/**
 * Photos of record forms have no table (yet): the image is stored under its id and a small JSON
 * sidecar beside it says who uploaded it, from which area, and what it is. The photo field of a
 * record holds the id.
 */
interface PhotoSidecar {
  uploadedBy: string;
  scopePath: string | null;
  orgId: string | null;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

const photoKey = (id: string): string => `record-photos/${id.slice(0, 2)}/${id}`;

export async function uploadPhoto(
  ctx: ServiceContext,
  files: FileStore,
  input: { contentType: string; bytes: Uint8Array },
): Promise<{ id: string }> {
  const problem = attachmentFileError(input.contentType, input.bytes);
  if (problem) throw new AppError('validation_failed', [problem]);
  if (!input.contentType.startsWith('image/'))
    throw fieldError('file', '只能上传 JPG 或 PNG 照片', 'only JPEG or PNG photos may be uploaded');
  const id = randomUUID();
  const sidecar: PhotoSidecar = {
    uploadedBy: ctx.actor.id,
    scopePath: ctx.actor.scopePath,
    orgId: ctx.actor.orgId,
    contentType: input.contentType,
    sizeBytes: input.bytes.length,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    createdAt: new Date().toISOString(),
  };
  await files.putFile(photoKey(id), input.bytes);
  await files.putFile(`${photoKey(id)}.json`, Buffer.from(JSON.stringify(sidecar)));
  return { id };
}

async function readSidecar(files: FileStore, id: string): Promise<PhotoSidecar | null> {
  const stream = await files.openFile(`${photoKey(id)}.json`);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as PhotoSidecar;
}

/**
 * A photo, to its uploader and to readers whose area covers the uploader's (an enterprise's photos to
 * its own users); anyone else gets 404.
 */
export async function openPhoto(
  ctx: ServiceContext,
  files: FileStore,
  id: string,
): Promise<{ contentType: string; sizeBytes: number; stream: ReadStream }> {
  const sidecar = await readSidecar(files, id);
  if (!sidecar) throw notFound();
  const { actor } = ctx;
  const allowed =
    sidecar.uploadedBy === actor.id ||
    (actor.role === 'enterprise_user'
      ? sidecar.orgId !== null && sidecar.orgId === actor.orgId
      : actor.scopePath === null ||
        (sidecar.scopePath !== null && pathWithin(sidecar.scopePath, actor.scopePath)));
  if (!allowed) throw notFound();
  const stream = await files.openFile(photoKey(id));
  if (!stream) throw notFound();
  return { contentType: sidecar.contentType, sizeBytes: sidecar.sizeBytes, stream };
}
