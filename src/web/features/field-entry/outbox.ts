// The durable queue of field entries (IndexedDB) and the loop that sends it to the server.
//
// Every entry of an offline form is written here the moment it is made, with its client key, and only
// leaves when the server has answered created or duplicate for that key. A lost answer therefore means
// a resend, and the resend is recognised by the key (a duplicate), never stored twice.
import { useSyncExternalStore } from 'react';
import type { Localised } from '../../../shared/form-fields.ts';
import { ApiError } from '../../api.ts';
import { fieldEntryApi, type BatchResult, type RecordBody } from './api.ts';
import { batchesOf, outcomeOf, retryDelay, type EntryProblem } from './outbox.rules.ts';

export interface QueuedEntry {
  /** The client key: also the record's idempotency key on the server. */
  key: string;
  /** Who made it: only that user's session sends it. */
  userId: string;
  formKey: string;
  formName: Localised;
  subjectName: string;
  body: RecordBody;
  queuedAt: string;
  status: 'pending' | 'refused';
  errors: EntryProblem[];
}

export type SyncProblem = 'network' | 'signed_out' | 'server' | null;

export interface OutboxSnapshot {
  /** This user's entries still on the device, oldest first. */
  entries: QueuedEntry[];
  pending: number;
  refused: number;
  syncing: boolean;
  online: boolean;
  problem: SyncProblem;
  /** When the next automatic attempt is due after a failure (ms since epoch). */
  retryAt: number | null;
}

const DB_NAME = 'gridline-field-entry';
const STORE = 'outbox';
const LOCK = 'gridline-outbox-sync';

let dbPromise: Promise<IDBDatabase> | undefined;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE))
        open.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => {
      dbPromise = undefined;
      reject(open.error ?? new Error('indexedDB.open failed'));
    };
  });
  return dbPromise;
}

async function write(run: (store: IDBObjectStore) => void): Promise<void> {
  const db = await openDb();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(STORE, 'readwrite');
    run(tx.objectStore(STORE));
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('outbox write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('outbox write aborted'));
  });
}

async function readAll(): Promise<QueuedEntry[]> {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const req = db.transaction(STORE, 'readonly').objectStore(STORE).getAll();
    req.onsuccess = () => resolve(req.result as QueuedEntry[]);
    req.onerror = () => reject(req.error ?? new Error('outbox read failed'));
  });
}

function byAge(a: QueuedEntry, b: QueuedEntry): number {
  return a.queuedAt < b.queuedAt ? -1 : a.queuedAt > b.queuedAt ? 1 : 0;
}

// --- state shared with React -------------------------------------------------------------------

let userId: string | null = null;
let snapshot: OutboxSnapshot = {
  entries: [],
  pending: 0,
  refused: 0,
  syncing: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  problem: null,
  retryAt: null,
};
const listeners = new Set<() => void>();

function update(patch: Partial<OutboxSnapshot>): void {
  snapshot = { ...snapshot, ...patch };
  for (const listener of listeners) listener();
}

