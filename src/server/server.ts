import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './core/config.ts';
import { openDatabase, type Database } from './core/db/client.ts';
import { runMigrations } from './core/db/migrations.ts';
import { buildApp, type App } from './app.ts';
import { firstStart, type FirstStart } from './bootstrap.ts';
import { failInterruptedImports } from './modules/imports/imports.service.ts';
import { OUTBOX_JOB, deliverDueOutbox, robotSender } from './modules/notifications/outbox.ts';
import { seedCaseTypes } from './modules/cases/case-types.seed.ts';
import { seedRecordForms } from './modules/records/records.seed.ts';
import { seedRecordRules } from './modules/records/record-rules.seed.ts';
import { seedReportTemplates } from './modules/records/report-templates.seed.ts';
import { PiiCipher, loadPiiKey } from './core/crypto/pii.ts';
import { codeSenderFor } from './core/sms/code-sender.ts';
import { diskFileStore } from './core/storage/file-store.ts';
import { registerJob, startJobs } from './core/jobs/jobs.ts';
import { startRollupRefresher } from './modules/dashboard/rollups.refresher.ts';
import { RECORD_RULES_SWEEP_JOB, sweepMissedReports } from './modules/records/record-rules.service.ts';
import { RECORD_RETENTION_JOB, purgeExpiredRecords } from './modules/records/record-retention.service.ts';
import { SLA_SWEEP_JOB, seedCalendar, sweepDeadlines } from './modules/sla/sla.service.ts';

export interface RunningServer {
  app: App;
  database: Database;
  url: string;
  firstStart: FirstStart;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** Opens the database, migrates it, seeds an empty one, and listens. Used by main.ts and the browser tests. */
export async function startServer(
  config: AppConfig,
  overrides: { demoPassword?: string } = {},
): Promise<RunningServer> {
  const startedAt = new Date();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let app: App | undefined;
  try {
    await runMigrations(database);
    // Every start: the official holiday schedule's missing days (an administrator's change is kept).
    await seedCalendar(database.db);
    await seedCaseTypes(database.db);
    await seedRecordForms(database.db);
    await seedRecordRules(database.db);
    await seedReportTemplates(database.db);
    // One cipher for the demo load and the app: data encrypted at first start must decrypt later.
    const pii = new PiiCipher(loadPiiKey(config.piiKey, config.dataDir));
    await failInterruptedImports(database, pii);
    const seeded = await firstStart(database.db, {
      pii,
      adminPassword: config.adminPassword,
      loadDemo: config.loadDemo,
      demoPassword: overrides.demoPassword ?? config.demoPassword,
    });
    app = await buildApp({
      database,
      pii,
      codeSender: codeSenderFor(config.smsSender),
      files: diskFileStore(config.dataDir),
      logLevel: config.logLevel,
      sessionTtlHours: config.sessionTtlHours,
      secureCookies: config.secureCookies,
      webDist: config.webDist,
      startedAt,
    });
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new PortInUseError(`Port ${config.port} is already in use; stop the other program or set PORT`);
      }
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const running = app;
    // SLA deadlines are rows; the sweep fires what is due (also what fell due while stopped).
    registerJob(SLA_SWEEP_JOB, undefined, (db, now) =>
      sweepDeadlines(db, now, {
        onError: (error, deadline) =>
          running.log.error({ err: error, deadline: deadline.id }, 'SLA deadline failed'),
      }),
    );
    // Group robot messages: due outbox rows are posted every 15 s, retried with backoff.
    const sendToRobot = robotSender({ pii });
    registerJob(OUTBOX_JOB, 15_000, (db, now) => deliverDueOutbox(db, now, sendToRobot));
    // Daily records: silence rules (three missed days → a follow-up) and the health-data retention purge.
    registerJob(RECORD_RULES_SWEEP_JOB, 15 * 60_000, (db, now) => sweepMissedReports(db, now));
    registerJob(RECORD_RETENTION_JOB, 60 * 60_000, (db, now) => purgeExpiredRecords(db, now));
    const jobs = startJobs(database, {
      log: running.log,
      defaultIntervalMs: config.jobsIntervalSeconds * 1000,
    });
    // The dashboard's rollups follow every committed change within a second or two.
    const rollups = startRollupRefresher(database, { log: running.log });
    return {
      app: running,
      database,
      url: `http://${host}:${port}`,
      firstStart: seeded,
      async close() {
        await rollups.stop();
        await jobs.stop();
        await running.close();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

const LOGINS_FILE = 'initial-logins.txt';

/** The first start's passwords are kept (mode 0600) in the data folder until the operator deletes the file. */
export function rememberLogins(dataDir: string, text: string): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOGINS_FILE);
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export function recalledLogins(dataDir: string): string | undefined {
  const file = path.join(dataDir, LOGINS_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

export function describeFirstStart(seeded: FirstStart): string {
  const lines: string[] = [];
  if (seeded.admin) {
    lines.push(
      `Administrator: ${seeded.admin.username} / ${seeded.admin.password}` +
        (seeded.admin.generated ? '  (one-time password: you will be asked to change it)' : ''),
    );
  }
  if (seeded.demo) {
    lines.push(
      `Demo city pinghu-2020 loaded in ${seeded.demo.seconds.toFixed(1)} s. Demo logins (password ${seeded.demo.password}):`,
    );
    for (const login of seeded.demo.logins) {
      lines.push(
        `  ${login.username.padEnd(12)} ${login.role.padEnd(17)} ${login.displayName} — ${login.scope}`,
      );
    }
  }
  return lines.join('\n');
}
