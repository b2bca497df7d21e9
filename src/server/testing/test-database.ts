import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../core/db/client.ts';
import { runMigrations } from '../core/db/migrations.ts';
import type { DatabaseKind } from '../core/config.ts';
import { withDatabase } from './postgres-target.ts';

export interface TestDatabase extends Database {
  /** A database of its own, deleted when the suite ends. */
  url?: string;
}

/** A fresh, migrated database of the given kind. */
export async function createTestDatabase(kind: DatabaseKind, adminUrl?: string): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openPglite(undefined);
    await runMigrations(database);
    return database;
  }
  if (!adminUrl) throw new Error('no PostgreSQL URL');
  const name = `gl_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = withDatabase(adminUrl, name);
  const database = await openPostgres(url, 5);
  await runMigrations(database);
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await dropTestDatabase(adminUrl, name);
    },
  };
}

/**
 * Drops a suite's database. A backend the server is still winding down can make the drop fail for a
 * moment; it is retried, and a database that still cannot be dropped is reported, not failed on —
 * the suite's own tests have already passed or failed.
 */
async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    try {
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if (attempt >= 5) {
        console.warn(`Test database ${name} was left behind: ${(error as Error).message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    } finally {
      await cleanup.end().catch(() => undefined);
    }
  }
}

/**
 * Runs the same suite on PGlite and on PostgreSQL (when the run has one; global-setup prints one
 * line when it does not). The getter returns the suite's database inside tests and hooks.
 */
export function describeEachDatabase(name: string, body: (database: () => TestDatabase) => void): void {
  const postgresUrl = inject('postgresUrl');
  const kinds: DatabaseKind[] = ['pglite', 'postgres'];
  for (const kind of kinds) {
    const run = kind === 'pglite' || postgresUrl !== null;
    (run ? describe : describe.skip)(`${name} [${kind}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(kind, postgresUrl ?? undefined);
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error('test database not ready');
        return database;
      });
    });
  }
}
