import type { Database, Db } from '../../core/db/client.ts';
import type { RollupFamily } from '../../../shared/dashboard.ts';
import * as repo from './rollups.repo.ts';
import { ancestorPairs, familyCellMetrics, shanghaiDay } from './rollups.rules.ts';

export interface RefreshResult {
  /** Dirty cells claimed and recomputed. */
  claimed: number;
  /** Cell paths whose figures were recomputed (a dashboard refreshes when its area is a prefix). */
  paths: string[];
  families: RollupFamily[];
}

/** The gauge is replaced whole (a few hundred cells): its totals are rebuilt whole too. */
const OVERDUE = ['problems_overdue'];

const EMPTY: RefreshResult = { claimed: 0, paths: [], families: [] };

/**
 * Claims up to `limit` dirty cells and recomputes every metric of their families, in one transaction
 * (a failure leaves them dirty for the next round). On PostgreSQL a second instance finds the lock
 * taken and does nothing this round.
 */
export async function refreshDirtyRollups(
  database: Pick<Database, 'db' | 'kind'>,
  options: { limit?: number } = {},
): Promise<RefreshResult> {
  const limit = options.limit ?? 500;
  return database.db.transaction(async (tx) => {
    if (database.kind === 'postgres' && !(await repo.tryRefreshLock(tx))) return EMPTY;
    const claimed = await repo.claimDirty(tx, limit);
    if (claimed.length === 0) return EMPTY;
    const of = (family: RollupFamily) => claimed.filter((c) => c.family === family);
    const records = of('records');
    const cases = of('cases');
    const orgPaths = [...new Set(of('orgs').map((c) => c.areaPath))];
    if (records.length > 0) {
      await repo.recomputeRecords(tx, records);
      await repo.recomputeTotals(tx, familyCellMetrics('records'), ancestorPairs(records));
    }
    if (cases.length > 0) {
      await repo.recomputeCases(tx, cases);
      await repo.recomputeTotals(tx, familyCellMetrics('cases'), ancestorPairs(cases));
      // A case that opened, resolved or moved may change today's overdue count too.
      await repo.replaceOverdue(tx, shanghaiDay(new Date()));
      await repo.rebuildTotals(tx, OVERDUE);
    }
    if (orgPaths.length > 0) {
      await repo.recomputeOrgs(tx, orgPaths);
      // The orgs family rewrote every day of its paths.
      const pairs = ancestorPairs(orgPaths.map((areaPath) => ({ areaPath, day: null })));
      await repo.recomputeTotals(tx, familyCellMetrics('orgs'), pairs);
    }
    const families = [...new Set(claimed.map((c) => c.family))];
    const paths = [...new Set(claimed.map((c) => c.areaPath))].sort();
    return { claimed: claimed.length, paths, families };
  });
}

/** Refreshes until nothing is dirty; the union of what changed. */
export async function drainRollups(
  database: Pick<Database, 'db' | 'kind'>,
  options: { limit?: number } = {},
): Promise<RefreshResult> {
  const paths = new Set<string>();
  const families = new Set<RollupFamily>();
  let claimed = 0;
  for (;;) {
    const round = await refreshDirtyRollups(database, options);
    claimed += round.claimed;
    round.paths.forEach((p) => paths.add(p));
    round.families.forEach((f) => families.add(f));
    if (round.claimed === 0) break;
    // Let other work (requests on PGlite's one connection) in between rounds.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { claimed, paths: [...paths].sort(), families: [...families] };
}

/**
 * The problems_overdue gauge, measured now: returns the cell paths whose count changed (none when
 * nothing did, so an idle city publishes nothing every minute).
 */
export async function refreshOverdue(db: Db, now = new Date()): Promise<string[]> {
  return db.transaction(async (tx) => {
    // The refresh may be rebuilding the same gauge cells and totals: whoever holds the lock does it,
    // the other instance measures again next round (on PGlite the lock is always free).
    if (!(await repo.tryRefreshLock(tx))) return [];
    const before = await repo.overdueCells(tx);
    await repo.replaceOverdue(tx, shanghaiDay(now));
    await repo.rebuildTotals(tx, OVERDUE);
    const after = await repo.overdueCells(tx);
    const key = (c: repo.GaugeCell) => `${c.areaPath}\u0000${c.dim}`;
    const old = new Map(before.map((c) => [key(c), c]));
    const changed = new Set<string>();
    for (const c of after) {
      if (old.get(key(c))?.value !== c.value) changed.add(c.areaPath);
      old.delete(key(c));
    }
    for (const c of old.values()) changed.add(c.areaPath);
    return [...changed].sort();
  });
}

/** Marks today for every screening covering it (the day turned; open screenings have no trigger for it). */
export async function markScreeningDay(db: Db, day: string): Promise<void> {
  await repo.markScreeningDay(db, day);
}

export async function hasDirtyRollups(db: Db): Promise<boolean> {
  return repo.hasDirty(db);
}

/** Recomputes every cell from the source rows (tests, the bench, and the repair tool). */
export async function rebuildAllRollups(database: Pick<Database, 'db' | 'kind'>): Promise<RefreshResult> {
  const today = shanghaiDay(new Date());
  await database.db.transaction((tx) => repo.markEverything(tx, today));
  const result = await drainRollups(database, { limit: 2000 });
  await refreshOverdue(database.db);
  return result;
}
