import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from '../../schema.ts';
import type { DatabaseKind } from '../config.ts';
import { acquireFolderLock, type FolderLock } from './folder-lock.ts';
import {
  createPostgresListener,
  pgliteNotifications,
  type NotificationListener,
} from '../events/notifications.ts';

export type Schema = typeof schema;
/** One handle type for both drivers, and for a transaction inside either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Where the data lives, without credentials, for logs and /api/health. */
  location: string;
  /**
   * LISTEN/NOTIFY (live updates, database triggers waking workers): on PostgreSQL one dedicated
   * connection per Database that reconnects by itself; on PGlite in-process. Use it through
   * eventsOf(database) in core/events; it is closed with the Database.
   */
  notifications: Pick<NotificationListener, 'listen' | 'onReconnect'>;
  close(): Promise<void>;
}

export class DatabaseStartError extends Error {}

/** Embedded PGlite: persisted under dataDir, or in memory when dataDir is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let lock: FolderLock | undefined;
  let client: PGlite;
  if (dataDir === undefined) {
    client = new PGlite();
  } else {
    ensureWritableFolder(dataDir);
    // Two processes on one PGlite folder silently corrupt it, so the second one must not start.
    lock = acquireFolderLock(dataDir);
    try {
      client = new PGlite(path.join(dataDir, 'pglite'));
      await client.waitReady;
    } catch (error) {
      lock.release();
      throw new DatabaseStartError(`Cannot open the embedded database in ${dataDir}: ${describe(error)}`);
    }
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const notifications = pgliteNotifications(client);
  return {
    db,
    kind: 'pglite',
    location: dataDir === undefined ? 'memory' : path.join(dataDir, 'pglite'),
    notifications,
    async close() {
      await notifications.close();
      await client.close();
      lock?.release();
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseStartError('DATABASE_URL is not a valid URL');
  }
  const location = `postgres://${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client erroring (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseStartError(`Cannot connect to PostgreSQL at ${location}: ${describe(error)}`);
  }
  const db = drizzlePostgres({ client: pool, schema }) as unknown as Db;
  // Connects on the first listen only; its errors are retried inside, never thrown at the process.
  const notifications = createPostgresListener(url);
  return {
    db,
    kind: 'postgres',
    location,
    notifications,
    async close() {
      await notifications.close();
      await pool.end();
    },
  };
}

export function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.dataDir);
}

function ensureWritableFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(`The data folder ${dir} is not writable: ${describe(error)}`);
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
