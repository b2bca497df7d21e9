import type { Database, Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { breathe } from '../../core/event-loop.ts';
import type { ApplyResult, RegistryAdapter } from './imports.adapters.ts';
import type { Reason } from './imports.rules.ts';
import * as repo from './imports.repo.ts';
import type { ImportUndoRow, NewImportUndoRow } from './imports.repo.ts';

/** Undo-log entries put back per transaction (each a few statements of at most this many rows). */
const UNDO_BATCH = 500;

/**
 * Writes one chunk of a chunked apply inside the caller's (short) transaction and logs, in the same
 * transaction, how to take it back: the sealed before-image of each row it updates, the id of each row
 * and status-history entry it inserts, and the version it wrote (a later edit by someone else shows as
 * a different version, and is not clobbered by an undo).
 */
export async function writeChunk<P>(
  tx: Db,
  pii: PiiCipher,
  jobId: string,
  adapter: RegistryAdapter<unknown, P>,
  prepared: P[],
  mapped: ReadonlySet<string>,
  scopePath: string | null,
): Promise<ApplyResult> {
  const before = await repo.lockRowsByKey(tx, adapter.entity, prepared.map(adapter.keyOfPrepared));
  const result = await adapter.write(tx, prepared, mapped, scopePath);
  const entries: NewImportUndoRow[] = result.written.map((w) => {
    const old = before.get(w.key);
    return old
      ? {
          jobId,
          entityType: adapter.entity,
          entityId: w.id,
          inserted: false,
          before: { c: pii.encrypt(JSON.stringify(old.row)) },
          // The registries' upserts write version + 1 (the row is locked since it was read).
          appliedVersion: old.version + 1,
        }
      : {
          jobId,
          entityType: adapter.entity,
          entityId: w.id,
          inserted: true,
          before: null,
          appliedVersion: 1,
        };
  });
  for (const id of result.historyIds) {
    entries.push({ jobId, entityType: 'org_status_history', entityId: id, inserted: true });
  }
  await repo.insertUndo(tx, entries);
  return result;
}

/** A row the undo left as it is, because someone changed or referenced it after the apply wrote it. */
export interface KeptRow {
  entity: 'person' | 'org';
  label: string;
}

const KEPT_REASON: Reason = {
  zh: '导入失败后已撤销，但此记录在此期间被他人修改或引用，予以保留，请核对',
  en: 'the failed import was undone, but this record was changed or referenced by someone else meanwhile and was kept; check it',
};

const KEY_COLUMN: Record<KeptRow['entity'], string> = { person: '身份证号', org: '统一社会信用代码' };

function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '23503') return true;
  }
  return false;
}

function openBefore(pii: PiiCipher, before: unknown): Record<string, unknown> {
  const sealed = (before as { c?: unknown } | null)?.c;
  if (typeof sealed !== 'string') throw new Error('undo entry without a before-image');
  return JSON.parse(pii.decrypt(sealed)) as Record<string, unknown>;
}

/** Deletes inserted rows still as the apply wrote them; a row something now references is kept. */
async function deleteInserted(
  tx: Db,
  entity: 'person' | 'org',
  items: Array<{ id: string; applied: number | null }>,
): Promise<Set<string>> {
  try {
    return await tx.transaction((sp) => repo.deleteIfUnchanged(sp, entity, items));
  } catch (error) {
    if (!isForeignKeyViolation(error)) throw error;
  }
  const deleted = new Set<string>();
  for (const item of items) {
    try {
      for (const id of await tx.transaction((sp) => repo.deleteIfUnchanged(sp, entity, [item])))
        deleted.add(id);
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
    }
  }
  return deleted;
}

/** Undoes one run of entries of the same kind; answers the rows kept. */
async function undoRun(tx: Db, pii: PiiCipher, run: ImportUndoRow[]): Promise<KeptRow[]> {
  const first = run[0];
  if (!first) return [];
  if (first.entityType === 'org_status_history') {
    await repo.deleteStatusHistory(
      tx,
      run.map((e) => e.entityId),
    );
    return [];
  }
  const entity = first.entityType === 'org' ? 'org' : 'person';
  if (first.inserted) {
    const deleted = await deleteInserted(
      tx,
      entity,
      run.map((e) => ({ id: e.entityId, applied: e.appliedVersion })),
    );
    const kept = run.filter((e) => !deleted.has(e.entityId)).map((e) => e.entityId);
    // A row someone deleted meanwhile needs nothing; one still there was changed or is referenced.
    const labels = await repo.keyLabels(tx, entity, kept);
    return [...labels.values()].map((label) => ({ entity, label }));
  }
  const items = run.map((e) => ({
    id: e.entityId,
    applied: e.appliedVersion,
    row: openBefore(pii, e.before),
  }));
  const restored = await repo.restoreIfUnchanged(tx, entity, items);
  return items
    .filter((i) => !restored.has(i.id))
    .map((i) => ({
      entity,
      label: String((entity === 'org' ? i.row.credit_code : i.row.id_number_masked) ?? i.id),
    }));
}

/**
 * Takes back everything a chunked apply wrote, newest first, in short transactions (each also drops the
 * entries it undid, so an undo stopped part-way resumes where it was). Rows changed or referenced by
 * someone else since the apply wrote them are kept and named as warnings on the job.
 */
export async function undoJob(database: Database, pii: PiiCipher, jobId: string): Promise<KeptRow[]> {
  const kept: KeptRow[] = [];
  for (;;) {
    await breathe();
    const batch = await database.db.transaction(async (tx) => {
      const entries = await repo.latestUndo(tx, jobId, UNDO_BATCH);
      const keptHere: KeptRow[] = [];
      let run: ImportUndoRow[] = [];
      for (const entry of [...entries, null]) {
        const last = run.at(-1);
        if (last && (!entry || entry.entityType !== last.entityType || entry.inserted !== last.inserted)) {
          keptHere.push(...(await undoRun(tx, pii, run)));
          run = [];
        }
        if (entry) run.push(entry);
      }
      await repo.deleteUndoEntries(
        tx,
        entries.map((e) => e.id),
      );
      await repo.appendProblems(
        tx,
        jobId,
        keptHere.map((k) => ({
          row: 0,
          column: KEY_COLUMN[k.entity],
          value: k.label,
          reason: KEPT_REASON,
          kind: 'warning',
        })),
      );
      return { size: entries.length, kept: keptHere };
    });
    kept.push(...batch.kept);
    if (batch.size === 0) return kept;
  }
}

/** The outcome of an undone apply, after the failure's cause. */
export function undoneOutcome(cause: Reason, kept: readonly KeptRow[]): Reason {
  if (kept.length === 0) {
    return { zh: `${cause.zh}，未写入任何数据`, en: `${cause.en}; nothing was written` };
  }
  const shown = kept.slice(0, 5).map((k) => k.label);
  const list = shown.join('、') + (kept.length > shown.length ? ' …' : '');
  return {
    zh: `${cause.zh}；已写入的数据均已撤销，但有 ${kept.length} 条记录在此期间被他人修改或引用，予以保留：${list}`,
    en: `${cause.en}; what it wrote was undone except ${kept.length} rows changed by others meanwhile: ${shown.join(', ')}${kept.length > shown.length ? ' …' : ''}`,
  };
}
