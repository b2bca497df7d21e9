import { ConfigError, configHelp, loadConfig } from './core/config.ts';
import { DatabaseStartError } from './core/db/client.ts';
import { FolderLockedError } from './core/db/folder-lock.ts';
import { SchemaTooNewError } from './core/db/migrations.ts';
import { PiiKeyError } from './core/crypto/pii.ts';
import { PortInUseError, describeFirstStart, recalledLogins, rememberLogins, startServer } from './server.ts';
import { buildWeb, webBuildIsStale } from './web-build.ts';

const EXPECTED = [
  ConfigError,
  DatabaseStartError,
  FolderLockedError,
  SchemaTooNewError,
  PortInUseError,
  PiiKeyError,
];

/** Start-up failures the operator can fix print one line, not a stack trace. */
function fail(error: unknown): never {
  if (EXPECTED.some((type) => error instanceof type)) {
    console.error(`Gridline cannot start: ${(error as Error).message}`);
  } else {
    console.error('Gridline cannot start: unexpected error');
    console.error(error);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(configHelp());
    return;
  }
  const t0 = performance.now();
  const config = loadConfig();
  if (process.env.SKIP_WEB_BUILD !== 'true' && webBuildIsStale(process.cwd(), config.webDist)) {
    console.log('Building the web app (first start or sources changed)…');
    await buildWeb(process.cwd());
  }
  const server = await startServer(config);
  const firstStartText = describeFirstStart(server.firstStart);
  if (firstStartText) rememberLogins(config.dataDir, firstStartText);
  const logins = firstStartText || recalledLogins(config.dataDir);
  console.log(
    `Gridline is running at ${server.url}  (database: ${server.database.kind} ${server.database.location}; ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  if (logins) console.log(logins.trimEnd());
  else console.log('Sign in with your account; the first start printed the administrator password.');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: closing the database and stopping.`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch(fail);
