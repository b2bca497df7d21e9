// The demo's targets: the goals the source names, where a metric exists for them. Progress is never
// stored: the targets API reads it from the rollups, so these rows only say metric × area × days × value.
//
// Not here because no metric measures them yet: the agricultural output target (Q1 agricultural
// output +2.5 %) and farm producers' resumption (the agri capability has no metric in the catalogue).
import type { Db } from '../../src/server/core/db/client.ts';
import { targets } from '../../src/server/modules/dashboard/dashboard.tables.ts';
import type { MetricKey } from '../../src/shared/dashboard.ts';
import { CITY, TOWNS } from './areas.ts';
import type { AreaIndex } from './area-index.ts';
import { stableId } from './ids.ts';

/** Zhejiang's enterprises could resume from 10 February 2020; the month's goal was every one by its end. */
export const RESUMPTION_START = '2020-02-10';
export const RESUMPTION_DUE = '2020-02-29';
/** Production back to 90 % of capacity within a week of the 20th. */
export const CAPACITY_START = '2020-02-20';
export const CAPACITY_DUE = '2020-02-27';

export interface DemoTarget {
  id: string;
  key: string;
  metric: MetricKey;
  areaName: string;
  title: string;
  startDay: string;
  dueDay: string;
  targetValue: number;
  note: string;
}

/** The demo's targets, with stable ids (`target:<key>`). */
export function buildDemoTargets(): DemoTarget[] {
  const target = (t: Omit<DemoTarget, 'id'>): DemoTarget => ({ ...t, id: stableId(`target:${t.key}`) });
  return [
    target({
      key: 'resumption:city',
      metric: 'resumption_rate',
      areaName: CITY.name,
      title: '规上工业企业复工率 100%',
      startDay: RESUMPTION_START,
      dueDay: RESUMPTION_DUE,
      targetValue: 100,
      note: '2 月底前全市规上工业企业全面复工',
    }),
    ...TOWNS.map((town) =>
      target({
        key: `resumption:${town.name}`,
        metric: 'resumption_rate',
        areaName: town.name,
        title: `${town.name}规上工业企业复工率 100%`,
        startDay: RESUMPTION_START,
        dueDay: RESUMPTION_DUE,
        targetValue: 100,
        note: '镇（街道）分解目标',
      }),
    ),
    target({
      key: 'screening:city',
      metric: 'screening_coverage',
      areaName: CITY.name,
      title: '重点人员每日排摸全覆盖',
      startDay: '2020-02-01',
      dueDay: RESUMPTION_DUE,
      targetValue: 100,
      note: '居家观察、返平人员每日体温排摸 100% 覆盖',
    }),
    target({
      key: 'capacity:city',
      metric: 'capacity_rate',
      areaName: CITY.name,
      title: '一周内产能恢复至 90%',
      startDay: CAPACITY_START,
      dueDay: CAPACITY_DUE,
      targetValue: 90,
      note: '已复工企业一周内产能恢复到 90%',
    }),
  ];
}

/** Writes the demo's targets, set by the command office (the `command` login). */
export async function loadDemoTargets(
  db: Db,
  input: { areas: AreaIndex; userIds: Map<string, string> },
): Promise<{ targets: number }> {
  const rows = buildDemoTargets().map((t) => {
    const area = input.areas.get(t.areaName);
    return {
      id: t.id,
      metric: t.metric,
      areaId: area.id,
      areaPath: area.path,
      title: t.title,
      startDay: t.startDay,
      dueDay: t.dueDay,
      targetValue: t.targetValue,
      note: t.note,
      createdBy: input.userIds.get('command') ?? null,
      createdAt: new Date(`${t.startDay}T09:00:00+08:00`),
      updatedAt: new Date(`${t.startDay}T09:00:00+08:00`),
    };
  });
  await db.insert(targets).values(rows);
  return { targets: rows.length };
}
