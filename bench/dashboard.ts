// The dashboard read API's latency at city scale: an in-process server on the pinghu-2020 demo, its
// dashboard_cells filled directly (one INSERT … SELECT; then dashboard_totals rebuilt from them, timed)
// for a 1,000,000-resident city over 30 days — every grid and community of the demo's 8 towns, every records metric every day, problems by
// department, refunds with turnaround samples, above-scale enterprises by industry as stock changes,
// today's overdue gauge — then each dashboard route timed with sequential requests (p50/p95) as the
// command office (whole city) and a town's staff. The rows behind a number read raw tables and are
// timed on the demo's own February 2020 records.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/server/core/db/client.ts';
import { refresherOf } from '../src/server/modules/dashboard/rollups.refresher.ts';
import { rebuildTotals } from '../src/server/modules/dashboard/rollups.repo.ts';
import { addDays } from '../src/server/modules/dashboard/dashboard.rules.ts';
import { reportingDay } from '../src/shared/record-forms.ts';
import { BENCH_DEMO_PASSWORD, startBenchServer, uncommittedServerFiles } from './bench-server.ts';

const TOWN = '当湖街道';
const TOWN_USER = 'danghu';
const CITY_USER = 'command';
const TARGET_P95_MS = 100;

export interface Timing {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface DashboardApiFigures {
  database: 'pglite' | 'postgres';
  commit: string;
  loadAverage: { atStart: number[]; atEnd: number[] };
  uncommittedServerFiles: string[];
  scenario: {
    residents: number;
    days: number;
    from: string;
    to: string;
    towns: number;
    communities: number;
    grids: number;
    cells: number;
    fillSeconds: number;
    /** dashboard_totals rows (city and towns) rebuilt from the cells, and how long that took. */
    totals: number;
    totalsSeconds: number;
  };
  requests: number;
  routes: Record<string, Timing & { url: string }>;
  target: { p95Ms: number; met: boolean; slowest: string };
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

const load = () => os.loadavg().map((x) => Math.round(x * 10) / 10);

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(
      (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0) * 10,
    ) / 10;
  return { samples: sorted.length, p50Ms: at(50), p95Ms: at(95), maxMs: at(100) };
}

async function login(url: string, username: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`${username} login failed: ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

async function timeGets(url: string, headers: Record<string, string>, pathname: string, requests: number) {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${url}${pathname}`, { headers });
    await res.arrayBuffer();
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`GET ${pathname}: ${res.status}`);
    return ms;
  };
  for (let i = 0; i < 5; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) samples.push(await once());
  return summarise(samples);
}

const textArray = (values: readonly string[]) => `{${values.map((v) => `"${v}"`).join(',')}}`;

/**
 * The cells of a `residents`-resident city over [from, to] on every community and grid path: records
 * metrics every path-day; problem metrics on ~2 departments per path-day; refunds on 2 % of them with a
 * turnaround sample; above-scale enterprises and resumptions by 3 industries per path as an opening
 * stock 60 days before plus changes on 10 % of days; the overdue gauge today. Values scale with the
 * residents per path.
 */
