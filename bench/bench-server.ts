// The in-process Gridline the HTTP benchmarks talk to: a fresh PGlite folder or a fresh PostgreSQL
// database on the local server, the pinghu-2020 demo loaded, dropped again by stop().
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/server/core/config.ts';
import { startServer, type RunningServer } from '../src/server/server.ts';
import { testDatabaseUrl, withDatabase } from '../src/server/testing/postgres-target.ts';

export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';
export const BENCH_DEMO_PASSWORD = 'bench-demo-password';

export interface BenchServer {
  server: RunningServer;
  url: string;
  /** The PostgreSQL database's URL (for a second client, e.g. COPY); null on PGlite. */
  databaseUrl: string | null;
  /** Closes the server and drops its folder and database. */
  stop(): Promise<void>;
}

export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/**
 * Starts a server on a new data folder and, for postgres, a new database `gl_bench_<pid>_<ms>` on the
 * test server (TEST_DATABASE_URL); the demo is loaded (DEMO=true) with the bench passwords.
 */
export async function startBenchServer(
  database: 'pglite' | 'postgres',
  options: { name: string; env?: NodeJS.ProcessEnv },
): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gridline-bench-${options.name}-`));
  const adminUrl = testDatabaseUrl();
  const dbName = database === 'postgres' ? `gl_bench_${process.pid}_${Date.now()}` : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO: 'true',
    ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    DEMO_PASSWORD: BENCH_DEMO_PASSWORD,
    DATABASE_URL: '',
    ...options.env,
  };
  let server: RunningServer | undefined;
  const cleanup = async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`);
  };
  try {
    if (dbName) {
      await adminQuery(adminUrl, `create database ${dbName}`);
      env.DATABASE_URL = withDatabase(adminUrl, dbName);
    }
    server = await startServer(loadConfig(env));
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
  return {
    server,
    url: server.url,
    databaseUrl: dbName ? (env.DATABASE_URL as string) : null,
    stop: cleanup,
  };
}

/**
 * Server files changed but not committed while a benchmark ran (the figures measure them too). Parsed
 * from untrimmed porcelain output: each line is two status columns, a space, then the path.
 */
export function uncommittedServerFiles(): string[] {
  try {
    return execFileSync('git', ['status', '--porcelain', '--', 'src/server'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
  } catch {
    return [];
  }
}
