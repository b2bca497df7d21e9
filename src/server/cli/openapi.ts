import { testPiiCipher } from '../core/crypto/pii.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { openPglite } from '../core/db/client.ts';
import { runMigrations } from '../core/db/migrations.ts';

export const OPENAPI_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/openapi.json',
);

/** The API description as committed in docs/openapi.json, built from the routes on a throwaway database. */
export async function openApiText(): Promise<string> {
  const database = await openPglite(undefined);
  try {
    await runMigrations(database);
    const app = await buildApp({ database, pii: testPiiCipher(), logLevel: 'silent' });
    try {
      await app.ready();
      return `${JSON.stringify(app.swagger(), null, 2)}\n`;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  fs.writeFileSync(OPENAPI_FILE, await openApiText());
  console.log(`Wrote ${path.relative(process.cwd(), OPENAPI_FILE)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`OpenAPI generation failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
