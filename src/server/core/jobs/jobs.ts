import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';

/**
 * Background jobs: durable work (SLA deadlines, the outbox) lives in rows; a job is only the loop
 * that picks up what is due. Each job runs every `intervalMs`, never overlapping itself in one
 * process and, on PostgreSQL, never in two instances at once (a transaction-scoped advisory lock
 * per job name; an instance that does not get it skips the round). On PGlite (one process per data
 * folder) it simply runs in-process. A failing run is logged and retried next round; it never
 * crashes the server.
 */
export type JobRun = (db: Db, now: Date) => Promise<unknown>;

export interface Job {
  name: string;
  intervalMs: number;
  run: JobRun;
}

export interface JobLog {
  error(payload: object, message: string): void;
  debug?(payload: object, message: string): void;
}

const registry = new Map<string, Job>();

/**
 * Adds a job that startJobs will run (call it before startJobs; a second call with the same name
 * replaces the first). intervalMs undefined → the runner's default interval.
 */
export function registerJob(name: string, intervalMs: number | undefined, run: JobRun): void {
  registry.set(name, { name, intervalMs: intervalMs ?? 0, run });
}

export function registeredJobs(): Job[] {
  return [...registry.values()];
}

export interface JobRunner {
  /** Runs one job now (awaiting a run already in flight first); false when another instance held it. */
  runNow(name: string): Promise<boolean>;
  /** Stops the timers and waits for runs in flight. */
  stop(): Promise<void>;
}

export interface StartJobsOptions {
  /** Default interval for jobs registered without one (30 s). */
  defaultIntervalMs?: number;
  /** The jobs to run; default: every registered job. */
  jobs?: Job[];
  log: JobLog;
  clock?: () => Date;
  /** First round after this delay (default: right away, to fire what fell due while stopped). */
  initialDelayMs?: number;
}

export const DEFAULT_JOB_INTERVAL_MS = 30_000;

/** One round of a job: under the job's advisory lock on PostgreSQL, directly on PGlite. */
async function runGuarded(database: Database, job: Job, now: Date): Promise<boolean> {
  if (database.kind === 'pglite') {
    await job.run(database.db, now);
    return true;
  }
  // The lock lives in this transaction's connection; the job itself uses the pool, so its own
  // transactions commit independently. Commit (or rollback) releases the lock.
  return database.db.transaction(async (tx) => {
    const result = (await tx.execute(
      sql`select pg_try_advisory_xact_lock(hashtext('gridline.jobs'), hashtext(${job.name})) as locked`,
    )) as unknown as { rows: { locked: boolean }[] };
    if (result.rows[0]?.locked !== true) return false;
    await job.run(database.db, now);
    return true;
  });
}

export function startJobs(database: Database, options: StartJobsOptions): JobRunner {
  const defaultInterval = options.defaultIntervalMs ?? DEFAULT_JOB_INTERVAL_MS;
  const clock = options.clock ?? (() => new Date());
  const jobs = (options.jobs ?? registeredJobs()).map((job) => ({
    ...job,
    intervalMs: job.intervalMs > 0 ? job.intervalMs : defaultInterval,
  }));
  const timers = new Map<string, NodeJS.Timeout>();
  const inFlight = new Map<string, Promise<boolean>>();
  let stopped = false;

  const runOnce = (job: Job): Promise<boolean> => {
    const current = inFlight.get(job.name);
    if (current) return current;
    const promise = runGuarded(database, job, clock())
      .catch((error: unknown) => {
        options.log.error({ err: error, job: job.name }, `job ${job.name} failed`);
        return false;
      })
      .finally(() => inFlight.delete(job.name));
    inFlight.set(job.name, promise);
    return promise;
  };

  const schedule = (job: Job, delay: number): void => {
    if (stopped) return;
    const timer = setTimeout(() => {
      void runOnce(job).then(() => schedule(job, job.intervalMs));
    }, delay);
    timer.unref();
    timers.set(job.name, timer);
  };

  for (const job of jobs) schedule(job, options.initialDelayMs ?? 0);

  return {
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      await inFlight.get(name);
      return runOnce(job);
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await Promise.all(inFlight.values());
    },
  };
}
