// The dashboard rollups' own cost per ingested record: checkpoint passes through POST /api/records/batch
// with the rollup trigger on and off (alternating rounds, one connection, so the difference is the
// trigger), and the time the refresher takes to recompute the cells those records touched. Also the
// first start's drain of the pinghu-2020 demo's marks. The refresher is paused while ingest is timed.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db } from '../src/server/core/db/client.ts';
import { drainRollups } from '../src/server/modules/dashboard/rollups.service.ts';
import { refresherOf } from '../src/server/modules/dashboard/rollups.refresher.ts';
import { BENCH_DEMO_PASSWORD, startBenchServer, uncommittedServerFiles } from './bench-server.ts';

const TOWN = '当湖街道';
const TOWN_USER = 'danghu';

export interface DashboardRollupOptions {
  rounds: number;
  batches: number;
  batch: number;
}

export interface DashboardRollupFigures {
  database: 'pglite' | 'postgres';
  loadAverage: { atStart: number[]; atEnd: number[] };
  demo: { dirtyCellsAtStart: number; firstStartDrainMs: number };
  ingest: {
    batch: number;
    recordsPerRound: number;
    rounds: number;
    withTriggers: { recordsPerSecond: number; perRound: number[] };
    withoutTriggers: { recordsPerSecond: number; perRound: number[] };
    /** 1 − with/without: the share of ingest throughput the trigger costs. */
    triggerCostShare: number;
    /** Extra time per 1,000 records with the trigger (ms). */
    triggerMsPer1000: number;
  };
  refresh: {
    /** Cells the triggered rounds marked (today × the town's grids with checkpoints). */
    cellsPerRound: number[];
    msPerRound: number[];
    msPer1000Records: number;
    /** Records of the refreshed cell-days when the last round was refreshed (the cost grows with them). */
    recordsInCellsAtEnd: number;
  };
  uncommittedServerFiles: string[];
}

