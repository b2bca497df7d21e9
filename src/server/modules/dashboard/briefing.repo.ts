import { sql } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { targets } from './dashboard.tables.ts';

/** Whether any target exists (the briefing prints a targets table only once targets are used). */
export async function anyTarget(db: Db): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(targets)
    .limit(1);
  return row !== undefined;
}
