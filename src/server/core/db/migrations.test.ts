import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../../testing/test-database.ts';
import { openPostgres } from './client.ts';
import {
  SchemaTooNewError,
  findNonIncreasingMigrations,
  queryRows,
  readJournal,
  runMigrations,
  schemaVersion,
  type JournalEntry,
} from './migrations.ts';

const journal = readJournal();

describe('migration journal', () => {
  it('has strictly increasing timestamps, so no migration is silently skipped', () => {
    expect(journal.length).toBeGreaterThan(0);
    expect(findNonIncreasingMigrations(journal)).toEqual([]);
  });

  it('catches a migration whose timestamp does not increase', () => {
    const entries: JournalEntry[] = [
      { idx: 0, when: 1000, tag: '0000_a' },
      { idx: 1, when: 2000, tag: '0001_b' },
      { idx: 2, when: 2000, tag: '0002_same' },
      { idx: 3, when: 1500, tag: '0003_older' },
      { idx: 4, when: 3000, tag: '0004_ok' },
    ];
    expect(findNonIncreasingMigrations(entries)).toEqual(['0002_same', '0003_older']);
  });
});

async function migrationCount(database: Parameters<typeof queryRows>[0]): Promise<number> {
  const rows = await queryRows<{ n: number | string }>(
    database,
    sql`select count(*) as n from drizzle.__drizzle_migrations`,
  );
  return Number(rows[0]?.n);
}

describeEachDatabase('migrations', (database) => {
  it('brings a database to the journal’s last migration', async () => {
    const version = await schemaVersion(database());
    expect(version).toEqual({ applied: journal.length, tag: journal.at(-1)?.tag });
  });

  it('does nothing when run again', async () => {
    const again = await runMigrations(database());
    expect(again.applied).toBe(journal.length);
    expect(await migrationCount(database())).toBe(journal.length);
  });

  it('refuses a database migrated by a newer Gridline', async () => {
    const own = await createTestDatabase(database().kind, inject('postgresUrl') ?? undefined);
    try {
      const future = Date.now() + 365 * 24 * 3600_000;
      await own.db.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${future})`,
      );
      await expect(runMigrations(own)).rejects.toThrow(SchemaTooNewError);
      await expect(runMigrations(own)).rejects.toThrow(/newer than this version of Gridline/);
    } finally {
      await own.close();
    }
  });
});

describe.runIf(inject('postgresUrl') !== null)('migrations on PostgreSQL [postgres]', () => {
  it('lets two instances start on one fresh database at once, applying each migration once', async () => {
    const adminUrl = inject('postgresUrl') ?? '';
    // A migrated throwaway database gives us a name and the cleanup; we empty it again first.
    const holder = await createTestDatabase('postgres', adminUrl);
    try {
      await holder.db.execute(sql`drop schema drizzle cascade`);
      await holder.db.execute(sql`drop schema public cascade`);
      await holder.db.execute(sql`create schema public`);
      const url = holder.url ?? '';
      const [a, b] = await Promise.all([openPostgres(url, 3), openPostgres(url, 3)]);
      try {
        const results = await Promise.all([runMigrations(a), runMigrations(b)]);
        expect(results.map((r) => r.applied)).toEqual([journal.length, journal.length]);
        expect(await migrationCount(a)).toBe(journal.length);
        const hashes = await queryRows<{ n: number | string }>(
          a,
          sql`select count(distinct hash) as n from drizzle.__drizzle_migrations`,
        );
        expect(Number(hashes[0]?.n)).toBe(journal.length);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await holder.close();
    }
  });
});
