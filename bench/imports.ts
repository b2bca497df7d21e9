// xlsx import of N people through the real HTTP API: upload + preview time, apply time, rows/s, and
// how long GET /api/health takes while the apply runs (does the server stall?).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { loadConfig } from '../src/server/core/config.ts';
import { startServer } from '../src/server/server.ts';
import { residentIdWithCheck } from '../src/shared/identifiers.ts';
import { testDatabaseUrl, withDatabase } from '../src/server/testing/postgres-target.ts';

export interface ImportFigures {
  database: 'pglite' | 'postgres';
  rows: number;
  uploadAndPreviewSeconds: number;
  applySeconds: number;
  rowsPerSecond: number;
  health: { samples: number; p50Ms: number; p95Ms: number; maxMs: number };
  inserted: number;
}

const ADMIN_PASSWORD = 'bench-admin-password';

async function buildWorkbook(rows: number, gridPaths: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员');
  sheet.addRow(['姓名', '身份证号', '手机号', '所属网格', '人员类型']);
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(1950, 0, 1) + (i % 18000) * 86400000);
    const birth = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
    const seq = String(Math.floor(i / 18000)).padStart(3, '0');
    // 330421 (嘉善): no collision with the demo's Pinghu-born residents, so every row is an insert.
    const id = residentIdWithCheck(`330421${birth}${seq}`);
    const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`;
    sheet.addRow([
      name,
      id,
      `139${String(10_000_000 + i).slice(-8)}`,
      gridPaths[i % gridPaths.length],
      '户籍',
    ]);
  }
  sheet.getColumn(2).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

export async function measureImport(database: 'pglite' | 'postgres', rows: number): Promise<ImportFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridline-bench-import-'));
  let dbName: string | undefined;
  const adminUrl = testDatabaseUrl();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO: 'true',
    ADMIN_PASSWORD,
    DATABASE_URL: '',
  };
  if (database === 'postgres') {
    dbName = `gl_bench_import_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    env.DATABASE_URL = withDatabase(adminUrl, dbName);
  }
  const server = await startServer(loadConfig(env));
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };
    const grids = (await (
      await fetch(`${server.url}/api/areas/search?q=${encodeURIComponent('网格')}&level=grid&limit=100`, {
        headers,
      })
    ).json()) as { items: Array<{ path: string }> };
    const file = await buildWorkbook(
      rows,
      grids.items.map((g) => g.path),
    );

    let t = performance.now();
    const upload = await fetch(`${server.url}/api/imports?registry=people&fileName=bench.xlsx`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file),
    });
    const job = (await upload.json()) as { id: string; errorCount: number };
    if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(job)}`);
    const uploadAndPreviewSeconds = (performance.now() - t) / 1000;
    if (job.errorCount > 0) throw new Error(`${job.errorCount} rows failed validation`);

    t = performance.now();
    const apply = await fetch(`${server.url}/api/imports/${job.id}/apply`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    if (apply.status !== 202) throw new Error(`apply failed: ${apply.status} ${await apply.text()}`);
    const latencies: number[] = [];
    let status = 'applying';
    let inserted = 0;
    while (status === 'applying') {
      const h0 = performance.now();
      await fetch(`${server.url}/api/health`);
      latencies.push(performance.now() - h0);
      const state = (await (await fetch(`${server.url}/api/imports/${job.id}`, { headers })).json()) as {
        status: string;
        insertedRows: number;
      };
      status = state.status;
      inserted = state.insertedRows;
      await new Promise((r) => setTimeout(r, 200));
    }
    const applySeconds = (performance.now() - t) / 1000;
    if (status !== 'succeeded') throw new Error(`import ended ${status}`);
    latencies.sort((a, b) => a - b);
    return {
      database,
      rows,
      uploadAndPreviewSeconds: Math.round(uploadAndPreviewSeconds * 10) / 10,
      applySeconds: Math.round(applySeconds * 10) / 10,
      rowsPerSecond: Math.round(rows / (uploadAndPreviewSeconds + applySeconds)),
      health: {
        samples: latencies.length,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        maxMs: percentile(latencies, 100),
      },
      inserted,
    };
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}