async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function login(url: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`${username} login failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

const load = () => os.loadavg().map((x) => Math.round(x * 10) / 10);

export async function measureDashboardRollups(
  database: 'pglite' | 'postgres',
  options: DashboardRollupOptions,
  log: (line: string) => void = (line) => console.error(line),
): Promise<DashboardRollupFigures> {
  const atStart = load();
  log(`[${database}] starting the server with the pinghu-2020 demo …`);
  const bench = await startBenchServer(database, { name: 'dashboard-rollups' });
  try {
    const server = bench.server.database;
    const db = server.db;
    const refresher = refresherOf(server);
    if (!refresher) throw new Error('no rollup refresher running');
    // The demo's load marked its cells; the refresher drains them from the moment the server is up.
    const [dirty] = await rows<{ n: number }>(db, sql`select count(*)::int as n from rollup_dirty`);
    const drainStarted = performance.now();
    await refresher.idle();
    const firstStartDrainMs = Math.round(performance.now() - drainStarted);
    log(`[${database}]   ${dirty?.n ?? 0} dirty cells at start drained in ${firstStartDrainMs} ms`);
    await refresher.pause();

    const [town] = await rows<{ path: string }>(
      db,
      sql`select path from areas where name = ${TOWN} and level = 'town'`,
    );
    if (!town) throw new Error(`${TOWN} missing`);
    const places = await rows<{ id: string }>(
      db,
      sql`select id::text from areas where kind = 'checkpoint' and active and path like ${`${town.path}.%`} order by path`,
    );
    const headers = await login(bench.url, TOWN_USER, BENCH_DEMO_PASSWORD);
    let seq = 0;
    const runId = `d${Date.now().toString(36)}`;
    const postBatch = async () => {
      const items = [];
      const observedAt = new Date().toISOString();
      for (let i = 0; i < options.batch; i++) {
        seq++;
        items.push({
          key: `${runId}-${seq}`,
          formKey: 'checkpoint_pass',
          subject: { kind: 'place', id: places[seq % places.length]?.id },
          observedAt,
          values: {
            party: 'person',
            direction: seq % 2 ? 'in' : 'out',
            temperature: 36.5,
            mask: true,
            visitor_type: 'resident',
          },
        });
      }
      const res = await fetch(`${bench.url}/api/records/batch`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'ingest', items }),
      });
      const json = (await res.json()) as { created: number };
      if (res.status !== 200 || json.created !== options.batch)
        throw new Error(`batch: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    };
    const trigger = (on: boolean) =>
      db.execute(sql.raw(`alter table records ${on ? 'enable' : 'disable'} trigger records_rollup_insert`));
    const phase = async () => {
      const started = performance.now();
      for (let i = 0; i < options.batches; i++) await postBatch();
      return (options.batches * options.batch) / ((performance.now() - started) / 1000);
    };

    log(`[${database}] warm-up …`);
    await trigger(false);
    for (let i = 0; i < 3; i++) await postBatch();
    const withRates: number[] = [];
    const withoutRates: number[] = [];
    const cellsPerRound: number[] = [];
    const msPerRound: number[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      await trigger(false);
      withoutRates.push(await phase());
      await trigger(true);
      // Cells only the triggered phase marks: start from a clean slate.
      await db.execute(sql`delete from rollup_dirty`);
      withRates.push(await phase());
      const [marked] = await rows<{ n: number }>(db, sql`select count(*)::int as n from rollup_dirty`);
      cellsPerRound.push(marked?.n ?? 0);
      const refreshStarted = performance.now();
      await drainRollups(server);
      msPerRound.push(performance.now() - refreshStarted);
      log(
        `[${database}]   round ${round}: without ${Math.round(withoutRates.at(-1) ?? 0)} rec/s, with ${Math.round(withRates.at(-1) ?? 0)} rec/s; refresh of ${marked?.n} cells ${Math.round(msPerRound.at(-1) ?? 0)} ms`,
      );
    }
    await trigger(true);
    const [inCells] = await rows<{ n: number }>(
      db,
      sql`select count(*)::int as n from records where form_key = 'checkpoint_pass' and day = (select max(day) from records)
          and area_path like ${`${town.path}.%`}`,
    );
    refresher.resume();

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const withRate = mean(withRates);
    const withoutRate = mean(withoutRates);
    const recordsPerRound = options.batches * options.batch;
    return {
      database,
      loadAverage: { atStart, atEnd: load() },
      demo: { dirtyCellsAtStart: dirty?.n ?? 0, firstStartDrainMs },
      ingest: {
        batch: options.batch,
        recordsPerRound,
        rounds: options.rounds,
        withTriggers: { recordsPerSecond: Math.round(withRate), perRound: withRates.map(Math.round) },
        withoutTriggers: {
          recordsPerSecond: Math.round(withoutRate),
          perRound: withoutRates.map(Math.round),
        },
        triggerCostShare: Math.round((1 - withRate / withoutRate) * 1000) / 1000,
        triggerMsPer1000: Math.round((1000 / withRate - 1000 / withoutRate) * 1000 * 10) / 10,
      },
      refresh: {
        cellsPerRound,
        msPerRound: msPerRound.map((x) => Math.round(x * 10) / 10),
        msPer1000Records: Math.round((mean(msPerRound) / (recordsPerRound / 1000)) * 10) / 10,
        recordsInCellsAtEnd: inCells?.n ?? 0,
      },
      uncommittedServerFiles: uncommittedServerFiles(),
    };
  } finally {
    await bench.stop();
  }
}

export function dashboardRollupsTable(all: DashboardRollupFigures[]): string {
  const lines = [
    '| database | demo drain | ingest with / without trigger (rec/s) | trigger cost | refresh per 1,000 records | load avg |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of all) {
    lines.push(
      `| ${f.database} | ${f.demo.dirtyCellsAtStart} cells in ${f.demo.firstStartDrainMs} ms | ${f.ingest.withTriggers.recordsPerSecond} / ${f.ingest.withoutTriggers.recordsPerSecond} | ${(f.ingest.triggerCostShare * 100).toFixed(1)} % (${f.ingest.triggerMsPer1000} ms per 1,000) | ${f.refresh.msPer1000Records} ms | ${f.loadAverage.atStart.join(' ')} → ${f.loadAverage.atEnd.join(' ')} |`,
    );
  }
  return lines.join('\n');
}
