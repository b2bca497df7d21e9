import { sql } from 'drizzle-orm';
import type { Db } from '../core/db/client.ts';
import { areaShapes, dashboardCells } from '../modules/dashboard/dashboard.tables.ts';
import type { MetricKey } from '../../shared/dashboard.ts';
import { recomputeTotals } from '../modules/dashboard/rollups.repo.ts';
import { ancestorPairs } from '../modules/dashboard/rollups.rules.ts';

// Test helpers of the dashboard read API: rollup cells and map shapes written straight to their
// tables, so these tests do not depend on the rollups that normally fill them.

export interface CellInput {
  metric: MetricKey;
  areaPath: string;
  day: string;
  value?: number;
  dim?: string;
  samples?: number[];
  refreshedAt?: Date;
}

/** Rollup cells (upserted: a second insert of the same cell replaces its value) and their area totals. */
export async function insertCells(db: Db, cells: readonly CellInput[]): Promise<void> {
  if (cells.length === 0) return;
  for (let i = 0; i < cells.length; i += 1000) {
    await db
      .insert(dashboardCells)
      .values(
        cells.slice(i, i + 1000).map((c) => ({
          metric: c.metric,
          areaPath: c.areaPath,
          day: c.day,
          dim: c.dim ?? '',
          value: c.value ?? 0,
          samples: c.samples ?? null,
          ...(c.refreshedAt ? { refreshedAt: c.refreshedAt } : {}),
        })),
      )
      .onConflictDoUpdate({
        target: [dashboardCells.metric, dashboardCells.areaPath, dashboardCells.day, dashboardCells.dim],
        set: {
          value: sql`excluded.value`,
          samples: sql`excluded.samples`,
        },
      });
  }
  // The city and town totals the refresh would leave next to them.
  await recomputeTotals(
    db,
    [...new Set(cells.map((c) => c.metric))],
    ancestorPairs(cells.map((c) => ({ areaPath: c.areaPath, day: null }))),
  );
}

/** A square shape for an area on the dashboard map. */
export async function insertShape(db: Db, areaId: string, lon = 121, lat = 30.7): Promise<void> {
  await db
    .insert(areaShapes)
    .values({
      areaId,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + 0.01, lat],
            [lon + 0.01, lat + 0.01],
            [lon, lat + 0.01],
            [lon, lat],
          ],
        ],
      },
    })
    .onConflictDoNothing();
}
