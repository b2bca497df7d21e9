import type { Database, Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { AppError, type Locale } from '../../core/errors.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { breathe } from '../../core/event-loop.ts';
import type { Actor } from '../../core/access/policy.ts';
import type { ExportColumn } from '../../core/spreadsheet/export.ts';
import { ScopeConflict, adapterFor, type Registry, type RegistryAdapter } from './imports.adapters.ts';
import { UnreadableFileError, readRows, sniffFileKind, type RawCell } from './imports.parse.ts';
import {
  buildAreaLookup,
  checkMapping,
  detectHeader,
  isBlankRow,
  isTotalRow,
  maskForDisplay,
  missingRequired,
  rowByField,
  unknownColumns,
  type ColumnMapping,
  type FieldSpec,
  type Reason,
} from './imports.rules.ts';
import * as repo from './imports.repo.ts';
import { undoJob, undoneOutcome, writeChunk, type KeptRow } from './imports.undo.ts';
import type { ImportJobRow } from './imports.repo.ts';
import { allowedActions, canSeeJob } from './imports.policy.ts';
import type { ImportJobDto, ImportStatus } from './imports.schema.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const BATCH = 1000;
const PREVIEW_ROWS = 20;
/** Problems kept on the job (and in the report); the count stays exact beyond it. */
const MAX_STORED_ERRORS = 20_000;
const PROBLEMS_IN_RESPONSE = 50;

export interface ImportContext {
  database: Database;
  pii: PiiCipher;
  actor: Actor;
  who: AuditActor;
  locale: Locale;
}

/** One entry of the job's `errors` column. */
interface StoredProblem {
  row: number;
  column: string;
  value: RawCell;
  reason: Reason;
  /** error (default) blocks its row; warning marks a row superseded by a later duplicate; failure ends the job. */
  kind?: 'warning' | 'failure' | 'mapping';
}

const say = (locale: Locale, reason: Reason): string => (locale === 'zh-CN' ? reason.zh : reason.en);

function problemsOf(job: ImportJobRow): StoredProblem[] {
  return Array.isArray(job.errors) ? (job.errors as StoredProblem[]) : [];
}

function mappingOf(job: ImportJobRow): ColumnMapping[] {
  return Array.isArray(job.mapping) ? (job.mapping as ColumnMapping[]) : [];
}

function invalidFile(reason: Reason): AppError {
  return new AppError('validation_failed', [{ field: 'file', reason }]);
}

/** Stored rows are encrypted: an uploaded sheet is full of ID numbers and phones. */
function sealRow(pii: PiiCipher, cells: RawCell[]): { c: string } {
  return { c: pii.encrypt(JSON.stringify(cells)) };
}

function openRow(pii: PiiCipher, data: unknown): RawCell[] {
  const sealed = (data as { c?: unknown }).c;
  if (typeof sealed !== 'string') return [];
  return JSON.parse(pii.decrypt(sealed)) as RawCell[];
}

// ---------------------------------------------------------------- validation

interface Validation {
  errorCount: number;
  warningCount: number;
  problems: StoredProblem[];
}

function columnOfField(mapping: readonly ColumnMapping[], field: string): string {
  return mapping.find((m) => m.field === field)?.column ?? field;
}

/**
 * Reads a job's rows back in batches and checks each against the registry: its own rules, its area within
 * the scope, not registered outside the scope, and — across the whole file — duplicate keys (the later row wins).
 */
async function validate(
  db: Db,
  ctx: Pick<ImportContext, 'pii' | 'actor'>,
  jobId: string,
  adapter: RegistryAdapter<unknown>,
  mapping: readonly ColumnMapping[],
): Promise<Validation> {
  const missing = missingRequired(mapping, adapter.fields);
  if (missing.length > 0) {
    return {
      errorCount: missing.length,
      warningCount: 0,
      problems: missing.map((f) => ({
        row: 0,
        column: f.label.zh,
        value: null,
        kind: 'mapping',
        reason: {
          zh: `未找到必填列“${f.label.zh}”，请在列映射中指定`,
          en: `no column is mapped to the required field “${f.label.en}”; choose one in the mapping`,
        },
      })),
    };
  }
  const fieldByKey = new Map(adapter.fields.map((f) => [f.key, f]));
  const ctxAreas = { areas: buildAreaLookup(await repo.areasInScope(db, ctx.actor.scopePath)) };
  const keyColumn = columnOfField(mapping, adapter.keyField);
  const seen = new Map<string, number>();
  const errors: StoredProblem[] = [];
  const warnings: StoredProblem[] = [];
  let errorCount = 0;
  let after = 0;
  for (;;) {
    await breathe();
    const rows = await repo.readRows(db, jobId, after, BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)?.rowNumber ?? after;
    await breathe();
    const valid: Array<{ row: number; value: unknown; key: string }> = [];
    for (const { rowNumber, data } of rows) {
      const raw = rowByField(openRow(ctx.pii, data), mapping);
      const out = adapter.normaliseRow(raw, ctxAreas);
      if ('errors' in out) {
        errorCount += out.errors.length;
        for (const e of out.errors) {
          if (errors.length >= MAX_STORED_ERRORS) break;
          errors.push({
            row: rowNumber,
            column: columnOfField(mapping, e.field),
            value: maskForDisplay(fieldByKey.get(e.field), e.value),
            reason: e.reason,
          });
        }
      } else {
        valid.push({ row: rowNumber, value: out.value, key: adapter.naturalKey(out.value) });
      }
    }
    await breathe();
    const outside = await adapter.findOutsideScope(
      db,
      valid.map((v) => v.value),
      ctx.actor.scopePath,
    );
    for (const v of valid) {
      if (outside.has(v.key)) {
        errorCount++;
        if (errors.length < MAX_STORED_ERRORS) {
          errors.push({
            row: v.row,
            column: keyColumn,
            value: maskForDisplay(fieldByKey.get(adapter.keyField), v.key),
            reason: {
              zh: '该记录已登记在您管辖范围以外的区域，不能通过导入修改',
              en: 'this record is registered outside your scope and cannot be changed by an import',
            },
          });
        }
        continue;
      }
      const earlier = seen.get(v.key);
      if (earlier !== undefined) {
        warnings.push({
          row: earlier,
          column: keyColumn,
          value: maskForDisplay(fieldByKey.get(adapter.keyField), v.key),
          kind: 'warning',
          reason: {
            zh: `与第 ${v.row} 行重复，以第 ${v.row} 行为准，本行不导入`,
            en: `duplicate of row ${v.row}; row ${v.row} wins and this row is skipped`,
          },
        });
      }
      seen.set(v.key, v.row);
    }
  }
  return {
    errorCount,
    warningCount: warnings.length,
    problems: [...errors, ...warnings].sort((a, b) => a.row - b.row),
  };
}

// ---------------------------------------------------------------- presenting

/** Live progress of applies running in this process (a PGlite transaction hides it from other queries). */
const progress = new Map<string, number>();

async function previewRows(ctx: ImportContext, job: ImportJobRow, adapter: RegistryAdapter<unknown>) {
  if (job.status !== 'previewed') return [];
  const mapping = mappingOf(job);
  if (missingRequired(mapping, adapter.fields).length > 0) return [];
  const db = ctx.database.db;
  const rows = await repo.readRows(db, job.id, 0, PREVIEW_ROWS);
  const areas = { areas: buildAreaLookup(await repo.areasInScope(db, ctx.actor.scopePath)) };
  return rows.map(({ rowNumber, data }) => {
    const out = adapter.normaliseRow(rowByField(openRow(ctx.pii, data), mapping), areas);
    return 'errors' in out
      ? { row: rowNumber, values: null, errors: out.errors.map((e) => say(ctx.locale, e.reason)) }
      : { row: rowNumber, values: adapter.preview(out.value), errors: [] };
  });
}

function fieldLabel(fields: readonly FieldSpec[], key: string, locale: Locale): string {
  const field = fields.find((f) => f.key === key);
  return field ? say(locale, field.label) : key;
}

async function present(ctx: ImportContext, job: ImportJobRow, withPreview: boolean): Promise<ImportJobDto> {
  const adapter = adapterFor(job.registry as Registry, ctx.pii);
  const mapping = mappingOf(job);
  const problems = problemsOf(job);
  const failure = problems.find((p) => p.kind === 'failure');
  const missing = job.status === 'previewed' ? missingRequired(mapping, adapter.fields) : [];
  return {
    id: job.id,
    registry: job.registry as Registry,
    status: job.status as ImportStatus,
    fileName: job.fileName,
    totalRows: job.totalRows,
    processedRows: progress.get(job.id) ?? job.processedRows,
    insertedRows: job.insertedRows,
    updatedRows: job.updatedRows,
    errorCount: job.errorCount,
    warningCount: problems.filter((p) => p.kind === 'warning').length,
    mapping,
    fields: adapter.fields.map((f) => ({
      key: f.key,
      label: say(ctx.locale, f.label),
      required: f.required,
    })),
    unknownColumns: unknownColumns(mapping),
    missingFields: missing.map((f) => f.key),
    problems: problems
      .filter((p) => p.kind !== 'failure')
      .slice(0, PROBLEMS_IN_RESPONSE)
      .map((p) => ({
        row: p.row,
        column: p.kind === 'mapping' ? fieldLabel(adapter.fields, p.column, ctx.locale) : p.column,
        value: p.value,
        reason: say(ctx.locale, p.reason),
        level: p.kind === 'warning' ? ('warning' as const) : ('error' as const),
      })),
    preview: withPreview ? await previewRows(ctx, job, adapter) : [],
    failureReason: failure ? say(ctx.locale, failure.reason) : null,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    can: allowedActions(ctx.actor, job, { missingFields: missing.length }),
  };
}

async function load(ctx: ImportContext, id: string): Promise<ImportJobRow> {
  const job = await repo.findJob(ctx.database.db, id);
  if (!job || !canSeeJob(ctx.actor, job)) throw new AppError('not_found');
  return job;
}

// ---------------------------------------------------------------- upload

const HEAD_ROWS = 30;

export async function upload(
  ctx: ImportContext,
  input: { registry: Registry; fileName: string; body: Uint8Array },
): Promise<ImportJobDto> {
  if (input.body.length > MAX_UPLOAD_BYTES) {
    throw invalidFile({ zh: '文件不能超过 20 MB', en: 'the file must be at most 20 MB' });
  }
  const db = ctx.database.db;
  const adapter = adapterFor(input.registry, ctx.pii);
  let rows: AsyncGenerator<RawCell[]>;
  const head: RawCell[][] = [];
  try {
    rows = readRows(input.body, sniffFileKind(input.body));
    for (let next = await rows.next(); !next.done; next = await rows.next()) {
      head.push(next.value);
      if (head.length >= HEAD_ROWS) break;
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw invalidFile(error.reason);
    throw error;
  }
  const guess = detectHeader(head, adapter.fields);
  if (!guess) {
    const examples = adapter.fields
      .filter((f) => f.required)
      .map((f) => f.aliases[0])
      .join('、');
    throw invalidFile({
      zh: `找不到表头行，表头应包含如“${examples}”等列名`,
      en: `no header row found; it should name columns such as ${examples}`,
    });
  }
  const job = await repo.insertJob(db, {
    registry: input.registry,
    status: 'parsing',
    fileName: input.fileName,
    mapping: guess.mapping,
    areaPath: ctx.actor.scopePath,
    createdBy: ctx.actor.id,
  });
  try {
    const width = guess.columns.length;
    const firstData = guess.headerRow + guess.headerRows;
    let index = 0;
    let total = 0;
    let batch: Array<{ jobId: string; rowNumber: number; data: unknown }> = [];
    const take = async (cells: RawCell[]) => {
      const rowNumber = ++index;
      if (rowNumber <= firstData || isBlankRow(cells) || isTotalRow(cells)) return;
      total++;
      batch.push({ jobId: job.id, rowNumber, data: sealRow(ctx.pii, cells.slice(0, width)) });
      if (batch.length >= BATCH) {
        await breathe();
        await repo.insertRows(db, batch);
        batch = [];
        await breathe();
      }
    };
    for (const cells of head) await take(cells);
    head.length = 0;
    try {
      for await (const cells of rows) await take(cells);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw invalidFile(error.reason);
      throw error;
    }
    await repo.insertRows(db, batch);
    const result = await validate(db, ctx, job.id, adapter, guess.mapping);
    const saved = await db.transaction(async (tx) => {
      const row = await repo.updateJob(tx, job.id, {
        status: 'previewed',
        totalRows: total,
        errorCount: result.errorCount,
        errors: result.problems,
      });
      await recordAudit(tx, ctx.who, {
        action: 'import.upload',
        entityType: 'import_job',
        entityId: job.id,
        areaPath: ctx.actor.scopePath,
        after: {
          registry: input.registry,
          fileName: input.fileName,
          totalRows: total,
          errorCount: result.errorCount,
        },
      });
      return row;
    });
    if (!saved) throw new Error('import job vanished');
    return present(ctx, saved, true);
  } catch (error) {
    await repo.deleteRows(db, job.id);
    await repo.updateJob(db, job.id, { status: 'failed', finishedAt: new Date() });
    throw error;
  }
}

// ---------------------------------------------------------------- reading

export async function get(ctx: ImportContext, id: string): Promise<ImportJobDto> {
  return present(ctx, await load(ctx, id), true);
}

export async function listMine(ctx: ImportContext, limit: number) {
  const jobs = await repo.listJobsOf(ctx.database.db, ctx.actor.id, limit);
  return { items: await Promise.all(jobs.map((job) => present(ctx, job, false))) };
}

export async function report(ctx: ImportContext, id: string) {
  const job = await load(ctx, id);
  const adapter = adapterFor(job.registry as Registry, ctx.pii);
  const zh = ctx.locale === 'zh-CN';
  const columns: ExportColumn<StoredProblem>[] = [
    { header: zh ? '行号' : 'Row', value: (p) => (p.row > 0 ? p.row : ''), width: 8 },
    {
      header: zh ? '列' : 'Column',
      value: (p) => (p.kind === 'mapping' ? fieldLabel(adapter.fields, p.column, ctx.locale) : p.column),
      width: 20,
    },
    { header: zh ? '值' : 'Value', value: (p) => p.value, width: 24 },
    { header: zh ? '原因' : 'Reason', value: (p) => say(ctx.locale, p.reason), width: 60 },
  ];
  const base = job.fileName.replace(/\.[^.]*$/, '');
  return { fileName: `${base}-${zh ? '导入报告' : 'import-report'}`, columns, rows: problemsOf(job) };
}

// ---------------------------------------------------------------- mapping

export async function remap(ctx: ImportContext, id: string, mapping: ColumnMapping[]): Promise<ImportJobDto> {
  const job = await load(ctx, id);
  if (job.status !== 'previewed') throw notOpen(job.status);
  const adapter = adapterFor(job.registry as Registry, ctx.pii);
  const current = mappingOf(job);
  const problem = checkMapping(
    mapping,
    current.map((m) => m.column),
    adapter.fields,
  );
  if (problem) throw new AppError('validation_failed', [{ field: 'mapping', reason: problem }]);
  // Columns the request leaves out keep no field; the file's column order is kept.
  const chosen = new Map(mapping.map((m) => [m.column, m.field]));
  const next = current.map((m) => ({ column: m.column, field: chosen.get(m.column) ?? null }));
  const db = ctx.database.db;
  const result = await validate(db, ctx, job.id, adapter, next);
  const saved = await db.transaction(async (tx) => {
    const row = await repo.updateJob(tx, job.id, {
      mapping: next,
      errorCount: result.errorCount,
      errors: result.problems,
    });
    await recordAudit(tx, ctx.who, {
      action: 'import.remap',
      entityType: 'import_job',
      entityId: job.id,
      areaPath: ctx.actor.scopePath,
      before: { mapping: current },
      after: { mapping: next, errorCount: result.errorCount },
    });
    return row;
  });
  if (!saved) throw new AppError('not_found');
  return present(ctx, saved, true);
}

function notOpen(status: string): AppError {
  return new AppError('conflict', [
    {
      field: 'status',
      reason: {
        zh: status === 'applying' ? '该导入正在执行' : '该导入已结束，请重新上传文件',
        en:
          status === 'applying'
            ? 'this import is running'
            : 'this import has finished; upload the file again',
      },
    },
  ]);
}

// ---------------------------------------------------------------- apply

class ApplyFailure extends Error {
  /** cause: what went wrong; the outcome (nothing written, or what an undo kept) is added to it. */
  constructor(readonly why: Reason) {
    super(why.en);
  }
}

/**
 * single: the whole file in one transaction (PostgreSQL: other requests have connections of their own).
 * chunked: short transactions of CHUNK rows with an undo log (PGlite: a transaction holds its one
 * connection, so a 100,000-row one would stall every request needing the database for its whole length).
 */
export type ApplyMode = 'single' | 'chunked';
const CHUNK = 250;
let applyModeOverride: ApplyMode | null = null;

/** Tests run both modes on both databases; null restores the choice by database kind. */
export function overrideApplyMode(mode: ApplyMode | null): void {
  applyModeOverride = mode;
}

export function applyModeFor(database: Database): ApplyMode {
  return applyModeOverride ?? (database.kind === 'pglite' ? 'chunked' : 'single');
}

/** Starts the apply and returns at once; the caller polls the job for progress and the outcome. */
export async function apply(ctx: ImportContext, id: string, skipInvalid: boolean): Promise<ImportJobDto> {
  const job = await load(ctx, id);
  if (job.status !== 'previewed') throw notOpen(job.status);
  const adapter = adapterFor(job.registry as Registry, ctx.pii);
  const mapping = mappingOf(job);
  if (missingRequired(mapping, adapter.fields).length > 0) {
    throw new AppError('conflict', [
      {
        field: 'mapping',
        reason: { zh: '还有必填列未指定，请先完成列映射', en: 'map every required field first' },
      },
    ]);
  }
  if (job.errorCount > 0 && !skipInvalid) {
    throw new AppError('conflict', [
      {
        field: 'skipInvalid',
        reason: {
          zh: `文件中有 ${job.errorCount} 处错误；请修正后重新上传，或选择跳过错误行`,
          en: `the file has ${job.errorCount} problems; fix them and upload again, or skip the invalid rows`,
        },
      },
    ]);
  }
  if (!(await repo.claimJob(ctx.database.db, id, 'previewed', 'applying'))) throw notOpen('applying');
  progress.set(id, 0);
  const running = runApply(ctx, job, adapter, mapping, skipInvalid);
  pending.add(running);
  void running.finally(() => pending.delete(running));
  const claimed = await repo.findJob(ctx.database.db, id);
  return present(ctx, claimed ?? job, false);
}

const pending = new Set<Promise<void>>();

/** Resolves when every apply started in this process has finished (tests, shutdown). */
export async function settled(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

const scopeFailure: Reason = {
  zh: '有记录已被登记到您管辖范围以外（请重新上传后再试）',
  en: 'a record is now registered outside your scope (upload again and retry)',
};

async function scopeChecked<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ScopeConflict) throw new ApplyFailure(scopeFailure);
    throw error;
  }
}

