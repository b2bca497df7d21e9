import { loadConfig } from '../core/config.ts';
import { openDatabase } from '../core/db/client.ts';
import { runMigrations } from '../core/db/migrations.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const version = await runMigrations(database);
    console.log(
      `Migrated ${database.kind} ${database.location}: ${version.applied} migration(s) applied, at ${version.tag ?? 'unknown'}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
