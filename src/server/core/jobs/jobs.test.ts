import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { openPostgres } from '../db/client.ts';
import { registerJob, registeredJobs, startJobs, type Job, type JobLog } from './jobs.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingLog(): JobLog & { errors: string[] } {
  const errors: string[] = [];
  return { errors, error: (_payload, message) => errors.push(message) };
}

describe('the job registry', () => {
  it('keeps one job per name, the last registration winning', () => {
    const first = async () => 1;
    const second = async () => 2;
    registerJob('test-registry', 1000, first);
    registerJob('test-registry', undefined, second);
    const jobs = registeredJobs().filter((j) => j.name === 'test-registry');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run).toBe(second);
    expect(jobs[0]?.intervalMs).toBe(0);
  });
});

describeEachDatabase('the job runner', (database) => {
  it('runs each job every interval and stops cleanly, waiting for a run in flight', async () => {
    let runs = 0;
    let finished = 0;
    const job: Job = {
      name: 'tick',
      intervalMs: 20,
      run: async () => {
        runs += 1;
        await sleep(30);
        finished += 1;
      },
    };
    const runner = startJobs(database(), { jobs: [job], log: recordingLog() });
    await sleep(200);
    await runner.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    // stop() waited for the run in flight, and nothing starts afterwards.
    expect(finished).toBe(runs);
    await sleep(100);
    expect(runs).toBe(finished);
  });

  it('logs a failing run and keeps going', async () => {
    let runs = 0;
    const log = recordingLog();
    const runner = startJobs(database(), {
      jobs: [
        {
          name: 'broken',
          intervalMs: 10,
          run: async () => {
            runs += 1;
            throw new Error('boom');
          },
        },
      ],
      log,
    });
    await sleep(120);
    await runner.stop();
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(log.errors.length).toBe(runs);
    expect(log.errors[0]).toMatch(/broken/);
  });

  it('gives the job the database handle and the clock’s time', async () => {
    const seen: Date[] = [];
    const fixed = new Date('2026-03-02T01:00:00Z');
    const runner = startJobs(database(), {
      jobs: [
        {
          name: 'clocked',
          intervalMs: 60_000,
          run: async (db, now) => {
            await db.execute('select 1');
            seen.push(now);
          },
        },
      ],
      log: recordingLog(),
      clock: () => fixed,
      initialDelayMs: 60_000,
    });
    expect(await runner.runNow('clocked')).toBe(true);
    await runner.stop();
    expect(seen).toEqual([fixed]);
  });

  it('on PostgreSQL, two instances never run the same job at the same time', async () => {
    const url = database().url;
    if (!url) return; // PGlite: one process per data folder, nothing to exclude
    const other = await openPostgres(url, 3);
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const job: Job = {
      name: 'exclusive',
      intervalMs: 60_000,
      run: async () => {
        active += 1;
        runs += 1;
        maxActive = Math.max(maxActive, active);
        await sleep(150);
        active -= 1;
      },
    };
    const options = { jobs: [job], log: recordingLog(), initialDelayMs: 60_000 };
    const a = startJobs(database(), options);
    const b = startJobs(other, options);
    try {
      const [ranA, ranB] = await Promise.all([a.runNow('exclusive'), b.runNow('exclusive')]);
      expect([ranA, ranB].sort()).toEqual([false, true]);
      expect(maxActive).toBe(1);
      expect(runs).toBe(1);
      // Once the first has finished, the lock is free again.
      expect(await b.runNow('exclusive')).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
      await other.close();
    }
  });
});