/**
 * PGlite has one connection and a transaction holds it, so every per-row step (decrypt, check, seal, merge
 * with the stored row) runs outside the write transactions, in yielding batches. PGlite also runs on this
 * thread: every step gives the event loop turns (breathe) between statements of at most ~500 rows, so
 * requests that need no database are served throughout.
 * In single mode the whole file is written in one transaction at the end; in chunked mode each batch is
 * written as it is prepared, CHUNK rows per transaction with their undo log, so requests needing the
 * database wait at most one chunk; a failure then undoes what was written (imports.undo.ts).
 */
async function runApply(
  ctx: ImportContext,
  job: ImportJobRow,
  adapter: RegistryAdapter<unknown>,
  mapping: ColumnMapping[],
  skipInvalid: boolean,
): Promise<void> {
  const { database } = ctx;
  const db = database.db;
  const mode = applyModeFor(database);
  const superseded = new Set(
    problemsOf(job)
      .filter((p) => p.kind === 'warning')
      .map((p) => p.row),
  );
  const mapped = new Set(mapping.map((m) => m.field).filter((f): f is string => f !== null));
  const scopePath = ctx.actor.scopePath;
  // Let the request that started it answer first.
  await new Promise(setImmediate);
  try {
    const areas = { areas: buildAreaLookup(await repo.areasInScope(db, scopePath)) };
    const prepared: unknown[] = [];
    let skipped = 0;
    let processed = 0;
    let inserted = 0;
    let updated = 0;
    let after = 0;
    for (;;) {
      const rows = await repo.readRows(db, job.id, after, BATCH);
      if (rows.length === 0) break;
      after = rows.at(-1)?.rowNumber ?? after;
      await breathe();
      const values: unknown[] = [];
      for (const { rowNumber, data } of rows) {
        if (superseded.has(rowNumber)) {
          skipped++;
          continue;
        }
        const out = adapter.normaliseRow(rowByField(openRow(ctx.pii, data), mapping), areas);
        if ('errors' in out) {
          if (skipInvalid) {
            skipped++;
            continue;
          }
          const first = out.errors[0];
          throw new ApplyFailure({
            zh: `第 ${rowNumber} 行在预览后变得无效（${first?.reason.zh ?? ''}）`,
            en: `row ${rowNumber} became invalid after the preview (${first?.reason.en ?? ''})`,
          });
        }
        values.push(out.value);
      }
      await breathe();
      const batch = await scopeChecked(adapter.prepare(db, values, mapped, scopePath));
      if (mode === 'single') {
        for (const row of batch) prepared.push(row);
      } else {
        for (let start = 0; start < batch.length; start += CHUNK) {
          await breathe();
          const chunk = batch.slice(start, start + CHUNK);
          const result = await db.transaction((tx) =>
            scopeChecked(writeChunk(tx, ctx.pii, job.id, adapter, chunk, mapped, scopePath)),
          );
          inserted += result.inserted;
          updated += result.updated;
        }
      }
      processed += rows.length;
      progress.set(job.id, processed);
      await breathe();
      await repo.updateJob(db, job.id, { processedRows: processed });
      await breathe();
    }
    await db.transaction(async (tx) => {
      if (mode === 'single') {
        const result = await scopeChecked(adapter.write(tx, prepared, mapped, scopePath));
        inserted = result.inserted;
        updated = result.updated;
      }
      await recordAudit(tx, ctx.who, {
        action: 'import.apply',
        entityType: 'import_job',
        entityId: job.id,
        areaPath: scopePath,
        after: { registry: job.registry, fileName: job.fileName, inserted, updated, skipped },
      });
      await repo.updateJob(tx, job.id, {
        status: 'succeeded',
        processedRows: processed,
        insertedRows: inserted,
        updatedRows: updated,
        finishedAt: new Date(),
      });
      await repo.deleteRows(tx, job.id);
      await repo.deleteUndoOfJob(tx, job.id);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const cause =
      error instanceof ApplyFailure
        ? error.why
        : { zh: `导入失败（${message}）`, en: `the import failed (${message})` };
    let reason: Reason;
    try {
      reason = undoneOutcome(cause, mode === 'chunked' ? await undoJob(database, ctx.pii, job.id) : []);
    } catch (undoError) {
      // Left in the log: the next start of the embedded database undoes it (failInterruptedImports).
      const why = undoError instanceof Error ? undoError.message : String(undoError);
      reason = {
        zh: `${cause.zh}；撤销已写入的数据时出错（${why}），将在服务下次启动时继续撤销`,
        en: `${cause.en}; undoing what it wrote failed (${why}) and resumes at the next start`,
      };
    }
    const failure: StoredProblem = { row: 0, column: '', value: null, reason, kind: 'failure' };
    const current = await repo.findJob(db, job.id).catch(() => undefined);
    await repo
      .updateJob(db, job.id, {
        status: 'failed',
        finishedAt: new Date(),
        errors: [...problemsOf(current ?? job), failure],
      })
      .catch(() => undefined);
  } finally {
    progress.delete(job.id);
  }
}

/**
 * At start-up of the embedded database (one process by its folder lock), a job still parsing or
 * applying was interrupted by a stop. What a chunked apply had committed is undone first (its undo log;
 * also the rest of an undo that was itself stopped), then the job is marked failed for the user to run
 * again. It runs before the server listens. Not done on PostgreSQL, where another instance may be
 * running the job.
 */
export async function failInterruptedImports(database: Database, pii: PiiCipher): Promise<number> {
  if (database.kind !== 'pglite') return 0;
  const kept: KeptRow[] = [];
  for (const jobId of await repo.jobsWithUndo(database.db))
    kept.push(...(await undoJob(database, pii, jobId)));
  const failure: StoredProblem = {
    row: 0,
    column: '',
    value: null,
    reason: undoneOutcome(
      {
        zh: '导入因服务重启而中断（请重新执行）',
        en: 'the import was interrupted by a restart (run it again)',
      },
      kept,
    ),
    kind: 'failure',
  };
  return repo.failUnfinishedJobs(database.db, failure);
}
