// xlsx import of N people through the real HTTP API: upload + preview time, apply time, rows/s, and
// how long GET /api/health takes while the apply runs (does the server stall?).
import { execFileSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { areas } from '../src/server/modules/areas/areas.tables.ts';
import { residentIdWithCheck } from '../src/shared/identifiers.ts';
import { BENCH_ADMIN_PASSWORD, startBenchServer, uncommittedServerFiles } from './bench-server.ts';

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  over1s: number;
  failed: number;
}

export interface ImportFigures {
  database: 'pglite' | 'postgres';
  /** The code measured: HEAD, and any uncommitted server changes that were in the tree. */
  commit: string;
  uncommittedServerFiles: string[];
  rows: number;
  fileMiB: number;
  uploadAndPreviewSeconds: number;
  applySeconds: number;
  rowsPerSecond: number;
  /** GET /api/health sent every 200 ms during the apply, whether or not the previous one had answered. */
  health: LatencyFigures;
  /** The same for a request that needs no database (GET /api/auth/me without a session: 401). */
  noDatabaseRequest: LatencyFigures;
  inserted: number;
}

const POLL_MS = 200;

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function buildWorkbook(rows: number, gridPaths: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('人员');
  sheet.addRow(['姓名', '身份证号', '手机号', '所属网格', '人员类型']);
  sheet.getColumn(2).numFmt = '@';
  sheet.getColumn(3).numFmt = '@';
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗';
  const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(1950, 0, 1) + (i % 18000) * 86400000);
    const birth = `${day.getUTCFullYear()}${String(day.getUTCMonth() + 1).padStart(2, '0')}${String(day.getUTCDate()).padStart(2, '0')}`;
    const seq = String(Math.floor(i / 18000)).padStart(3, '0');
    // 330421 (嘉善): no collision with the demo's Pinghu-born residents, so every row is an insert.
    const id = residentIdWithCheck(`330421${birth}${seq}`);
    const name = `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 13) % given.length]}`;
    const row = sheet.addRow([
      name,
      id,
      `139${String(10_000_000 + i).slice(-8)}`,
      gridPaths[i % gridPaths.length],
      '户籍',
    ]);
    // Text cells, as a clerk's sheet keeps ID numbers (a number cell would lose the last digits).
    row.getCell(2).numFmt = '@';
    row.getCell(3).numFmt = '@';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[index] as number) * 10) / 10;
}

// The poller runs on its own thread: the server shares this one, and a poller here would stop sending
// (and stop its clocks) exactly while the server blocks the event loop, hiding the stall it should show.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
const probes = workerData.probes.map((p) => ({ ...p, latencies: [], failed: 0 }));
let pending = 0;
let stopping = false;
const done = () =>
  parentPort.postMessage(probes.map((p) => ({ latencies: p.latencies, failed: p.failed })));
