import type { Db } from '../../core/db/client.ts';

/** The departments' built-in report sheets, inserted when missing at every start. Owner: templates. */
export async function seedReportTemplates(_db: Db): Promise<void> {}
