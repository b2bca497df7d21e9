// Case figures through the real HTTP API of an in-process server on the pinghu-2020 demo:
// (a) create → accept → resolve throughput (an enterprise files a product filing, the market regulator
//     accepts and resolves it) with `concurrency` flows at once: flows/s and p50/p95 per step;
// (b) after `scale` synthetic cases (scenarios/scale/cases.ts): p50/p95 of the busiest liaison's inbox
//     (GET /api/cases?view=mine, first page and a keyset page) and of the overdue list (GET
//     /api/cases-overdue and GET /api/cases?view=overdue, first page and a keyset page) as the supervisor.
import { execFileSync } from 'node:child_process';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { users } from '../src/server/core/db/core.tables.ts';
import { cases } from '../src/server/modules/cases/cases.tables.ts';
import { BENCH_DEMO_PASSWORD, startBenchServer, uncommittedServerFiles } from './bench-server.ts';
import { generateCases } from '../scenarios/scale/cases.ts';

export interface Timing {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

export interface KeysetTiming extends Timing {
  /** The page timed: LATER_PAGE, or the list's last page when it is shorter. */
  page: number;
}

export interface CaseBenchFigures {
  database: 'pglite' | 'postgres';
  commit: string;
  uncommittedServerFiles: string[];
  throughput: {
    flows: number;
    concurrency: number;
    seconds: number;
    flowsPerSecond: number;
    failed: number;
    create: Timing;
    accept: Timing;
    resolve: Timing;
  };
  scale: {
    generated: number;
    casesInDatabase: number;
    generateSeconds: number;
    rowsPerSecond: number;
    open: number;
    overdue: number;
  };
  requests: number;
  pageSize: number;
  laterPage: number;
  inbox: {
    owner: string;
    ownedCases: number;
    openOwned: number;
    firstPage: Timing;
    keysetPage: KeysetTiming;
  };
  overdueList: { firstPage: Timing; keysetPage: KeysetTiming };
  overdueView: { firstPage: Timing; keysetPage: KeysetTiming };
}

const PAGE_SIZE = 50;
const LATER_PAGE = 5;

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
  return { samples: sorted.length, p50Ms: at(50), p95Ms: at(95), meanMs: Math.round(mean * 10) / 10 };
}

interface Session {
  headers: Record<string, string>;
}

/**
 * fetch, retried once when the connection fails: a kept-alive socket that the server dropped while
 * PGlite held the event loop (the generator blocks it for minutes) answers ECONNRESET.
 */
async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    return fetch(input, init);
  }
}

