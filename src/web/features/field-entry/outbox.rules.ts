// The offline queue's decisions, kept pure so they are unit-tested: what a batch answer means for each
// queued entry, how entries are cut into batches, and how long to wait before retrying.
import type { Localised } from '../../../shared/form-fields.ts';
import type { BatchResultItem, ItemError } from './api.ts';

/** The most entries sent in one POST /api/records/batch (the server takes up to 1,000). */
export const SYNC_BATCH_SIZE = 200;
const RETRY_BASE_MS = 2_000;
const RETRY_MAX_MS = 60_000;

export interface EntryProblem {
  field: string;
  reason: Localised;
}

export interface BatchOutcome {
  /** Stored now or earlier (a replay of the same client key): leave the queue. */
  done: string[];
  /** Refused for good: stay visible with their errors until the user discards them. */
  refused: { key: string; errors: EntryProblem[] }[];
  /** Sent but not answered (a short answer): stay queued and go again. */
  unanswered: string[];
}

export function asLocalised(reason: Localised | string): Localised {
  return typeof reason === 'string' ? { zh: reason, en: reason } : reason;
}

const SUBJECT_GONE: EntryProblem = {
  field: 'subject',
  reason: { zh: '对象不存在或不在您的管辖范围内', en: 'the subject does not exist or is outside your area' },
};
const REFUSED: EntryProblem = { field: 'values', reason: { zh: '服务器拒收', en: 'refused by the server' } };

function problemsOf(errors: ItemError[] | undefined, fallback: EntryProblem): EntryProblem[] {
  if (!errors || errors.length === 0) return [fallback];
  return errors.map((e) => ({ field: e.field, reason: asLocalised(e.reason) }));
}

/**
 * Reads a batch answer against the keys that were sent. An entry the answer does not mention stays
 * queued: only an explicit created/duplicate removes it, so nothing is dropped on a partial answer.
 */
export function outcomeOf(sentKeys: readonly string[], results: readonly BatchResultItem[]): BatchOutcome {
  const byKey = new Map<string, BatchResultItem>();
  for (const result of results) byKey.set(result.key, result);
  const outcome: BatchOutcome = { done: [], refused: [], unanswered: [] };
  for (const key of sentKeys) {
    const result = byKey.get(key);
    if (!result) outcome.unanswered.push(key);
    else if (result.status === 'created' || result.status === 'duplicate') outcome.done.push(key);
    else
      outcome.refused.push({
        key,
        errors: problemsOf(result.errors, result.status === 'not_found' ? SUBJECT_GONE : REFUSED),
      });
  }
  return outcome;
}

export function batchesOf<T>(items: readonly T[], size = SYNC_BATCH_SIZE): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** Exponential backoff after `failures` failed attempts in a row: 2 s, 4 s, 8 s … capped at 60 s. */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
  // Up to 20 % jitter so phones that regain the network together do not retry in step.
  return Math.round(base * (1 + 0.2 * random()));
}

/** Today's entries of a form at a subject, counted on this device (the counter in the entry screen). */
export function counterKey(userId: string, formKey: string, subjectId: string, day: string): string {
  return `gridline.entry.count.${userId}.${formKey}.${subjectId}.${day}`;
}
