import type { Db } from '../../core/db/client.ts';
import type { StoredRecord } from './records.contract.ts';

/** The name the missed-days sweep runs under in core/jobs. */
export const RECORD_RULES_SWEEP_JOB = 'record-rules-missed-days';

/** Runs the active rules of the records' forms on freshly stored records (in the caller's transaction). */
export async function applyRecordRules(
  _db: Db,
  _stored: readonly StoredRecord[],
  _now: Date,
): Promise<void> {}

/** Fires missed_days rules for subjects silent for their rule's number of days. */
export async function sweepMissedReports(_db: Db, _now: Date): Promise<void> {}
