import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Pool } from 'pg';
import type { Database, Schema } from './client.ts';

export const MIGRATIONS_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../drizzle',
);

export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

export class SchemaTooNewError extends Error {}

/** Both drivers answer execute() with an object carrying rows; the generic handle types it loosely. */
export async function queryRows<T>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export function readJournal(folder = MIGRATIONS_FOLDER): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta/_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/**
 * Drizzle applies a migration only when its timestamp is newer than the last applied one,
 * so a migration with an older timestamp would be skipped without a word. Returns the offenders.
 */
export function findNonIncreasingMigrations(entries: readonly JournalEntry[]): string[] {
  const offenders: string[] = [];
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1];
    const entry = entries[i];
    if (previous && entry && entry.when <= previous.when) offenders.push(entry.tag);
  }
  return offenders;
}

export interface SchemaVersion {
  /** Number of migrations applied to the database. */
  applied: number;
  /** Tag of the newest migration the code knows, when the database is at it. */
  tag: string | null;
}

const LOCK_KEY = 4_711_0482; // any constant shared by every Gridline instance

async function appliedTimestamps(database: Database): Promise<number[]> {
  const exists = await queryRows<{ present: boolean }>(
    database,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists[0]?.present) return [];
  const rows = await queryRows<{ created_at: string }>(
    database,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.map((r) => Number(r.created_at));
}

export async function schemaVersion(database: Database, folder = MIGRATIONS_FOLDER): Promise<SchemaVersion> {
  const applied = await appliedTimestamps(database);
  const entries = readJournal(folder);
  const last = applied.at(-1);
  const known = entries.find((e) => e.when === last);
  return { applied: applied.length, tag: known?.tag ?? null };
}

/** Refuses a database migrated by a newer Gridline: running old code on it could corrupt data. */
async function assertNotNewer(database: Database, entries: readonly JournalEntry[]): Promise<void> {
  const applied = await appliedTimestamps(database);
  const newestKnown = entries.at(-1)?.when ?? 0;
  const unknown = applied.filter((when) => when > newestKnown);
  if (unknown.length > 0) {
    throw new SchemaTooNewError(
      `The database schema is newer than this version of Gridline (${unknown.length} unknown migration(s)); upgrade Gridline before starting it on this database`,
    );
  }
}

/** Applies pending migrations; on PostgreSQL under an advisory lock, so concurrent starts take turns. */
export async function runMigrations(database: Database, folder = MIGRATIONS_FOLDER): Promise<SchemaVersion> {
  const entries = readJournal(folder);
  if (database.kind === 'pglite') {
    await assertNotNewer(database, entries);
    await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder: folder });
    return schemaVersion(database, folder);
  }
  // A session-level lock needs one connection held for the whole run; the migrator uses others.
  const db = database.db as unknown as NodePgDatabase<Schema> & { $client: Pool };
  const lockClient = await db.$client.connect();
  try {
    await lockClient.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await assertNotNewer(database, entries);
    await migratePostgres(db, { migrationsFolder: folder });
  } finally {
    await lockClient.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
  return schemaVersion(database, folder);
}