async function login(url: string, username: string, password: string): Promise<Session> {
  const res = await send(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`${username} login failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { headers: { cookie, 'x-csrf-token': csrfToken } };
}

async function call<T>(
  url: string,
  session: Session,
  method: 'GET' | 'POST',
  pathname: string,
  expected: number,
  body?: unknown,
): Promise<{ ms: number; json: T }> {
  const started = performance.now();
  const res = await send(`${url}${pathname}`, {
    method,
    headers: {
      ...session.headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  const ms = performance.now() - started;
  if (res.status !== expected)
    throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return { ms, json };
}

async function timeGets(url: string, session: Session, pathname: string, requests: number): Promise<Timing> {
  for (let i = 0; i < 5; i++) await call(url, session, 'GET', pathname, 200); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push((await call(url, session, 'GET', pathname, 200)).ms);
  return summarise(samples);
}

/**
 * Times page `page` (1-based, or the last page when the list is shorter) of a keyset-paged list,
 * reached by following nextCursor.
 */
async function timeKeysetPage(
  url: string,
  session: Session,
  base: string,
  page: number,
  requests: number,
): Promise<KeysetTiming> {
  let pathname = base;
  let reached = 1;
  while (reached < page) {
    const { json } = await call<{ nextCursor: string | null }>(url, session, 'GET', pathname, 200);
    if (!json.nextCursor) break;
    pathname = `${base}&cursor=${encodeURIComponent(json.nextCursor)}`;
    reached++;
  }
  return { page: reached, ...(await timeGets(url, session, pathname, requests)) };
}

async function throughput(url: string, flows: number, concurrency: number) {
  const enterprise = await login(url, 'zbhl', BENCH_DEMO_PASSWORD);
  const regulator = await login(url, 'scjg', BENCH_DEMO_PASSWORD);
  const create: number[] = [];
  const accept: number[] = [];
  const resolve: number[] = [];
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < flows) {
      const n = next++;
      try {
        const created = await call<{ id: string; version: number }>(
          url,
          enterprise,
          'POST',
          '/api/cases',
          201,
          {
            typeCode: 'filing_application',
            title: `医用防护口罩产品备案申请（压测 ${n}）`,
            description: '企业拟转产一次性使用医用口罩，申请产品备案。',
            fields: { product: '一次性使用医用口罩', standard: 'YY/T 0969-2013', daily_capacity: 10000 },
          },
        );
        create.push(created.ms);
        const accepted = await call<{ version: number }>(
          url,
          regulator,
          'POST',
          `/api/cases/${created.json.id}/actions/accept`,
          200,
          { version: created.json.version },
        );
        accept.push(accepted.ms);
        const resolved = await call<{ status: string }>(
          url,
          regulator,
          'POST',
          `/api/cases/${created.json.id}/actions/resolve`,
          200,
          { version: accepted.json.version, resolution: '资料齐全，已发放第一类医疗器械产品备案凭证。' },
        );
        if (resolved.json.status !== 'resolved') throw new Error(`resolve left ${resolved.json.status}`);
        resolve.push(resolved.ms);
      } catch (error) {
        failed++;
        if (failed <= 3) console.error(error instanceof Error ? error.message : error);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    flows,
    concurrency,
    seconds: Math.round(seconds * 10) / 10,
    flowsPerSecond: Math.round(((flows - failed) / seconds) * 10) / 10,
    failed,
    create: summarise(create),
    accept: summarise(accept),
    resolve: summarise(resolve),
  };
}

export async function measureCases(
  database: 'pglite' | 'postgres',
  options: { scale: number; flows: number; concurrency: number; requests: number },
  log: (line: string) => void = (line) => console.error(line),
): Promise<CaseBenchFigures> {
  log(`[${database}] starting the server with the pinghu-2020 demo …`);
  const bench = await startBenchServer(database, { name: 'cases' });
  try {
    const server = bench.server;
    const url = server.url;
    const db = server.database.db;

    log(`[${database}] ${options.flows} create → accept → resolve flows, ${options.concurrency} at once …`);
    const flows = await throughput(url, options.flows, options.concurrency);

    log(`[${database}] generating ${options.scale.toLocaleString('en')} cases …`);
    const generated = await generateCases(db, {
      cases: options.scale,
      seed: 7,
      onProgress: (done, seconds) =>
        log(`[${database}]   ${done.toLocaleString('en')} cases, ${seconds.toFixed(0)} s`),
    });
    const [{ n: casesInDatabase } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases);

    // The liaison with the most open cases (a few hundred at a million).
    const [busiest] = await db
      .select({
        username: users.username,
        open: sql<number>`count(*) filter (where ${inArray(cases.status, ['submitted', 'accepted', 'in_progress'])})::int`,
        owned: sql<number>`count(*)::int`,
      })
      .from(cases)
      .innerJoin(users, eq(users.id, cases.ownerUserId))
      .where(and(eq(users.role, 'liaison')))
      .groupBy(users.username)
      .orderBy(sql`2 desc`)
      .limit(1);
    if (!busiest) throw new Error('no liaison owns a case');
    const liaison = await login(url, busiest.username, BENCH_DEMO_PASSWORD);
    const supervisor = await login(url, 'dudao', BENCH_DEMO_PASSWORD);
    const requests = options.requests;
    log(
      `[${database}] timing ${requests} requests each (inbox of ${busiest.username}: ${busiest.open} open) …`,
    );
    const inboxBase = `/api/cases?view=mine&limit=${PAGE_SIZE}`;
    const overdueBase = `/api/cases-overdue?limit=${PAGE_SIZE}`;
    const overdueViewBase = `/api/cases?view=overdue&limit=${PAGE_SIZE}`;
    const inbox = {
      owner: busiest.username,
      ownedCases: busiest.owned,
      openOwned: busiest.open,
      firstPage: await timeGets(url, liaison, inboxBase, requests),
      keysetPage: await timeKeysetPage(url, liaison, inboxBase, LATER_PAGE, requests),
    };
    const overdueList = {
      firstPage: await timeGets(url, supervisor, overdueBase, requests),
      keysetPage: await timeKeysetPage(url, supervisor, overdueBase, LATER_PAGE, requests),
    };
    const overdueView = {
      firstPage: await timeGets(url, supervisor, overdueViewBase, requests),
      keysetPage: await timeKeysetPage(url, supervisor, overdueViewBase, LATER_PAGE, requests),
    };
    return {
      database,
      commit: git(['rev-parse', '--short', 'HEAD']),
      uncommittedServerFiles: uncommittedServerFiles(),
      throughput: flows,
      scale: {
        generated: generated.cases,
        casesInDatabase,
        generateSeconds: Math.round(generated.seconds * 10) / 10,
        rowsPerSecond: generated.rowsPerSecond,
        open: generated.open,
        overdue: generated.overdue,
      },
      requests,
      pageSize: PAGE_SIZE,
      laterPage: LATER_PAGE,
      inbox,
      overdueList,
      overdueView,
    };
  } finally {
    await bench.stop();
  }
}

export function casesTable(figures: CaseBenchFigures[]): string {
  const lines = ['| database | cases | measure | p50 ms | p95 ms |', '|---|---:|---|---:|---:|'];
  for (const f of figures) {
    const n = f.scale.casesInDatabase.toLocaleString('en');
    const t = f.throughput;
    const row = (what: string, timing: Timing, size = n) =>
      lines.push(`| ${f.database} | ${size} | ${what} | ${timing.p50Ms} | ${timing.p95Ms} |`);
    lines.push(
      `| ${f.database} | demo | ${t.flows} create→accept→resolve flows, ${t.concurrency} concurrent: ${t.flowsPerSecond} flows/s (${t.failed} failed) | | |`,
    );
    row('  POST /api/cases (create)', t.create, 'demo');
    row('  accept', t.accept, 'demo');
    row('  resolve', t.resolve, 'demo');
    row(`inbox (view=mine, ${f.inbox.openOwned} open of ${f.inbox.ownedCases}), page 1`, f.inbox.firstPage);
    row(`inbox, keyset page ${f.inbox.keysetPage.page}`, f.inbox.keysetPage);
    row('GET /api/cases-overdue, page 1', f.overdueList.firstPage);
    row(`GET /api/cases-overdue, keyset page ${f.overdueList.keysetPage.page}`, f.overdueList.keysetPage);
    row('GET /api/cases?view=overdue, page 1', f.overdueView.firstPage);
    row(
      `GET /api/cases?view=overdue, keyset page ${f.overdueView.keysetPage.page}`,
      f.overdueView.keysetPage,
    );
  }
  return lines.join('\n');
}