export async function fillCells(
  db: Db,
  input: { paths: string[]; from: string; to: string; residents: number },
) {
  const perPath = Math.max(1, Math.round(input.residents / input.paths.length));
  const paths = textArray(input.paths);
  const departments = (await rows<{ code: string }>(db, sql`select code from departments order by code`)).map(
    (d) => d.code,
  );
  const depts = textArray(departments.length > 0 ? departments : ['economy', 'tax', 'market_regulation']);
  const deptShare = Math.min(1, 2 / Math.max(1, departments.length));
  const days = sql`generate_series(${input.from}::date, ${input.to}::date, interval '1 day')`;
  const upsert = sql`on conflict (metric, area_path, day, dim) do update set value = excluded.value, samples = excluded.samples`;
  // Records family: every path, every day (fevers on 10 % of path-days).
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select m.metric, p.path, d.day::date, '', round(m.scale * (0.6 + 0.8 * random()))
      from unnest(${paths}::text[]) p(path)
     cross join ${days} d(day)
     cross join (values ('enterprise_reports', 3.0), ('staff_on_duty', 450.0), ('staff_returned', 380.0),
                        ('capacity_percent_sum', 240.0), ('screenings_expected', ${perPath}::float8),
                        ('screenings_done', ${perPath * 0.9}::float8), ('fever_alerts', 1.0),
                        ('checkpoint_passes', ${perPath * 0.4}::float8)) m(metric, scale)
     where m.metric <> 'fever_alerts' or random() < 0.1
    ${upsert}`);
  // Cases family: problems by department on ~2 departments per path-day.
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select m.metric, p.path, d.day::date, k.code, ceil(m.scale * random())
      from unnest(${paths}::text[]) p(path)
     cross join ${days} d(day)
     cross join unnest(${depts}::text[]) k(code)
     cross join (values ('problems_opened', 3.0), ('problems_responded_on_time', 2.0), ('problems_resolved', 3.0),
                        ('problems_resolved_on_time', 2.0), ('problems_rated', 2.0), ('problems_satisfied', 2.0)) m(metric, scale)
     where random() < ${deptShare}
    ${upsert}`);
  // Refunds: 2 % of path-days, one tax cell with its turnaround samples.
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value, samples)
    select m.metric, x.path, x.day, 'tax',
           case m.metric when 'refunds_paid' then 1 when 'refunds_amount' then x.amount else 1 end,
           case when m.metric = 'refund_turnaround_median' then array[x.hours] end
      from (select p.path, d.day::date as day, round(50000 + 400000 * random()) as amount, round(2 + 46 * random()) as hours
              from unnest(${paths}::text[]) p(path) cross join ${days} d(day) where random() < 0.02) x
     cross join (values ('refunds_paid'), ('refunds_amount'), ('refund_turnaround_median')) m(metric)
    ${upsert}`);
  // Orgs family: an opening stock 60 days before, then resumptions on 10 % of days, 3 industries a path.
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select m.metric, p.path, ${addDays(input.from, -60)}::date, i.code, m.value
      from unnest(${paths}::text[]) p(path)
     cross join unnest('{C,F,G}'::text[]) i(code)
     cross join (values ('enterprises_above_scale', 4.0), ('enterprises_resumed', 1.0)) m(metric, value)
    ${upsert}`);
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select 'enterprises_resumed', p.path, d.day::date, i.code, 1
      from unnest(${paths}::text[]) p(path)
     cross join unnest('{C,F,G}'::text[]) i(code)
     cross join ${days} d(day)
     where random() < 0.1
    ${upsert}`);
  // The overdue gauge: today's cell on 30 % of path × department.
  await db.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select 'problems_overdue', p.path, ${input.to}::date, k.code, ceil(3 * random())
      from unnest(${paths}::text[]) p(path) cross join unnest(${depts}::text[]) k(code)
     where random() < 0.3
    ${upsert}`);
  await db.execute(sql`analyze dashboard_cells`);
}

