// Daily-record figures through the real HTTP API of an in-process server on the pinghu-2020 demo:
// (a) sustained ingest of checkpoint passes through POST /api/records/batch: `connections` clients at
//     once, each sending batches of `batch` passes with unique idempotency keys for `seconds` after a
//     warm-up, from a worker thread (its own event loop, so the client neither waits for the server's
//     loop nor hides its stalls): records/s and per-request p50/p95/p99;
// (b) the ceiling: a raw COPY of the same rows into the same table (psql's COPY FROM STDIN on
//     PostgreSQL, COPY FROM '/dev/blob' on PGlite), and the ratio HTTP / COPY;
// (c) the "not yet reported" list of one town at `residents` residents (people, a screening each and
//     a screening record for 70 % of them on the day, all written by SQL), GET /api/compliance/missing
//     as the town's staff: p50/p95 of the first page and of a later keyset page.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/server/core/db/client.ts';
import { ensureRecordPartitions } from '../src/server/modules/records/records.partitions.ts';
import { reportingDay } from '../src/shared/record-forms.ts';
import { BENCH_DEMO_PASSWORD, startBenchServer, uncommittedServerFiles } from './bench-server.ts';

export interface Timing {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface RecordBenchFigures {
  database: 'pglite' | 'postgres';
  commit: string;
  /** The machine's 1/5/15-minute load averages: other work on the 2 cores weighs on every figure. */
  loadAverage: { atStart: number[]; atEnd: number[] };
  uncommittedServerFiles: string[];
  ingest: {
    connections: number;
    batch: number;
    warmupSeconds: number;
    seconds: number;
    requests: number;
    records: number;
    recordsPerSecond: number;
    duplicates: number;
    rejectedItems: number;
    failedRequests: number;
    perRequest: Timing;
    target: { recordsPerSecond: number; p99Ms: number; met: boolean };
  };
  ceiling: {
    method: string;
    rows: number;
    seconds: number;
    rowsPerSecond: number;
    /** HTTP records/s over COPY rows/s. */
    httpShare: number;
  };
  missing: null | {
    town: string;
    residents: number;
    screened: number;
    reportedOnDay: number;
    notYetReported: number;
    setupSeconds: number;
    day: string;
    requests: number;
    pageSize: number;
    firstPage: Timing;
    laterPage: Timing & { page: number };
    board: Timing;
    target: { p95Ms: number; met: boolean };
  };
}

const TOWN = '当湖街道';
const TOWN_USER = 'danghu';
const PAGE_SIZE = 50;
const LATER_PAGE = 5;
const TARGET_RECORDS_PER_SECOND = 5000;
const TARGET_P99_MS = 100;
const TARGET_MISSING_P95_MS = 200;
const SCREENING_VALUES = {
  temperature: 36.5,
  symptoms: ['none'],
  travel_14d: false,
  quarantine_status: 'none',
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? 0
      : Math.round(
          (sorted[
            Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
          ] as number) * 10,
        ) / 10;
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return {
    samples: sorted.length,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: at(100),
    meanMs: Math.round(mean * 10) / 10,
  };
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

interface Session {
  headers: Record<string, string>;
}

async function login(url: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`${username} login failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

/**
 * fetch, retried once when the connection fails: a kept-alive socket the server dropped while PGlite
 * held the event loop (the million-row setup blocks it for minutes) answers ECONNRESET.
 */
async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    return fetch(input, init);
  }
}

async function getJson<T>(url: string, session: Session, pathname: string): Promise<{ ms: number; json: T }> {
  const started = performance.now();
  const res = await send(`${url}${pathname}`, { headers: session.headers });
  const json = (await res.json()) as T;
  const ms = performance.now() - started;
  if (res.status !== 200)
    throw new Error(`GET ${pathname}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return { ms, json };
}

async function timeGets(
  url: string,
  session: Session,
  pathname: string,
  requests: number,
  warmup = 5,
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await getJson(url, session, pathname);
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push((await getJson(url, session, pathname)).ms);
  return summarise(samples);
}

// ── (a) HTTP ingest ──────────────────────────────────────────────────────────

/**
 * The load generator, in CommonJS for a worker thread: keep-alive sockets, one loop per connection,
 * realistic checkpoint passes (85 % people with a temperature, 15 % vehicles with a plate; a fever
 * in about one pass of 5,000), unique keys. A request counts when it started inside the measured window.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, connections, batch, places, runId, warmupMs, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url + '/api/records/batch');
const origins = ['平湖市区', '嘉兴市区', '嘉善县', '海盐县', '上海市金山区', '上海市松江区', '桐乡市'];
const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
let seq = 0;
const pick = (a) => a[Math.floor(Math.random() * a.length)];
function payload() {
  const items = [];
  const observedAt = new Date().toISOString();
  for (let i = 0; i < batch; i++) {
    seq++;
    const vehicle = Math.random() < 0.15;
    const visitor = Math.random() < 0.1;
    const values = { party: vehicle ? 'vehicle' : 'person', direction: Math.random() < 0.5 ? 'in' : 'out',
      mask: Math.random() < 0.995, visitor_type: visitor ? 'visitor' : 'resident' };
    if (!vehicle) values.temperature = Math.random() < 0.0002 ? 37.6 : Math.round((35.8 + Math.random() * 1.3) * 10) / 10;
    if (visitor) values.origin = pick(origins);
    if (vehicle) values.plate = '浙F' + pick(letters) + String(Math.floor(Math.random() * 100000)).padStart(5, '0');
    items.push({ key: runId + '-' + seq, formKey: 'checkpoint_pass', subject: { kind: 'place', id: places[seq % places.length] },
      observedAt, values });
  }
  return JSON.stringify({ channel: 'ingest', items });
}
function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', agent,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
const start = Date.now() + warmupMs;
const end = start + durationMs;
const out = { latencies: [], created: 0, duplicates: 0, rejected: 0, failed: 0, errors: [], lastEnd: start };
async function loop() {
  while (Date.now() < end) {
    const body = payload();
    const sentAt = Date.now();
    const t = performance.now();
    let res;
    try { res = await post(body); } catch (e) { if (sentAt >= start) { out.failed++; if (out.errors.length < 3) out.errors.push(String(e)); } continue; }
    const ms = performance.now() - t;
    if (sentAt < start) continue;
    out.lastEnd = Math.max(out.lastEnd, Date.now());
    if (res.status !== 200) { out.failed++; if (out.errors.length < 3) out.errors.push(res.status + ' ' + res.body.slice(0, 300)); continue; }
    const j = JSON.parse(res.body);
    out.latencies.push(ms);
    out.created += j.created;
    out.duplicates += j.duplicates;
    out.rejected += j.invalid + (j.notFound || 0);
    if (j.invalid > 0 && out.errors.length < 3) out.errors.push(JSON.stringify(j.results.find((r) => r.status !== 'created')));
  }
}
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  out.seconds = (out.lastEnd - start) / 1000;
  parentPort.postMessage(out);
});
`;

interface ClientResult {
  latencies: number[];
  created: number;
  duplicates: number;
  rejected: number;
  failed: number;
  errors: string[];
  seconds: number;
}

function runClient(workerData: Record<string, unknown>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData });
    worker.once('message', (message: ClientResult) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

// ── (b) the COPY ceiling ─────────────────────────────────────────────────────

const COPY_COLUMNS =
  'id, day, record_id, form_key, form_version, subject_kind, subject_id, area_path, observed_at, values, channel, client_key';

const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The same rows the ingest sends, as CSV for COPY. */
function copyCsv(count: number, places: { id: string; path: string }[], day: string, runId: string): string {
  const lines: string[] = [];
  const observedAt = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const place = places[i % places.length] as { id: string; path: string };
    const vehicle = Math.random() < 0.15;
    const values: Record<string, unknown> = {
      party: vehicle ? 'vehicle' : 'person',
      direction: Math.random() < 0.5 ? 'in' : 'out',
      mask: true,
      visitor_type: 'resident',
    };
    if (!vehicle) values.temperature = Math.round((35.8 + Math.random() * 1.3) * 10) / 10;
    else values.plate = `浙F${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
    const id = uuid();
    lines.push(
      [
        id,
        day,
        id,
        'checkpoint_pass',
        1,
        'place',
        place.id,
        place.path,
        observedAt,
        csvField(JSON.stringify(values)),
        'ingest',
        `copy-${runId}-${i}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function uuid(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function copyIntoPostgres(databaseUrl: string, csv: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const psql = spawn(
      'psql',
      [
        databaseUrl,
        '-v',
        'ON_ERROR_STOP=1',
        '-qc',
        `copy records (${COPY_COLUMNS}) from stdin with (format csv)`,
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    psql.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    psql.on('error', reject);
    psql.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed: ${stderr}`))));
    psql.stdin.end(csv);
  });
}

async function copyIntoPglite(db: Db, csv: string): Promise<void> {
  // drizzle's PGlite session keeps the client on $client.
  const client = (db as unknown as { $client: PGlite }).$client;
  await client.query(`copy records (${COPY_COLUMNS}) from '/dev/blob' with (format csv)`, [], {
    blob: new Blob([csv]),
  });
}

// ── (c) one town at scale ────────────────────────────────────────────────────

/**
 * `residents` people in the town's grids, each screened from `day` for 14 days, 70 % with the day's
 * screening record: one statement per chunk, ids derived from md5 so a chunk is reproducible.
 */
async function screenTown(
  db: Db,
  input: { townPath: string; residents: number; day: string; runId: string },
  log: (line: string) => void,
): Promise<void> {
  const chunk = 50_000;
  const started = Date.now();
  const values = JSON.stringify(SCREENING_VALUES);
  for (let lo = 1; lo <= input.residents; lo += chunk) {
    const hi = Math.min(input.residents, lo + chunk - 1);
    const prefix = `bench:${input.runId}`;
    await db.execute(sql`
      with grids as (
        select array_agg(id order by path) as ids, array_agg(path order by path) as paths
          from areas where level = 'grid' and path like ${`${input.townPath}.%`}
      ),
      src as materialized (
        select md5(${prefix} || ':person:' || g.n)::uuid as id, g.n,
               grids.ids[1 + g.n % cardinality(grids.ids)] as area_id,
               grids.paths[1 + g.n % cardinality(grids.paths)] as area_path
          from generate_series(${lo}::int, ${hi}::int) as g(n), grids
      ),
      new_people as (
        insert into people (id, name, area_id, area_path, resident_type)
        select id, '排摸居民' || lpad(n::text, 7, '0'), area_id, area_path, 'registered' from src
        returning id
      ),
      new_screenings as (
        insert into screenings (person_id, area_path, from_day, until_day, reason)
        select id, area_path, ${input.day}::date, ${input.day}::date + 13, '全员排摸（压测）' from src
        returning id
      )
      insert into records (id, day, record_id, form_key, form_version, subject_kind, subject_id, area_path,
                           observed_at, values, channel, client_key)
      select md5(${prefix} || ':record:' || n)::uuid, ${input.day}::date, md5(${prefix} || ':record:' || n)::uuid,
             'resident_screening', 1, 'person', id, area_path,
             ${input.day}::date + time '09:00' - interval '8 hours', ${values}::jsonb, 'staff',
             ${prefix} || ':screen:' || n
        -- 70 % reported, spread evenly: a hash, not n % 10 (which lines up with the grid n % grids falls in).
        from src where abs(hashtext(${prefix} || ':reported:' || n)) % 10 < 7`);
    if (hi % 200_000 === 0 || hi === input.residents)
      log(`  ${hi.toLocaleString('en')} residents screened, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  await db.execute(sql`analyze people`);
  await db.execute(sql`analyze screenings`);
  await db.execute(sql`analyze records`);
}

// ── the run ──────────────────────────────────────────────────────────────────

export interface RecordBenchOptions {
  connections: number;
  batch: number;
  seconds: number;
  warmupSeconds: number;
  copyRows: number;
  residents: number;
  requests: number;
}

export async function measureRecords(
  database: 'pglite' | 'postgres',
  options: RecordBenchOptions,
  log: (line: string) => void = (line) => console.error(line),
): Promise<RecordBenchFigures> {
  const loadAtStart = os.loadavg().map((x) => Math.round(x * 10) / 10);
  log(`[${database}] starting the server with the pinghu-2020 demo …`);
  const bench = await startBenchServer(database, { name: 'records' });
  try {
    const { url } = bench;
    const db = bench.server.database.db;
    const runId = `b${Date.now().toString(36)}`;
    const day = reportingDay(new Date());
    const [town] = await rows<{ id: string; path: string }>(
      db,
      sql`select id::text, path from areas where name = ${TOWN} and level = 'town'`,
    );
    if (!town) throw new Error(`${TOWN} missing`);
    const places = await rows<{ id: string; path: string }>(
      db,
      sql`select id::text, path from areas where kind = 'checkpoint' and active and path like ${`${town.path}.%`} order by path`,
    );
    if (places.length === 0) throw new Error(`no checkpoints in ${TOWN}`);
    const staff = await login(url, TOWN_USER, BENCH_DEMO_PASSWORD);

    // (a)
    log(
      `[${database}] ingest: ${options.connections} connections × batches of ${options.batch} checkpoint passes, ${options.warmupSeconds} s warm-up + ${options.seconds} s …`,
    );
    const before = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from records where form_key = 'checkpoint_pass'`,
    );
    const client = await runClient({
      url,
      headers: staff.headers,
      connections: options.connections,
      batch: options.batch,
      places: places.map((p) => p.id),
      runId,
      warmupMs: options.warmupSeconds * 1000,
      durationMs: options.seconds * 1000,
    });
    for (const error of client.errors) log(`[${database}]   ${error}`);
    const after = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from records where form_key = 'checkpoint_pass'`,
    );
    log(
      `[${database}]   ${client.created.toLocaleString('en')} created in the window; ${((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toLocaleString('en')} rows added in all`,
    );
    const perRequest = summarise(client.latencies);
    const recordsPerSecond = Math.round(client.created / client.seconds);

    // (b)
    log(`[${database}] ceiling: COPY of ${options.copyRows.toLocaleString('en')} rows …`);
    await ensureRecordPartitions(db, [day]);
    const csv = copyCsv(options.copyRows, places, day, runId);
    const copyStarted = performance.now();
    let method: string;
    if (bench.databaseUrl) {
      await copyIntoPostgres(bench.databaseUrl, csv);
      method = 'COPY records FROM STDIN (csv, psql)';
    } else {
      await copyIntoPglite(db, csv);
      method = "COPY records FROM '/dev/blob' (csv, in-process PGlite)";
    }
    const copySeconds = (performance.now() - copyStarted) / 1000;
    const copyRowsPerSecond = Math.round(options.copyRows / copySeconds);

    // (c)
    let missing: RecordBenchFigures['missing'] = null;
    if (options.residents > 0) {
      log(`[${database}] screening ${options.residents.toLocaleString('en')} residents of ${TOWN} (SQL) …`);
      const setupStarted = performance.now();
      await screenTown(db, { townPath: town.path, residents: options.residents, day, runId }, log);
      const setupSeconds = (performance.now() - setupStarted) / 1000;
      const [counts] = await rows<{ screened: number; reported: number }>(
        db,
        sql`select (select count(*)::int from screenings s where s.area_path like ${`${town.path}.%`}
                      and ${day}::date between s.from_day and coalesce(s.until_day, ${day}::date)) as screened,
                   (select count(*)::int from records r where r.form_key = 'resident_screening' and r.day = ${day}::date
                      and r.area_path like ${`${town.path}.%`}) as reported`,
      );
      const base = `/api/compliance/missing?formKey=resident_screening&day=${day}&areaId=${town.id}&limit=${PAGE_SIZE}`;
      log(`[${database}]   timing ${options.requests} requests of ${base} …`);
      const firstPage = await timeGets(url, staff, base, options.requests);
      let pathname = base;
      let page = 1;
      while (page < LATER_PAGE) {
        const { json } = await getJson<{ nextCursor: string | null }>(url, staff, pathname);
        if (!json.nextCursor) break;
        pathname = `${base}&cursor=${encodeURIComponent(json.nextCursor)}`;
        page++;
      }
      const laterPage = { page, ...(await timeGets(url, staff, pathname, options.requests)) };
      const board = await timeGets(
        url,
        staff,
        `/api/compliance?day=${day}&areaId=${town.id}`,
        // The board counts the whole town: seconds at a million, so fewer samples.
        Math.max(10, Math.round(options.requests / 20)),
        1,
      );
      missing = {
        town: TOWN,
        residents: options.residents,
        screened: counts?.screened ?? 0,
        reportedOnDay: counts?.reported ?? 0,
        notYetReported: (counts?.screened ?? 0) - (counts?.reported ?? 0),
        setupSeconds: Math.round(setupSeconds * 10) / 10,
        day,
        requests: options.requests,
        pageSize: PAGE_SIZE,
        firstPage,
        laterPage,
        board,
        target: {
          p95Ms: TARGET_MISSING_P95_MS,
          met: firstPage.p95Ms < TARGET_MISSING_P95_MS && laterPage.p95Ms < TARGET_MISSING_P95_MS,
        },
      };
    }

    return {
      database,
      commit: git(['rev-parse', '--short', 'HEAD']),
      loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => Math.round(x * 10) / 10) },
      uncommittedServerFiles: uncommittedServerFiles(),
      ingest: {
        connections: options.connections,
        batch: options.batch,
        warmupSeconds: options.warmupSeconds,
        seconds: Math.round(client.seconds * 10) / 10,
        requests: client.latencies.length,
        records: client.created,
        recordsPerSecond,
        duplicates: client.duplicates,
        rejectedItems: client.rejected,
        failedRequests: client.failed,
        perRequest,
        target: {
          recordsPerSecond: TARGET_RECORDS_PER_SECOND,
          p99Ms: TARGET_P99_MS,
          met: recordsPerSecond >= TARGET_RECORDS_PER_SECOND && perRequest.p99Ms < TARGET_P99_MS,
        },
      },
      ceiling: {
        method,
        rows: options.copyRows,
        seconds: Math.round(copySeconds * 100) / 100,
        rowsPerSecond: copyRowsPerSecond,
        httpShare: Math.round((recordsPerSecond / copyRowsPerSecond) * 1000) / 1000,
      },
      missing,
    };
  } finally {
    await bench.stop();
  }
}

export function recordsTable(figures: RecordBenchFigures[]): string {
  const lines = ['| database | measure | figure |', '|---|---|---|'];
  for (const f of figures) {
    const i = f.ingest;
    const row = (what: string, figure: string) => lines.push(`| ${f.database} | ${what} | ${figure} |`);
    row(
      `POST /api/records/batch, ${i.connections} connections × ${i.batch} passes, ${i.seconds} s`,
      `${i.recordsPerSecond.toLocaleString('en')} records/s; per request p50 ${i.perRequest.p50Ms} / p95 ${i.perRequest.p95Ms} / p99 ${i.perRequest.p99Ms} ms (${i.requests} requests, ${i.failedRequests} failed, ${i.rejectedItems} items rejected)${i.target.met ? '' : ' — below target'}`,
    );
    row(
      f.ceiling.method,
      `${f.ceiling.rowsPerSecond.toLocaleString('en')} rows/s (${f.ceiling.rows.toLocaleString('en')} in ${f.ceiling.seconds} s); HTTP / COPY = ${f.ceiling.httpShare}`,
    );
    if (f.missing) {
      const m = f.missing;
      row(
        `GET /api/compliance/missing, ${m.town}: ${m.screened.toLocaleString('en')} screened, ${m.notYetReported.toLocaleString('en')} not reported`,
        `page 1 p50 ${m.firstPage.p50Ms} / p95 ${m.firstPage.p95Ms} ms; keyset page ${m.laterPage.page} p50 ${m.laterPage.p50Ms} / p95 ${m.laterPage.p95Ms} ms${m.target.met ? '' : ' — above target'}`,
      );
      row(`GET /api/compliance (the board), ${m.town}`, `p50 ${m.board.p50Ms} / p95 ${m.board.p95Ms} ms`);
    }
  }
  return lines.join('\n');
}
