import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree } from '../../testing/factories.ts';
import { insertCells } from '../../testing/dashboard.factories.ts';
import { metricByChild, metricByDimension, metricTrend, metricValue, metricValues } from './metric-values.ts';

describeEachDatabase('Metric values from rollup cells', (database) => {
  let tree: TestTree;
  let other: TestTree;
  const window = (areaPath: string | null, from = '2020-02-01', to = '2020-02-10') => ({
    areaPath,
    from,
    to,
  });

  beforeAll(async () => {
    const db = database().db;
    tree = await createAreaTree(db);
    other = await createAreaTree(db);
    const [gridA, gridB] = tree.grids;
    const [communityA] = tree.communities;
    await insertCells(db, [
      // flows: two grids of two towns, one community-level cell, one outside the range, another city
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-02-03', value: 10 },
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-02-04', value: 5 },
      { metric: 'checkpoint_passes', areaPath: gridB.path, day: '2020-02-04', value: 7 },
      { metric: 'checkpoint_passes', areaPath: communityA.path, day: '2020-02-04', value: 1 },
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-01-20', value: 100 },
      { metric: 'checkpoint_passes', areaPath: other.grids[0].path, day: '2020-02-04', value: 1000 },
      // stocks by industry: changes since January
      { metric: 'enterprises_above_scale', areaPath: gridA.path, day: '2020-01-02', dim: 'C26', value: 4 },
      { metric: 'enterprises_above_scale', areaPath: gridA.path, day: '2020-01-02', dim: 'C17', value: 2 },
      { metric: 'enterprises_above_scale', areaPath: gridB.path, day: '2020-01-02', dim: 'C26', value: 3 },
      { metric: 'enterprises_resumed', areaPath: gridA.path, day: '2020-02-05', dim: 'C26', value: 3 },
      { metric: 'enterprises_resumed', areaPath: gridA.path, day: '2020-02-08', dim: 'C26', value: -1 },
      { metric: 'enterprises_resumed', areaPath: gridA.path, day: '2020-02-20', dim: 'C26', value: 2 },
      // gauge: measured on two days
      { metric: 'problems_overdue', areaPath: gridA.path, day: '2020-02-06', dim: 'd1', value: 9 },
      { metric: 'problems_overdue', areaPath: gridA.path, day: '2020-02-09', dim: 'd1', value: 2 },
      { metric: 'problems_overdue', areaPath: gridB.path, day: '2020-02-09', dim: 'd2', value: 1 },
      // staff on duty: a level per reporting day, not person-days
      { metric: 'staff_on_duty', areaPath: gridA.path, day: '2020-02-03', value: 100 },
      { metric: 'staff_on_duty', areaPath: gridA.path, day: '2020-02-04', value: 120 },
      { metric: 'staff_on_duty', areaPath: gridB.path, day: '2020-02-04', value: 30 },
      // ratio with a zero denominator in town B
      { metric: 'screenings_expected', areaPath: gridA.path, day: '2020-02-04', value: 8 },
      { metric: 'screenings_done', areaPath: gridA.path, day: '2020-02-04', value: 6 },
      { metric: 'screenings_done', areaPath: gridB.path, day: '2020-02-04', value: 2 },
      // median: samples over two days and two grids
      { metric: 'refund_turnaround_median', areaPath: gridA.path, day: '2020-02-03', samples: [22, 5] },
      { metric: 'refund_turnaround_median', areaPath: gridB.path, day: '2020-02-05', samples: [30, 1, 50] },
    ]);
  });

  it('a flow sums the range under the area: a town is its grids plus its community-level cell', async () => {
    const db = database().db;
    expect((await metricValue(db, 'checkpoint_passes', window(tree.city.path))).value).toBe(23);
    expect((await metricValue(db, 'checkpoint_passes', window(tree.towns[0].path))).value).toBe(16);
    expect((await metricValue(db, 'checkpoint_passes', window(tree.grids[0].path))).value).toBe(15);
    expect((await metricValue(db, 'checkpoint_passes', window(tree.communities[0].path))).value).toBe(16);
    expect(
      (await metricValue(db, 'checkpoint_passes', window(tree.towns[1].path, '2020-02-05'))).value,
    ).toBeNull();
  });

  it('a stock is every change up to `to`; a gauge the latest day on or before `to`', async () => {
    const db = database().db;
    expect(
      (await metricValue(db, 'enterprises_resumed', window(tree.city.path, '2020-02-09', '2020-02-09')))
        .value,
    ).toBe(2);
    expect(
      (await metricValue(db, 'enterprises_resumed', window(tree.city.path, '2020-02-01', '2020-02-06')))
        .value,
    ).toBe(3);
    expect((await metricValue(db, 'problems_overdue', window(tree.city.path))).value).toBe(3);
    expect(
      (await metricValue(db, 'problems_overdue', window(tree.city.path, '2020-02-01', '2020-02-07'))).value,
    ).toBe(9);
    expect(
      (await metricValue(db, 'problems_overdue', window(tree.city.path, '2020-02-08', '2020-02-08'))).value,
    ).toBe(9);
    expect(
      (await metricValue(db, 'enterprises_above_scale', { ...window(tree.city.path), dim: 'C26' })).value,
    ).toBe(7);
  });

  it('staff on duty over a range is the latest reporting day’s level, not the days summed', async () => {
    const db = database().db;
    expect((await metricValue(db, 'staff_on_duty', window(tree.city.path))).value).toBe(150);
    expect(
      (await metricValue(db, 'staff_on_duty', window(tree.city.path, '2020-02-01', '2020-02-03'))).value,
    ).toBe(100);
  });

  it('a ratio divides its two base metrics (null on a zero denominator); a median unions the samples', async () => {
    const db = database().db;
    expect(await metricValue(db, 'resumption_rate', window(tree.city.path))).toEqual({
      value: 22.2222,
      numerator: 2,
      denominator: 9,
    });
    expect(await metricValue(db, 'screening_coverage', window(tree.towns[1].path))).toEqual({
      value: null,
      numerator: 2,
      denominator: null,
    });
    expect((await metricValue(db, 'screening_coverage', window(tree.towns[0].path))).value).toBe(75);
    expect((await metricValue(db, 'refund_turnaround_median', window(tree.city.path))).value).toBe(22);
    expect(
      (await metricValue(db, 'refund_turnaround_median', window(tree.city.path, '2020-02-04'))).value,
    ).toBe(30);
  });

  it('by child area, by dimension, by day, and several metrics with the previous range at once', async () => {
    const db = database().db;
    const byTown = await metricByChild(db, 'checkpoint_passes', { ...window(tree.city.path), childDepth: 1 });
    expect(byTown.get(tree.towns[0].path)?.value).toBe(16);
    expect(byTown.get(tree.towns[1].path)?.value).toBe(7);
    const byGrid = await metricByChild(db, 'checkpoint_passes', {
      ...window(tree.communities[0].path),
      childDepth: 3,
    });
    expect(byGrid.get(tree.grids[0].path)?.value).toBe(15);
    expect(byGrid.get(tree.communities[0].path)?.value).toBe(1);
    const byIndustry = await metricByDimension(db, 'resumption_rate', window(tree.city.path));
    expect(byIndustry.get('C26')).toEqual({ value: 28.5714, numerator: 2, denominator: 7 });
    expect(byIndustry.get('C17')?.value).toBe(0);
    const trend = await metricTrend(db, ['checkpoint_passes', 'enterprises_resumed', 'problems_overdue'], {
      areaPath: tree.city.path,
      from: '2020-02-03',
      to: '2020-02-09',
    });
    expect(trend.days).toHaveLength(7);
    expect(trend.series[0]?.values).toEqual([10, 13, 0, 0, 0, 0, 0]);
    expect(trend.series[1]?.values).toEqual([0, 0, 3, 3, 3, 2, 2]);
    expect(trend.series[2]?.values).toEqual([null, null, null, 9, null, null, 3]);
    const values = await metricValues(
      db,
      ['checkpoint_passes', 'enterprises_resumed'],
      { areaPath: tree.city.path },
      [
        { from: '2020-02-04', to: '2020-02-10' },
        { from: '2020-01-28', to: '2020-02-03' },
      ],
    );
    expect(values.get('checkpoint_passes')?.map((r) => r.value)).toEqual([13, 10]);
    expect(values.get('enterprises_resumed')?.map((r) => r.value)).toEqual([2, null]);
  });
});
