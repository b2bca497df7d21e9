import type { Database } from '../../core/db/client.ts';
import { eventsOf } from '../../core/events/event-bus.ts';
import type { DashboardChangeEvent, RollupFamily } from '../../../shared/dashboard.ts';
import { DASHBOARD_TOPIC } from './dashboard-events.rules.ts';
import { shanghaiDay } from './rollups.rules.ts';
import { hasDirtyRollups, markScreeningDay, refreshDirtyRollups, refreshOverdue } from './rollups.service.ts';

export interface RollupRefresher {
  stop(): Promise<void>;
  /** Resolves when nothing is dirty and no round is running (tests, the demo's first start). */
  idle(): Promise<void>;
  /** Holds the refresher after its current round (the bench measures ingest and refresh apart). */
  pause(): Promise<void>;
  resume(): void;
}

const refreshers = new WeakMap<Database, RollupRefresher>();

/** The refresher running on a database in this process, if any (bench/dashboard-rollups.ts). */
export function refresherOf(database: Database): RollupRefresher | undefined {
  return refreshers.get(database);
}

export interface RefresherOptions {
  log: { error(payload: object, message: string): void; info?(payload: object, message: string): void };
  /** The fallback poll, for a lost notification or a listener still connecting (ms). */
  pollMs?: number;
  /** How long to gather a burst of commits (an ingest run) into one round (ms). */
  gatherMs?: number;
  /** The overdue gauge's period (ms). */
  gaugeMs?: number;
  /** Dirty cells per transaction: a round stays short, so PGlite's one connection keeps serving. */
  batch?: number;
}

/** The trigger's channel (drizzle/0010): a commit that marked cells dirty. */
export const ROLLUP_DIRTY_CHANNEL = 'gridline_rollup_dirty';

/**
 * Keeps dashboard_cells current: the triggers' NOTIFY wakes it (a poll every second covers a lost
 * one), it drains rollup_dirty in short transactions and publishes one `dashboard` event per round
 * with the cell paths that changed. Once a minute it measures the overdue gauge, and when the day
 * turns it marks today for open screenings. An error is logged and the next round retries; it never
 * throws at the server.
 */
export function startRollupRefresher(database: Database, options: RefresherOptions): RollupRefresher {
  const pollMs = options.pollMs ?? 1000;
  const gatherMs = options.gatherMs ?? 50;
  const gaugeMs = options.gaugeMs ?? 60_000;
  const batch = options.batch ?? 500;
  const bus = eventsOf(database);
  let stopped = false;
  let paused = false;
  let running: Promise<void> | null = null;
  let again = false;
  let wake: NodeJS.Timeout | null = null;
  let lastGauge = 0;
  let lastDay: string | null = null;
  let unlisten: (() => Promise<void>) | null = null;

  const publish = async (paths: string[], families: RollupFamily[]) => {
    if (paths.length === 0) return;
    const event: DashboardChangeEvent = { paths, families, at: new Date().toISOString() };
    await bus.publish(DASHBOARD_TOPIC, event);
  };

  const round = async () => {
    const today = shanghaiDay(new Date());
    if (today !== lastDay) {
      await markScreeningDay(database.db, today);
      lastDay = today;
    }
    if (Date.now() - lastGauge >= gaugeMs) {
      lastGauge = Date.now();
      await publish(await refreshOverdue(database.db), ['cases']);
    }
    while (!stopped && !paused && (await hasDirtyRollups(database.db))) {
      const result = await refreshDirtyRollups(database, { limit: batch });
      // Another instance holds the lock (PostgreSQL): it drains and publishes; poll again later.
      if (result.claimed === 0) break;
      await publish(result.paths, result.families);
      // Requests share PGlite's one connection: let them in between rounds.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  const run = () => {
    if (stopped || paused) return;
    if (running) {
      again = true;
      return;
    }
    running = round()
      .catch((error: unknown) =>
        options.log.error({ err: error }, 'dashboard rollup refresh failed; retrying'),
      )
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          schedule(gatherMs);
        }
      });
  };

  const schedule = (delay: number) => {
    if (stopped || wake) return;
    wake = setTimeout(() => {
      wake = null;
      run();
    }, delay);
  };

  const poll = setInterval(() => schedule(0), pollMs);
  poll.unref();
  bus
    .subscribeChannel(ROLLUP_DIRTY_CHANNEL, () => schedule(gatherMs))
    .then(async (stop) => {
      if (stopped) await stop();
      else unlisten = stop;
    })
    .catch((error: unknown) =>
      options.log.error({ err: error }, 'dashboard rollups: cannot LISTEN; polling every second'),
    );
  schedule(0);

  const refresher: RollupRefresher = {
    async stop() {
      stopped = true;
      refreshers.delete(database);
      clearInterval(poll);
      if (wake) clearTimeout(wake);
      wake = null;
      await running;
      await unlisten?.().catch(() => undefined);
    },
    async idle() {
      for (;;) {
        if (stopped) return;
        if (running) {
          await running;
          continue;
        }
        if (paused || !(await hasDirtyRollups(database.db))) return;
        run();
      }
    },
    async pause() {
      paused = true;
      await running;
    },
    resume() {
      paused = false;
      schedule(0);
    },
  };
  refreshers.set(database, refresher);
  return refresher;
}
