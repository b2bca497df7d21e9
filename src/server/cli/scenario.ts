// `npm run scenario -- --residents 1000000 [--cases 1000000] [--seed 42] [--database-url postgres://…]`:
// builds a synthetic city of that many residents and/or adds that many synthetic cases in the configured
// database (DATABASE_URL, or DATA_DIR's PGlite), after loading the pinghu-2020 structure if it is empty.
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/client.ts';
import { runMigrations } from '../core/db/migrations.ts';
import { PiiCipher, loadPiiKey } from '../core/crypto/pii.ts';
import { firstStart } from '../bootstrap.ts';
import { describeFirstStart, rememberLogins } from '../server.ts';
import { analyseRegistries, generateCity } from '../../../scenarios/scale/city.ts';
import { generateCases } from '../../../scenarios/scale/cases.ts';

const USAGE =
  'Usage: npm run scenario -- [--residents <n>] [--cases <n>] [--seed <n>] [--database-url postgres://…] (at least one of --residents, --cases)';

function positiveInteger(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`--${name} is required. ${USAGE}`);
  }
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number. ${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      residents: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.residents === undefined && values.cases === undefined)
    throw new Error(`--residents or --cases is required. ${USAGE}`);
  const residents = positiveInteger('residents', values.residents, 0);
  const caseCount = positiveInteger('cases', values.cases, 0);
  const seed = positiveInteger('seed', values.seed, 42);
  const config = loadConfig();
  const databaseUrl = values['database-url'] ?? config.databaseUrl;
  const database = await openDatabase({ databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database);
    const pii = new PiiCipher(loadPiiKey(config.piiKey, config.dataDir));
    const seeded = await firstStart(database.db, {
      pii,
      adminPassword: config.adminPassword,
      loadDemo: true,
      demoPassword: config.demoPassword,
    });
    if (seeded.demo) console.log(`Loaded the pinghu-2020 structure in ${seeded.demo.seconds.toFixed(1)} s.`);
    const text = describeFirstStart(seeded);
    if (text) {
      rememberLogins(config.dataDir, text);
      console.log(text);
    }
    if (residents > 0) {
      console.log(
        `Generating ${residents.toLocaleString('en')} residents (seed ${seed}) into ${database.location} …`,
      );
      const result = await generateCity(database.db, {
        residents,
        seed,
        pii,
        onProgress: (done, seconds) =>
          console.log(
            `  ${done.toLocaleString('en')} people, ${seconds.toFixed(1)} s, ${Math.round(done / seconds).toLocaleString('en')} people/s`,
          ),
      });
      await analyseRegistries(database.db);
      console.log(
        `Done: ${result.people.toLocaleString('en')} people and ${result.households.toLocaleString('en')} households in ${result.seconds.toFixed(1)} s — ${result.rowsPerSecond.toLocaleString('en')} rows/s.`,
      );
    }
    if (caseCount > 0) {
      console.log(
        `Generating ${caseCount.toLocaleString('en')} cases (seed ${seed}) into ${database.location} …`,
      );
      const result = await generateCases(database.db, {
        cases: caseCount,
        seed,
        onProgress: (done, seconds) =>
          console.log(
            `  ${done.toLocaleString('en')} cases, ${seconds.toFixed(1)} s, ${Math.round(done / seconds).toLocaleString('en')} cases/s`,
          ),
      });
      console.log(
        `Done: ${result.cases.toLocaleString('en')} cases (${result.open.toLocaleString('en')} open, ${result.overdue.toLocaleString('en')} overdue, ${result.owners} owners) in ${result.seconds.toFixed(1)} s — ${result.rowsPerSecond.toLocaleString('en')} rows/s.`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Scenario failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
