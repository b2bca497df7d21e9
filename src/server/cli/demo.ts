import { loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/client.ts';
import { runMigrations } from '../core/db/migrations.ts';
import { firstStart } from '../bootstrap.ts';
import { PiiCipher, loadPiiKey } from '../core/crypto/pii.ts';
import { describeFirstStart, rememberLogins } from '../server.ts';

/** `npm run demo`: loads pinghu-2020 into the configured database if it has no areas yet. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database);
    const seeded = await firstStart(database.db, {
      pii: new PiiCipher(loadPiiKey(config.piiKey, config.dataDir)),
      adminPassword: config.adminPassword,
      loadDemo: true,
      demoPassword: config.demoPassword,
    });
    const text = describeFirstStart(seeded);
    if (!seeded.demo) console.log('The database already has areas: the demo was not loaded again.');
    if (text) {
      rememberLogins(config.dataDir, text);
      console.log(text);
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Demo load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