async function refresh(): Promise<void> {
  const mine = userId === null ? [] : (await readAll()).filter((e) => e.userId === userId).sort(byAge);
  update({
    entries: mine,
    pending: mine.filter((e) => e.status === 'pending').length,
    refused: mine.filter((e) => e.status === 'refused').length,
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOutbox(): OutboxSnapshot {
  return useSyncExternalStore(subscribe, () => snapshot);
}

// --- the sync loop -----------------------------------------------------------------------------

let running = false;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function clearRetry(): void {
  if (retryTimer !== undefined) clearTimeout(retryTimer);
  retryTimer = undefined;
}

function failed(error: unknown): void {
  const status = error instanceof ApiError ? error.status : 0;
  const problem: SyncProblem =
    status === 0 ? 'network' : status === 401 || status === 403 ? 'signed_out' : 'server';
  failures += 1;
  clearRetry();
  // Signed out or a stale CSRF token: retried too, since the session query refreshes the token on its
  // own; a new sign-in (startOutbox) or the network coming back retries at once.
  const delay = retryDelay(failures);
  retryTimer = setTimeout(() => void syncNow(), delay);
  update({ problem, retryAt: Date.now() + delay });
}

async function remove(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await write((store) => {
    for (const key of keys) store.delete(key);
  });
}

async function markRefused(
  entries: readonly QueuedEntry[],
  refused: readonly { key: string; errors: EntryProblem[] }[],
): Promise<void> {
  if (refused.length === 0) return;
  const byKey = new Map(entries.map((e) => [e.key, e]));
  await write((store) => {
    for (const { key, errors } of refused) {
      const entry = byKey.get(key);
      if (entry) store.put({ ...entry, status: 'refused', errors } satisfies QueuedEntry);
    }
  });
}

/** When the batch itself is refused (a malformed item fails the whole body), each entry goes alone. */
async function sendOneByOne(batch: readonly QueuedEntry[]): Promise<boolean> {
  for (const entry of batch) {
    try {
      await fieldEntryApi.submit(entry.body);
      await remove([entry.key]);
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.status === 400 || error.status === 404 || error.status === 409)
      ) {
        const errors =
          error.details.length > 0
            ? error.details.map((d) => ({ field: d.field, reason: { zh: d.reason, en: d.reason } }))
            : [{ field: 'values', reason: { zh: error.message, en: error.message } }];
        await markRefused([entry], [{ key: entry.key, errors }]);
        continue;
      }
      failed(error);
      return false;
    }
  }
  return true;
}

/** Sends this user's pending entries, oldest first; true when everything pending was answered. */
async function drain(): Promise<boolean> {
  const pending = (await readAll()).filter((e) => e.userId === userId && e.status === 'pending').sort(byAge);
  for (const batch of batchesOf(pending)) {
    let answer: BatchResult;
    try {
      answer = await fieldEntryApi.batch(batch.map((e) => e.body));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        if (!(await sendOneByOne(batch))) return false;
        continue;
      }
      failed(error);
      return false;
    }
    const outcome = outcomeOf(
      batch.map((e) => e.key),
      answer.results,
    );
    await remove(outcome.done);
    await markRefused(batch, outcome.refused);
    await refresh();
    if (outcome.unanswered.length > 0) {
      failed(new ApiError(500, 'short_answer', '', []));
      return false;
    }
  }
  return true;
}

async function withLock(run: () => Promise<void>): Promise<void> {
  // Two tabs would only send the same keys twice (answered duplicate), but one sender is tidier.
  if (typeof navigator !== 'undefined' && 'locks' in navigator) {
    await navigator.locks.request(LOCK, run);
    return;
  }
  await run();
}

/** Sends the queue now (no-op while offline or already sending; a call during a send runs once more after it). */
export async function syncNow(): Promise<void> {
  if (userId === null) return;
  if (!navigator.onLine) {
    update({ online: false });
    return;
  }
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearRetry();
  update({ syncing: true, online: true });
  try {
    do {
      again = false;
      await withLock(async () => {
        if (await drain()) {
          failures = 0;
          update({ problem: null, retryAt: null });
        }
      });
    } while (again && snapshot.problem === null);
  } catch {
    // IndexedDB itself failed (storage evicted or full): try again later, the entries stay where they are.
    failed(new ApiError(0, 'storage', '', []));
  } finally {
    running = false;
    update({ syncing: false });
  }
}

let listening = false;

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('online', () => {
    failures = 0;
    update({ online: true });
    void syncNow();
  });
  window.addEventListener('offline', () => update({ online: false }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && snapshot.pending > 0) void syncNow();
  });
}

/** Starts (or restarts, for another user) sending this user's queue; safe to call on every render of the entry screens. */
export function startOutbox(forUser: string): void {
  listen();
  if (userId === forUser && snapshot.problem !== 'signed_out') return;
  userId = forUser;
  failures = 0;
  void refresh().then(() => syncNow());
}

/** Puts a new entry into the queue and, when online, sends it straight away. */
export async function enqueue(entry: QueuedEntry): Promise<void> {
  await write((store) => store.put(entry));
  await refresh();
  void syncNow();
}

/** Drops an entry the server refused (the user read the reason and gave up on it). */
export async function discard(key: string): Promise<void> {
  await remove([key]);
  await refresh();
}

/**
 * At page load: entries left from an earlier visit go out without waiting for the user to open the
 * entry screen. Opening the database costs nothing when the queue was never used.
 */
export async function resumeOutbox(whoAmI: () => Promise<{ id: string } | null>): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const waiting = await readAll().catch(() => []);
  if (!waiting.some((e) => e.status === 'pending')) return;
  const me = await whoAmI().catch(() => null);
  if (me) startOutbox(me.id);
}
