import type { Db } from '../../core/db/client.ts';

/** The built-in rules on records, inserted when missing at every start. Owner: rules. */
export async function seedRecordRules(_db: Db): Promise<void> {}
