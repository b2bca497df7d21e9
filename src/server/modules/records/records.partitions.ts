import { sql } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';

/** The month partition a day belongs to: name and bounds. */
export function monthPartition(day: string): { name: string; from: string; to: string } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return {
    name: `records_${year}_${String(month).padStart(2, '0')}`,
    from: `${day.slice(0, 7)}-01`,
    to: next,
  };
}

// Per database handle: the partitions this process has seen exist, so the common path asks nothing.
// Pass the root handle (not a transaction's) for the cache to help.
const seen = new WeakMap<object, Set<string>>();

/**
 * Makes sure each day's month partition exists before rows of that month are inserted. A missing
 * partition is created under a transaction-scoped advisory lock (two instances never race on the
 * DDL); run it in the same transaction as the insert, or before it.
 */
export async function ensureRecordPartitions(db: Db, days: Iterable<string>): Promise<void> {
  let known = seen.get(db);
  if (!known) {
    known = new Set();
    seen.set(db, known);
  }
  const wanted = new Map<string, ReturnType<typeof monthPartition>>();
  for (const day of days) {
    const part = monthPartition(day);
    if (!known.has(part.name)) wanted.set(part.name, part);
  }
  if (wanted.size === 0) return;
  const names = [...wanted.keys()];
  const existing = (await db.execute(
    sql`select relname from pg_class where relname in (${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )}) and relkind in ('r', 'p')`,
  )) as unknown as { rows: { relname: string }[] };
  for (const row of existing.rows) {
    known.add(row.relname);
    wanted.delete(row.relname);
  }
  if (wanted.size === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('records:partitions'))`);
    for (const part of wanted.values()) {
      await tx.execute(
        sql.raw(
          `create table if not exists "${part.name}" partition of records for values from ('${part.from}') to ('${part.to}')`,
        ),
      );
    }
  });
  for (const name of wanted.keys()) known.add(name);
}

/** Forgets what this process knows (tests that drop and recreate databases). */
export function forgetRecordPartitions(db: Db): void {
  seen.delete(db);
}