export async function measureDashboardApi(
  database: 'pglite' | 'postgres',
  options: { residents: number; requests: number },
  log: (line: string) => void = (line) => console.error(line),
): Promise<DashboardApiFigures> {
  const atStart = load();
  log(`[${database}] starting the server with the pinghu-2020 demo …`);
  const bench = await startBenchServer(database, { name: 'dashboard-api' });
  try {
    const { url } = bench;
    const db = bench.server.database.db;
    // The demo's own rollups first, so the refresher does not compete with the timed requests.
    await refresherOf(bench.server.database)?.idle();
    const areas = await rows<{ id: string; path: string; level: string; name: string }>(
      db,
      sql`select id::text, path, level, name from areas where active and level in ('town', 'community', 'grid')`,
    );
    const town = areas.find((a) => a.level === 'town' && a.name === TOWN);
    if (!town) throw new Error(`${TOWN} missing`);
    const cellPaths = areas.filter((a) => a.level !== 'town').map((a) => a.path);
    const to = reportingDay(new Date());
    const from = addDays(to, -29);
    log(
      `[${database}] filling dashboard_cells for ${options.residents.toLocaleString('en')} residents, ${from} … ${to} …`,
    );
    const fillStarted = performance.now();
    await fillCells(db, { paths: cellPaths, from, to, residents: options.residents });
    const fillSeconds = Math.round((performance.now() - fillStarted) / 100) / 10;
    const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from dashboard_cells`);
    log(`[${database}]   ${(count?.n ?? 0).toLocaleString('en')} cells in ${fillSeconds} s`);
    // The cells were written directly: their city and town totals as the refresh would keep them.
    const totalsStarted = performance.now();
    await db.transaction((tx) => rebuildTotals(tx));
    await db.execute(sql`analyze dashboard_totals`);
    const totalsSeconds = Math.round((performance.now() - totalsStarted) / 100) / 10;
    const [totals] = await rows<{ n: number }>(db, sql`select count(*)::int as n from dashboard_totals`);
    log(`[${database}]   ${(totals?.n ?? 0).toLocaleString('en')} totals rebuilt in ${totalsSeconds} s`);

    const city = await login(url, CITY_USER);
    const townStaff = await login(url, TOWN_USER);
    const range = `from=${from}&to=${to}`;
    const routes: Array<[string, Record<string, string>, string]> = [
      ['summary city (default range)', city, '/api/dashboard/summary'],
      ['summary town', townStaff, `/api/dashboard/summary?${range}`],
      ['breakdown city resumption_rate', city, `/api/dashboard/breakdown?metric=resumption_rate&${range}`],
      [
        'breakdown town checkpoint_passes',
        townStaff,
        `/api/dashboard/breakdown?metric=checkpoint_passes&${range}`,
      ],
      [
        'trend city 6 metrics',
        city,
        `/api/dashboard/trend?metrics=checkpoint_passes,screening_coverage,resumption_rate,problems_opened,on_time_resolution_rate,refunds_amount&${range}`,
      ],
      [
        'dimension city problems_resolved',
        city,
        `/api/dashboard/dimension?metric=problems_resolved&${range}`,
      ],
      ['dimension city resumption_rate', city, `/api/dashboard/dimension?metric=resumption_rate&${range}`],
      ['geo city', city, '/api/dashboard/geo'],
      [
        'rows city checkpoint_passes (demo records)',
        city,
        '/api/dashboard/rows?metric=checkpoint_passes&from=2020-02-01&to=2020-02-29',
      ],
      [
        'rows town problems_resolved (demo cases)',
        townStaff,
        '/api/dashboard/rows?metric=problems_resolved&from=2020-02-01&to=2020-02-29',
      ],
      [
        'export.xlsx city breakdown',
        city,
        `/api/dashboard/export.xlsx?view=breakdown&metric=screening_coverage&${range}`,
      ],
    ];
    const timings: DashboardApiFigures['routes'] = {};
    for (const [name, headers, pathname] of routes) {
      const timing = await timeGets(url, headers, pathname, options.requests);
      timings[name] = { url: pathname, ...timing };
      log(`[${database}]   ${name}: p50 ${timing.p50Ms} ms, p95 ${timing.p95Ms} ms`);
    }
    const slowest = Object.entries(timings).sort(([, a], [, b]) => b.p95Ms - a.p95Ms)[0];
    return {
      database,
      commit: git(['rev-parse', '--short', 'HEAD']),
      loadAverage: { atStart, atEnd: load() },
      uncommittedServerFiles: uncommittedServerFiles(),
      scenario: {
        residents: options.residents,
        days: 30,
        from,
        to,
        towns: areas.filter((a) => a.level === 'town').length,
        communities: areas.filter((a) => a.level === 'community').length,
        grids: areas.filter((a) => a.level === 'grid').length,
        cells: count?.n ?? 0,
        fillSeconds,
        totals: totals?.n ?? 0,
        totalsSeconds,
      },
      requests: options.requests,
      routes: timings,
      target: {
        p95Ms: TARGET_P95_MS,
        met: Object.values(timings).every((t) => t.p95Ms < TARGET_P95_MS),
        slowest: slowest ? `${slowest[0]} (p95 ${slowest[1].p95Ms} ms)` : '',
      },
    };
  } finally {
    await bench.stop();
  }
}

export function dashboardApiTable(all: DashboardApiFigures[]): string {
  const names = Object.keys(all[0]?.routes ?? {});
  const lines = [`route | ${all.map((f) => `${f.database} p50 / p95 ms`).join(' | ')}`];
  for (const name of names) {
    lines.push(
      `${name} | ${all.map((f) => `${f.routes[name]?.p50Ms} / ${f.routes[name]?.p95Ms}`).join(' | ')}`,
    );
  }
  return lines.join('\n');
}
