// `npm run bench`: start-up figures. `npm run bench -- registries [--residents N] [--db pglite|postgres|both]`:
// registry query figures at city scale. Prints the figures and writes them to bench/results/.
// `npm run bench -- imports [--rows N] [--db pglite|postgres|both]`: xlsx import of N people through the API.
// `npm run bench -- cases [--scale N] [--flows N] [--concurrency N] [--requests N] [--db …]`: case
// throughput over HTTP, then inbox and overdue list latency with N synthetic cases.
// `npm run bench -- records [--connections N] [--batch N] [--seconds N] [--copy-rows N] [--residents N]
// [--requests N] [--db …]`: checkpoint-pass ingest over HTTP beside a raw COPY, and the "not yet
// reported" list of one town at N screened residents (--residents 0 skips it).
// `npm run bench -- dashboard [--rounds N] [--batches N] [--batch N] [--db …]`: the rollups' cost per
// ingested record. `npm run bench -- dashboard-api [--residents N] [--requests N] [--db …]`: the
// dashboard routes' p50/p95 on a 1,000,000-resident, 30-day city.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureStartup } from './startup.ts';
import { importsTable, measureImport } from './imports.ts';
import { casesTable, measureCases } from './cases.ts';
import { measureRecords, recordsTable } from './records.ts';
import { dashboardRollupsTable, measureDashboardRollups } from './dashboard-rollups.ts';
import { dashboardApiTable, measureDashboardApi } from './dashboard.ts';
import {
  measureRegistries,
  registriesTable,
  writeRegistryResult,
  type BenchDatabase,
  type RegistryFigures,
} from './registries.ts';

const machine = {
  cpus: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
};

/** `--db pglite|postgres|both` as the list of databases to measure. */
function databasesOf(db: string | undefined): BenchDatabase[] {
  if (db === 'both') return ['pglite', 'postgres'];
  if (db === 'pglite' || db === 'postgres') return [db];
  throw new Error('--db must be pglite, postgres or both');
}

/** A whole-number option (underscores allowed: 1_000_000), at least `min`. */
function wholeNumber(name: string, raw: string, min = 1): number {
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
}

/** Measures each database in turn, writes bench/results/<name>-<kind>.json for each, prints the table. */
async function measureEach<F extends object>(
  name: string,
  kinds: BenchDatabase[],
  measure: (kind: BenchDatabase) => Promise<F>,
  table: (all: F[]) => string,
): Promise<void> {
  const all: F[] = [];
  for (const kind of kinds) {
    const figures = await measure(kind);
    all.push(figures);
    fs.mkdirSync('bench/results', { recursive: true });
    const file = path.join('bench/results', `${name}-${kind}.json`);
    fs.writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), machine, ...figures }, null, 2)}\n`,
    );
    console.error(`wrote ${file}`);
  }
  console.log(table(all));
}

async function startup(): Promise<void> {
  const figures = await measureStartup();
  const result = { at: new Date().toISOString(), machine, startup: figures };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(path.join('bench/results', 'startup.json'), `${JSON.stringify(result, null, 2)}\n`);
}

async function registries(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string', default: '1000000' },
      db: { type: 'string', default: 'both' },
      requests: { type: 'string', default: '200' },
    },
  });
  const residents = wholeNumber('residents', values.residents);
  const requests = wholeNumber('requests', values.requests);
  const kinds = databasesOf(values.db);
  const all: RegistryFigures[] = [];
  for (const kind of kinds) {
    const figures = await measureRegistries(kind, { residents, requests });
    console.error(`wrote ${writeRegistryResult(figures, machine)}`);
    all.push(figures);
  }
  console.log(registriesTable(all));
}

async function imports(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '100000' }, db: { type: 'string', default: 'both' } },
  });
  const rows = wholeNumber('rows', values.rows);
  const kinds = databasesOf(values.db);
  await measureEach('imports', kinds, (kind) => measureImport(kind, rows), importsTable);
}

async function casesBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: '1000000' },
      flows: { type: 'string', default: '300' },
      concurrency: { type: 'string', default: '8' },
      requests: { type: 'string', default: '100' },
      db: { type: 'string', default: 'both' },
    },
  });
  const options = {
    scale: wholeNumber('scale', values.scale),
    flows: wholeNumber('flows', values.flows),
    concurrency: wholeNumber('concurrency', values.concurrency),
    requests: wholeNumber('requests', values.requests),
  };
  const kinds = databasesOf(values.db);
  await measureEach('cases', kinds, (kind) => measureCases(kind, options), casesTable);
}

async function recordsBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string', default: '4' },
      batch: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '30' },
      warmup: { type: 'string', default: '5' },
      'copy-rows': { type: 'string', default: '200000' },
      residents: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '200' },
      db: { type: 'string', default: 'both' },
    },
  });
  const options = {
    connections: wholeNumber('connections', values.connections),
    batch: wholeNumber('batch', values.batch),
    seconds: wholeNumber('seconds', values.seconds),
    warmupSeconds: wholeNumber('warmup', values.warmup, 0),
    copyRows: wholeNumber('copy-rows', values['copy-rows']),
    residents: wholeNumber('residents', values.residents, 0),
    requests: wholeNumber('requests', values.requests),
  };
  if (options.batch > 1000) throw new Error('--batch must be at most 1000 (the API’s limit)');
  const kinds = databasesOf(values.db);
  await measureEach('records', kinds, (kind) => measureRecords(kind, options), recordsTable);
}

async function dashboardRollupsBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rounds: { type: 'string', default: '3' },
      batches: { type: 'string', default: '10' },
      batch: { type: 'string', default: '1000' },
      db: { type: 'string', default: 'both' },
    },
  });
  const options = {
    rounds: wholeNumber('rounds', values.rounds),
    batches: wholeNumber('batches', values.batches),
    batch: wholeNumber('batch', values.batch),
  };
  if (options.batch > 1000) throw new Error('--batch must be at most 1000 (the API’s limit)');
  const kinds = databasesOf(values.db);
  await measureEach(
    'dashboard-rollups',
    kinds,
    (kind) => measureDashboardRollups(kind, options),
    dashboardRollupsTable,
  );
}

async function dashboardApiBench(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      residents: { type: 'string', default: '1000000' },
      requests: { type: 'string', default: '100' },
      db: { type: 'string', default: 'both' },
    },
  });
  const options = {
    residents: wholeNumber('residents', values.residents),
    requests: wholeNumber('requests', values.requests),
  };
  const kinds = databasesOf(values.db);
  await measureEach('dashboard-api', kinds, (kind) => measureDashboardApi(kind, options), dashboardApiTable);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'registries') await registries(rest);
  else if (command === 'imports') await imports(rest);
  else if (command === 'cases') await casesBench(rest);
  else if (command === 'records') await recordsBench(rest);
  else if (command === 'dashboard') await dashboardRollupsBench(rest);
  else if (command === 'dashboard-api') await dashboardApiBench(rest);
  else await startup();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
