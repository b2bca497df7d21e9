// Registry query figures at city scale: the pinghu-2020 structure plus N synthetic residents, then
// p50/p95 of the people list (one community, by name, first and a later keyset page) and of the exact
// ID-number lookup, both through people.repo's listPeople — the SQL the people API runs.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { openPglite, openPostgres, type Database } from '../src/server/core/db/client.ts';
import { runMigrations } from '../src/server/core/db/migrations.ts';
import { PiiCipher } from '../src/server/core/crypto/pii.ts';
import { firstStart } from '../src/server/bootstrap.ts';
import { areas } from '../src/server/modules/areas/areas.tables.ts';
import { people } from '../src/server/modules/people/people.tables.ts';
import { listPeople, type PeopleQuery } from '../src/server/modules/people/people.repo.ts';
import { withDatabase } from '../src/server/testing/postgres-target.ts';
import { analyseRegistries, generateCity } from '../scenarios/scale/city.ts';

export type BenchDatabase = 'pglite' | 'postgres';

export const DEFAULT_BENCH_POSTGRES_URL = 'postgres://gridline:gridline@127.0.0.1:5432/postgres';

interface Timing {
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

export interface RegistryFigures {
  database: BenchDatabase;
  residents: number;
  peopleRows: number;
  requests: number;
  load: { demoSeconds: number; generateSeconds: number; rowsPerSecond: number };
  community: string;
  pageSize: number;
  laterPage: number;
  listFirstPage: Timing;
  listLaterPage: Timing;
  idLookup: Timing;
}

const PAGE_SIZE = 50;
const LATER_PAGE = 20;
const COMMUNITY = '水洧埭社区';
const TOWN = '当湖街道';

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 100) / 100;
}

async function time(requests: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 10; i++) await run(i); // warm-up: plan cache, buffer cache
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    await run(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return {
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    meanMs: Math.round(mean * 100) / 100,
  };
}

async function openBenchDatabase(
  kind: BenchDatabase,
  adminUrl: string,
): Promise<{ database: Database; cleanup: () => Promise<void>; location: string }> {
  if (kind === 'pglite') {
    // On disk: a million encrypted rows do not fit comfortably in PGlite's in-memory heap.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-bench-'));
    const database = await openPglite(dir);
    return {
      database,
      location: dir,
      cleanup: async () => {
        await database.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `gl_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openPostgres(withDatabase(adminUrl, name), 4);
  return {
    database,
    location: name,
    cleanup: async () => {
      await database.close();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

export async function measureRegistries(
  kind: BenchDatabase,
  options: { residents: number; requests?: number; adminUrl?: string; log?: (line: string) => void },
): Promise<RegistryFigures> {
  const requests = options.requests ?? 200;
  const log = options.log ?? ((line: string) => console.error(line));
  const pii = new PiiCipher(Buffer.alloc(32, 42));
  const { database, cleanup, location } = await openBenchDatabase(
    kind,
    options.adminUrl ?? process.env.BENCH_POSTGRES_URL ?? DEFAULT_BENCH_POSTGRES_URL,
  );
  try {
    const db = database.db;
    log(`[${kind}] ${location}: migrating and loading pinghu-2020 …`);
    await runMigrations(database);
    const seeded = await firstStart(db, {
      pii,
      adminPassword: 'bench-admin-password',
      loadDemo: true,
      demoPassword: 'bench-demo-password',
    });
    log(`[${kind}] generating ${options.residents.toLocaleString('en')} residents …`);
    const generated = await generateCity(db, {
      residents: options.residents,
      seed: 42,
      pii,
      onProgress: (done, seconds) =>
        log(`[${kind}]   ${done.toLocaleString('en')} people, ${seconds.toFixed(0)} s`),
    });
    await analyseRegistries(db);
    const [{ n: peopleRows } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(people);

    const [community] = await db.select({ path: areas.path }).from(areas).where(eq(areas.name, COMMUNITY));
    const [town] = await db.select({ path: areas.path }).from(areas).where(eq(areas.name, TOWN));
    if (!community || !town) throw new Error('pinghu-2020 areas missing');
    // A community worker's view: scoped to the town, filtered to one community, sorted by name.
    const base: PeopleQuery = {
      scopePath: town.path,
      subtreePath: community.path,
      sort: 'name',
      limit: PAGE_SIZE + 1,
    };
    let after: PeopleQuery['after'];
    for (let page = 1; page < LATER_PAGE; page++) {
      const rows = await listPeople(db, { ...base, after });
      const last = rows[PAGE_SIZE - 1];
      if (!last) throw new Error(`the community has fewer than ${LATER_PAGE} pages`);
      after = { sortValue: last.sortKey, id: last.id };
    }

    // Clear ID numbers to look up: decrypted from a spread of stored rows, hashed per request as the API does.
    const sample = await db
      .select({ enc: people.idNumberEnc })
      .from(people)
      .where(sql`${people.idNumberEnc} is not null`)
      .orderBy(people.idNumberHash)
      .limit(requests + 10);
    const idNumbers = sample.map((r) => pii.decrypt(r.enc as string));

    log(`[${kind}] timing ${requests} requests each …`);
    const listFirstPage = await time(requests, () => listPeople(db, base));
    const listLaterPage = await time(requests, () => listPeople(db, { ...base, after }));
    const idLookup = await time(requests, async (i) => {
      const hash = pii.lookupHash(idNumbers[i % idNumbers.length] as string);
      const rows = await listPeople(db, {
        scopePath: null,
        idNumberHash: hash,
        sort: 'name',
        limit: PAGE_SIZE + 1,
      });
      if (rows.length !== 1) throw new Error('ID lookup did not find exactly one person');
    });
    return {
      database: kind,
      residents: options.residents,
      peopleRows: Number(peopleRows),
      requests,
      load: {
        demoSeconds: seeded.demo?.seconds ?? 0,
        generateSeconds: generated.seconds,
        rowsPerSecond: generated.rowsPerSecond,
      },
      community: COMMUNITY,
      pageSize: PAGE_SIZE,
      laterPage: LATER_PAGE,
      listFirstPage,
      listLaterPage,
      idLookup,
    };
  } finally {
    await cleanup();
  }
}

export function registriesTable(figures: RegistryFigures[]): string {
  const lines = ['| database | people | query | p50 ms | p95 ms |', '|---|---:|---|---:|---:|'];
  for (const f of figures) {
    const people = f.peopleRows.toLocaleString('en');
    lines.push(
      `| ${f.database} | ${people} | list ${f.community} by name, page 1 | ${f.listFirstPage.p50Ms} | ${f.listFirstPage.p95Ms} |`,
    );
    lines.push(
      `| ${f.database} | ${people} | list, keyset page ${f.laterPage} | ${f.listLaterPage.p50Ms} | ${f.listLaterPage.p95Ms} |`,
    );
    lines.push(
      `| ${f.database} | ${people} | exact ID lookup (hash) | ${f.idLookup.p50Ms} | ${f.idLookup.p95Ms} |`,
    );
  }
  return lines.join('\n');
}

export function writeRegistryResult(figures: RegistryFigures, machine: Record<string, unknown>): string {
  fs.mkdirSync('bench/results', { recursive: true });
  const file = path.join('bench/results', `registries-${figures.database}.json`);
  fs.writeFileSync(
    file,
    `${JSON.stringify({ at: new Date().toISOString(), machine, ...figures }, null, 2)}\n`,
  );
  return file;
}
