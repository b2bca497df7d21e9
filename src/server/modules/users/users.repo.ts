import { count } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { users } from '../../core/db/core.tables.ts';

export type NewUserRow = typeof users.$inferInsert;

export async function countUsers(db: Db): Promise<number> {
  const rows = await db.select({ n: count() }).from(users);
  return Number(rows[0]?.n ?? 0);
}

export async function insertUsers(db: Db, rows: NewUserRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(users).values(rows);
}
