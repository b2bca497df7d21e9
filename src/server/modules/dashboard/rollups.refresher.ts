import type { Database } from '../../core/db/client.ts';

export interface RollupRefresher {
  stop(): Promise<void>;
}

/**
 * Keeps dashboard_cells current: drains rollup_dirty soon after a change is committed and publishes
 * a `dashboard` event. STUB: filled by the rollups work.
 */
export function startRollupRefresher(
  _database: Database,
  _options: { log: { error(payload: object, message: string): void } },
): RollupRefresher {
  return { async stop() {} };
}
