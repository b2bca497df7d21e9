import type { Db } from '../../core/db/client.ts';

/** The built-in forms (version 1 each), inserted when missing at every start. Owner: records core. */
export async function seedRecordForms(_db: Db): Promise<void> {}
