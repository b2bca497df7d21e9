import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { insertCells, insertShape } from '../../testing/dashboard.factories.ts';
import { createOrg } from '../../testing/orgs.factories.ts';
import { insertCase, seedCaseFixtures } from '../../testing/cases.factories.ts';
import { ensureComplianceForms, insertRecord } from '../../testing/compliance.factories.ts';
import type {
  DashboardBreakdownDto,
  DashboardDimensionDto,
  DashboardSummaryDto,
  DashboardTrendDto,
  GeoFeatureCollectionDto,
} from '../../../shared/dashboard.ts';
import type { DashboardRowsPageDto } from './dashboard.schema.ts';

const RANGE = 'from=2020-02-01&to=2020-02-10';

describeEachDatabase('Dashboard API: figures from rollup cells, drill rows, exports', (database) => {
  let app: App;
  let tree: TestTree;
  let rowsTree: TestTree;
  let command: Session;
  let townA: Session;
  let townB: Session;
  let enterpriseUser: Session;
  let volunteer: Session;
  const ids: Record<string, string> = {};

  const get = (session: Session | null, url: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...(session ? { cookie: session.cookie } : {}), ...headers },
    });

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    rowsTree = await createAreaTree(db);
    command = await signInAs(app, db, 'command_office', tree.city.path);
    townA = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    townB = await signInAs(app, db, 'town_staff', tree.towns[1].path);
    enterpriseUser = await signInAs(app, db, 'enterprise_user', tree.city.path);
    volunteer = await signInAs(app, db, 'volunteer', tree.city.path);
    const [gridA, gridB] = tree.grids;
    await insertCells(db, [
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-02-03', value: 10 },
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-02-09', value: 5 },
      { metric: 'checkpoint_passes', areaPath: gridB.path, day: '2020-02-04', value: 7 },
      // a community's own cell: counted once in the town, not again through a grid
      { metric: 'checkpoint_passes', areaPath: tree.communities[0].path, day: '2020-02-04', value: 1 },
      // previous range (2020-01-22 … 2020-01-31)
      { metric: 'checkpoint_passes', areaPath: gridA.path, day: '2020-01-25', value: 4 },
      { metric: 'enterprises_above_scale', areaPath: gridA.path, day: '2020-01-02', dim: 'C', value: 4 },
      { metric: 'enterprises_above_scale', areaPath: gridB.path, day: '2020-01-02', dim: 'F', value: 2 },
      { metric: 'enterprises_resumed', areaPath: gridA.path, day: '2020-02-05', dim: 'C', value: 3 },
      { metric: 'problems_overdue', areaPath: gridA.path, day: '2020-02-06', dim: 'tax', value: 9 },
      { metric: 'problems_overdue', areaPath: gridA.path, day: '2020-02-08', dim: 'tax', value: 2 },
      { metric: 'problems_resolved', areaPath: gridA.path, day: '2019-12-01', dim: 'tax', value: 6 },
      { metric: 'problems_resolved', areaPath: gridB.path, day: '2020-02-02', dim: '', value: 1 },
      { metric: 'screenings_done', areaPath: gridB.path, day: '2020-02-04', value: 3 },
      { metric: 'refund_turnaround_median', areaPath: gridA.path, day: '2020-02-03', samples: [10, 2] },
      { metric: 'refund_turnaround_median', areaPath: gridB.path, day: '2020-02-04', samples: [7] },
    ]);
    await insertShape(db, tree.towns[0].id);

    // Source rows for the drill-down, in a tree of their own.
    await seedCaseFixtures(db, rowsTree.city);
    await ensureComplianceForms(db);
    const org = await createOrg(db, rowsTree.grids[0], {
      name: '甲规上企业',
      aboveScale: true,
      industry: 'C',
      status: 'resumed',
    });
    await createOrg(db, rowsTree.grids[0], { name: '乙规上企业', aboveScale: true, status: 'suspended' });
    await createOrg(db, rowsTree.grids[0], { name: '丙小微企业', aboveScale: false, status: 'resumed' });
    ids.org = org.id;
    for (const day of ['2020-02-03', '2020-02-04', '2020-02-05']) {
      await insertRecord(db, {
        formKey: 'checkpoint_pass',
        day,
        subjectKind: 'place',
        subjectId: rowsTree.place.id,
        areaPath: rowsTree.place.path,
      });
    }
    const opened = await insertCase(db, rowsTree.grids[1], {
      title: '原料短缺',
      createdAt: new Date('2020-02-04T02:00:00Z'),
    });
    ids.case = opened.id;
    await insertCase(db, rowsTree.grids[1], {
      title: '更早的问题',
      createdAt: new Date('2020-01-04T02:00:00Z'),
    });
  });

  it('401 without a session, 403 for roles without dashboard:read', async () => {
    expect((await get(null, '/api/dashboard/summary')).statusCode).toBe(401);
    for (const session of [enterpriseUser, volunteer]) {
      for (const path of [
        'summary',
        'breakdown?metric=checkpoint_passes',
        'trend?metrics=checkpoint_passes',
        'geo',
      ]) {
        expect((await get(session, `/api/dashboard/${path}`)).statusCode).toBe(403);
      }
    }
  });

  it('404 for an area outside the actor’s scope', async () => {
    for (const path of [
      `summary?areaId=${tree.towns[0].id}`,
      `breakdown?metric=checkpoint_passes&areaId=${tree.communities[0].id}`,
      `rows?metric=checkpoint_passes&areaId=${tree.towns[0].id}`,
      `geo?areaId=${tree.city.id}`,
    ]) {
      expect((await get(townB, `/api/dashboard/${path}`)).statusCode).toBe(404);
    }
  });

  it('400 naming the field: unknown metric (zh and en), bad day, a range over 366 days, too many metrics', async () => {
    const zh = await get(command, '/api/dashboard/breakdown?metric=nonsense');
    expect(zh.statusCode).toBe(400);
    expect(zh.json().error.details[0]).toMatchObject({
      field: 'metric',
      reason: expect.stringContaining('没有这个指标'),
    });
    const en = await get(command, '/api/dashboard/dimension?metric=nonsense', { 'accept-language': 'en-US' });
    expect(en.json().error.details[0]).toMatchObject({
      field: 'metric',
      reason: expect.stringContaining('not a known metric'),
    });
    const badDay = await get(command, '/api/dashboard/summary?from=2020-02-30');
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json().error.details[0].field).toBe('from');
    const long = await get(command, '/api/dashboard/summary?from=2019-01-01&to=2020-02-10');
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].field).toBe('from');
    const many = await get(command, '/api/dashboard/trend?metrics=a,b,c,d,e,f,g');
    expect(many.json().error.details[0].field).toBe('metrics');
    expect(
      (await get(command, '/api/dashboard/trend?metrics=checkpoint_passes,oops')).json().error.details[0]
        .field,
    ).toBe('metrics');
  });

  it('summary: the actor’s own area by default, values and the previous range, trail, structure', async () => {
    const response = await get(command, `/api/dashboard/summary?${RANGE}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<DashboardSummaryDto>();
    expect(body.area.id).toBe(tree.city.id);
    expect(body.trail).toEqual([]);
    const metric = (key: string) => body.metrics.find((m) => m.key === key);
    expect(metric('checkpoint_passes')).toMatchObject({ value: 23, previous: 4, unit: 'count' });
    expect(metric('enterprises_resumed')).toMatchObject({ value: 3, previous: null });
    expect(metric('resumption_rate')?.value).toBe(50);
    expect(metric('problems_overdue')?.value).toBe(2);
    expect(metric('screening_coverage')?.value).toBeNull();
    expect(metric('refund_turnaround_median')?.value).toBe(7);
    expect(body.metrics).toHaveLength(26);
    expect(body.structure).toMatchObject({ towns: 2, communities: 2, grids: 2, problemsSolved: 7 });
    expect(body.refreshedAt).not.toBeNull();

    const town = (await get(townA, `/api/dashboard/summary?${RANGE}`)).json<DashboardSummaryDto>();
    expect(town.area.id).toBe(tree.towns[0].id);
    expect(town.trail.map((a) => a.id)).toEqual([tree.city.id]);
    expect(town.metrics.find((m) => m.key === 'checkpoint_passes')?.value).toBe(16);
    expect(town.structure).toMatchObject({ towns: 1, communities: 1, grids: 1 });
  });

  it('summary without a range opens on the latest day with figures and the 29 days before', async () => {
    const body = (await get(townB, '/api/dashboard/summary')).json<DashboardSummaryDto>();
    expect(body).toMatchObject({ from: '2020-01-06', to: '2020-02-04' });
  });

  it('breakdown: one row per child area, with or without figures, best first', async () => {
    const body = (
      await get(command, `/api/dashboard/breakdown?metric=checkpoint_passes&${RANGE}`)
    ).json<DashboardBreakdownDto>();
    // Fewer passes rank first (checkpoint_passes is not higher-is-better).
    expect(body.rows.map((r) => [r.area.id, r.value])).toEqual([
      [tree.towns[1].id, 7],
      [tree.towns[0].id, 16],
    ]);
    const rate = (
      await get(command, `/api/dashboard/breakdown?metric=resumption_rate&${RANGE}`)
    ).json<DashboardBreakdownDto>();
    expect(rate.rows[0]).toMatchObject({ value: 75, numerator: 3, denominator: 4 });
    expect(rate.rows[1]).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    const grids = (
      await get(
        command,
        `/api/dashboard/breakdown?metric=screenings_done&areaId=${tree.communities[0].id}&${RANGE}`,
      )
    ).json<DashboardBreakdownDto>();
    expect(grids.rows).toEqual([
      {
        area: expect.objectContaining({ id: tree.grids[0].id }),
        value: null,
        numerator: null,
        denominator: null,
      },
    ]);
  });

  it('trend per day (stocks cumulative) and dimension rows with labels', async () => {
    const trend = (
      await get(
        command,
        '/api/dashboard/trend?metrics=checkpoint_passes,enterprises_resumed&from=2020-02-03&to=2020-02-05',
      )
    ).json<DashboardTrendDto>();
    expect(trend.days).toEqual(['2020-02-03', '2020-02-04', '2020-02-05']);
    expect(trend.series).toEqual([
      { key: 'checkpoint_passes', values: [10, 8, 0] },
      { key: 'enterprises_resumed', values: [0, 0, 3] },
    ]);
    const byIndustry = (
      await get(command, `/api/dashboard/dimension?metric=enterprises_above_scale&${RANGE}`)
    ).json<DashboardDimensionDto>();
    expect(byIndustry.dimension).toBe('industry');
    expect(byIndustry.rows).toEqual([
      { dim: 'C', label: { zh: 'C 制造业', en: 'C Manufacturing' }, value: 4 },
      { dim: 'F', label: { zh: 'F 批发和零售业', en: 'F Wholesale and retail' }, value: 2 },
    ]);
  });

  it('geo: the child areas’ shapes; an empty collection when none', async () => {
    const city = (await get(command, '/api/dashboard/geo')).json<GeoFeatureCollectionDto>();
    expect(city.features).toHaveLength(1);
    expect(city.features[0]?.properties).toMatchObject({
      areaId: tree.towns[0].id,
      name: '甲街道',
      level: 'town',
    });
    const town = (
      await get(command, `/api/dashboard/geo?areaId=${tree.towns[1].id}`)
    ).json<GeoFeatureCollectionDto>();
    expect(town).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('rows: the records, cases and enterprises behind a number, keyset pages, links into the SPA', async () => {
    const db = database().db;
    const admin = await signInAs(app, db, 'admin', null);
    const area = `areaId=${rowsTree.city.id}&${RANGE}`;
    const first = (
      await get(admin, `/api/dashboard/rows?metric=checkpoint_passes&${area}&limit=2`)
    ).json<DashboardRowsPageDto>();
    expect(first.items.map((r) => r.day)).toEqual(['2020-02-05', '2020-02-04']);
    expect(first.items[0]).toMatchObject({ kind: 'record', title: '甲社区卡点', areaName: '甲社区卡点' });
    expect(first.items[0]?.link).toBe(`/records?record=${first.items[0]?.id}`);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await get(
        admin,
        `/api/dashboard/rows?metric=checkpoint_passes&${area}&limit=2&cursor=${first.nextCursor}`,
      )
    ).json<DashboardRowsPageDto>();
    expect(second.items.map((r) => r.day)).toEqual(['2020-02-03']);
    expect(second.nextCursor).toBeNull();

    const cases = (
      await get(admin, `/api/dashboard/rows?metric=problems_opened&${area}`)
    ).json<DashboardRowsPageDto>();
    expect(cases.items).toEqual([
      expect.objectContaining({ kind: 'case', id: ids.case, day: '2020-02-04', link: `/cases/${ids.case}` }),
    ]);
    expect(cases.items[0]?.title).toContain('原料短缺');

    const orgs = (
      await get(admin, `/api/dashboard/rows?metric=enterprises_resumed&${area}`)
    ).json<DashboardRowsPageDto>();
    expect(orgs.items.map((r) => [r.id, r.link])).toEqual([[ids.org, `/orgs/${ids.org}`]]);
    const all = (
      await get(admin, `/api/dashboard/rows?metric=resumption_rate&${area}`)
    ).json<DashboardRowsPageDto>();
    expect(all.items.map((r) => r.title).sort()).toEqual(['乙规上企业', '甲规上企业'].sort());
    expect(
      (await get(admin, `/api/dashboard/rows?metric=checkpoint_passes&${area}&cursor=bad`)).statusCode,
    ).toBe(400);
  });

  it('export.xlsx: any chart’s data, headers in the asked language', async () => {
    const response = await get(
      command,
      `/api/dashboard/export.xlsx?view=breakdown&metric=checkpoint_passes&${RANGE}&lang=en`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      'Area',
      'Checkpoint passes',
      'Numerator',
      'Denominator',
    ]);
    expect(sheet?.getRow(2).getCell(1).value).toBe('乙镇');
    expect(sheet?.getRow(3).getCell(2).value).toBe(16);

    const summary = await get(command, `/api/dashboard/export.xlsx?view=summary&${RANGE}`);
    const zh = new ExcelJS.Workbook();
    await zh.xlsx.load(summary.rawPayload as unknown as ArrayBuffer);
    expect(zh.worksheets[0]?.getRow(1).getCell(1).value).toBe('指标');
    expect(zh.worksheets[0]?.rowCount).toBe(27);

    const trend = await get(
      command,
      `/api/dashboard/export.xlsx?view=trend&metrics=checkpoint_passes&${RANGE}`,
    );
    const t = new ExcelJS.Workbook();
    await t.xlsx.load(trend.rawPayload as unknown as ArrayBuffer);
    expect(t.worksheets[0]?.rowCount).toBe(11);
    expect((await get(command, `/api/dashboard/export.xlsx?view=breakdown&${RANGE}`)).statusCode).toBe(400);
    expect((await get(volunteer, `/api/dashboard/export.xlsx?view=summary`)).statusCode).toBe(403);
  });
});
