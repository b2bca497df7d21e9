import type { Db } from '../core/db/client.ts';
import type { AreaRow } from '../modules/areas/areas.repo.ts';
import { dashboardCells, targets } from '../modules/dashboard/dashboard.tables.ts';
import type { TargetRow } from '../modules/dashboard/targets.repo.ts';
import type { MetricKey } from '../../shared/dashboard.ts';
import { recomputeTotals } from '../modules/dashboard/rollups.repo.ts';
import { ancestorPairs } from '../modules/dashboard/rollups.rules.ts';

// Test helpers of the targets module: rollup cells and targets written straight to their tables, so
// these tests depend neither on the rollup triggers nor on the records and cases that feed them.

export interface CellInput {
  metric: MetricKey;
  area: Pick<AreaRow, 'path'>;
  day: string;
  value: number;
  dim?: string;
}

/** Rollup cells and their area totals as the refresher would leave them (a stock's cell is the day's change). */
export async function insertCells(db: Db, cells: CellInput[]): Promise<void> {
  if (cells.length === 0) return;
  await db.insert(dashboardCells).values(
    cells.map((c) => ({
      metric: c.metric,
      areaPath: c.area.path,
      day: c.day,
      dim: c.dim ?? '',
      value: c.value,
    })),
  );
  await recomputeTotals(
    db,
    [...new Set(cells.map((c) => c.metric))],
    ancestorPairs(cells.map((c) => ({ areaPath: c.area.path, day: null }))),
  );
}

/** A target row (defaults: resumption 100 % over February 2020). */
export async function insertTarget(
  db: Db,
  area: Pick<AreaRow, 'id' | 'path'>,
  options: Partial<Omit<typeof targets.$inferInsert, 'areaId' | 'areaPath'>> = {},
): Promise<TargetRow> {
  const [row] = await db
    .insert(targets)
    .values({
      metric: 'resumption_rate',
      title: '规上企业复工率 100%',
      startDay: '2020-02-10',
      dueDay: '2020-02-29',
      targetValue: 100,
      ...options,
      areaId: area.id,
      areaPath: area.path,
    })
    .returning();
  if (!row) throw new Error('target not inserted');
  return row;
}