const send = (probe) => {
  const started = performance.now();
  pending++;
  fetch(probe.url, { signal: AbortSignal.timeout(300000) })
    .then(async (res) => {
      await res.arrayBuffer();
      if (res.status === probe.status) probe.latencies.push(performance.now() - started);
      else probe.failed++;
    })
    .catch(() => probe.failed++)
    .finally(() => {
      pending--;
      if (stopping && pending === 0) done();
    });
};
const tick = () => probes.forEach(send);
tick();
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => {
  stopping = true;
  clearInterval(timer);
  if (pending === 0) done();
});
`;

interface Polled {
  latencies: number[];
  failed: number;
}

/**
 * Sends GET /api/health (which reads the database) and an unauthenticated GET /api/auth/me (answered 401
 * before any query: the event loop alone) every POLL_MS until stopped, without waiting for earlier answers,
 * so a stall shows as many slow samples rather than one, and says whether it is the database or the loop.
 */
function pollServer(url: string): { stop: () => Promise<{ health: Polled; loop: Polled }> } {
  const worker = new Worker(POLLER, {
    eval: true,
    workerData: {
      intervalMs: POLL_MS,
      probes: [
        { url: `${url}/api/health`, status: 200 },
        { url: `${url}/api/auth/me`, status: 401 },
      ],
    },
  });
  return {
    stop: async () => {
      const result = new Promise<Polled[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const [health, loop] = await result;
      await worker.terminate();
      if (!health || !loop) throw new Error('the poller answered nothing');
      return { health, loop };
    },
  };
}

function summarise({ latencies, failed }: Polled): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: percentile(sorted, 100),
    over1s: sorted.filter((l) => l > 1000).length,
    failed,
  };
}

export async function measureImport(
  database: 'pglite' | 'postgres',
  rows: number,
  log: (line: string) => void = (line) => console.error(line),
): Promise<ImportFigures> {
  log(`[${database}] starting the server with the pinghu-2020 demo …`);
  const bench = await startBenchServer(database, { name: 'import' });
  try {
    const server = bench.server;
    const url = server.url;
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };

    // Real grids of the demo, by path, as the import's 所属网格 column accepts.
    const gridPaths = (
      await server.database.db
        .select({ path: areas.path })
        .from(areas)
        .where(and(eq(areas.level, 'grid'), eq(areas.active, true)))
        .orderBy(areas.path)
    ).map((g) => g.path);
    if (gridPaths.length === 0) throw new Error('the demo has no grids');
    log(
      `[${database}] writing an xlsx of ${rows.toLocaleString('en')} people over ${gridPaths.length} grids …`,
    );
    const file = await buildWorkbook(rows, gridPaths);

    log(`[${database}] uploading ${(file.length / 2 ** 20).toFixed(1)} MiB …`);
    let t = performance.now();
    const upload = await fetch(`${url}/api/imports?registry=people&fileName=bench.xlsx`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(file),
    });
    const job = (await upload.json()) as { id: string; errorCount: number; status: string };
    if (upload.status !== 201) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(job)}`);
    const uploadAndPreviewSeconds = (performance.now() - t) / 1000;
    if (job.errorCount > 0) throw new Error(`${job.errorCount} rows failed validation`);

    log(`[${database}] applying …`);
    t = performance.now();
    const poller = pollServer(url);
    let status = 'applying';
    let inserted = 0;
    let polled: { health: Polled; loop: Polled } | undefined;
    try {
      const apply = await fetch(`${url}/api/imports/${job.id}/apply`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      });
      if (apply.status !== 202) throw new Error(`apply failed: ${apply.status} ${await apply.text()}`);
      const deadline = Date.now() + 30 * 60_000;
      while (status !== 'succeeded' && status !== 'failed') {
        if (Date.now() > deadline) throw new Error('the apply did not finish in 30 minutes');
        await new Promise((r) => setTimeout(r, POLL_MS));
        const state = (await (await fetch(`${url}/api/imports/${job.id}`, { headers })).json()) as {
          status: string;
          insertedRows: number | null;
        };
        status = state.status;
        inserted = state.insertedRows ?? 0;
      }
    } finally {
      polled = await poller.stop();
    }
    const applySeconds = (performance.now() - t) / 1000;
    if (status !== 'succeeded') throw new Error(`import ended ${status}`);
    return {
      database,
      commit: git(['rev-parse', '--short', 'HEAD']),
      uncommittedServerFiles: uncommittedServerFiles(),
      rows,
      fileMiB: Math.round((file.length / 2 ** 20) * 10) / 10,
      uploadAndPreviewSeconds: Math.round(uploadAndPreviewSeconds * 10) / 10,
      applySeconds: Math.round(applySeconds * 10) / 10,
      rowsPerSecond: Math.round(rows / (uploadAndPreviewSeconds + applySeconds)),
      health: summarise(polled.health),
      noDatabaseRequest: summarise(polled.loop),
      inserted,
    };
  } finally {
    await bench.stop();
  }
}

export function importsTable(figures: ImportFigures[]): string {
  const lines = [
    '| database | rows | upload+preview s | apply s | rows/s overall | health p50 / p95 / max ms | samples (>1 s) | no-DB request p50 / p95 / max ms | commit |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const f of figures) {
    const commit = f.uncommittedServerFiles.length > 0 ? `${f.commit} + uncommitted` : f.commit;
    lines.push(
      `| ${f.database} | ${f.rows.toLocaleString('en')} | ${f.uploadAndPreviewSeconds} | ${f.applySeconds} | ${f.rowsPerSecond} | ${f.health.p50Ms} / ${f.health.p95Ms} / ${f.health.maxMs} | ${f.health.samples} (${f.health.over1s}) | ${f.noDatabaseRequest.p50Ms} / ${f.noDatabaseRequest.p95Ms} / ${f.noDatabaseRequest.maxMs} | ${commit} |`,
    );
  }
  return lines.join('\n');
}
