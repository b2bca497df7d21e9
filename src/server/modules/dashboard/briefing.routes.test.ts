import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { insertCells, type CellInput } from '../../testing/dashboard.factories.ts';
import { insertTarget } from '../../testing/targets.factories.ts';
import { METRICS } from '../../../shared/metric-catalogue.ts';
import { readPdf } from './briefing.testing.ts';

const DAY = '2020-02-18';
const BEFORE = '2020-02-17';

describeEachDatabase('GET /api/dashboard/briefing.pdf', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let townA: Session;
  let enterprise: Session;

  const get = (query: string, session?: Session) =>
    app.inject({
      method: 'GET',
      url: `/api/dashboard/briefing.pdf${query}`,
      headers: session ? { cookie: session.cookie } : {},
    });

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    admin = await signInAs(app, db, 'admin', null);
    townA = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    enterprise = await signInAs(app, db, 'enterprise_user', null);
    const [a, b] = tree.grids;
    const cells: CellInput[] = [
      // 10 above-scale enterprises in each town; town A resumed 8 then 9, town B 5.
      { metric: 'enterprises_above_scale', areaPath: a.path, day: '2020-02-01', value: 10 },
      { metric: 'enterprises_above_scale', areaPath: b.path, day: '2020-02-01', value: 10 },
      { metric: 'enterprises_resumed', areaPath: a.path, day: '2020-02-10', value: 8 },
      { metric: 'enterprises_resumed', areaPath: a.path, day: DAY, value: 1 },
      { metric: 'enterprises_resumed', areaPath: b.path, day: '2020-02-10', value: 5 },
      { metric: 'checkpoint_passes', areaPath: a.path, day: BEFORE, value: 100 },
      { metric: 'checkpoint_passes', areaPath: a.path, day: DAY, value: 120 },
      { metric: 'refunds_amount', areaPath: a.path, day: DAY, value: 2_280_000 },
      { metric: 'screenings_expected', areaPath: a.path, day: DAY, value: 100 },
      { metric: 'screenings_done', areaPath: a.path, day: DAY, value: 90 },
      { metric: 'screenings_expected', areaPath: b.path, day: DAY, value: 100 },
      { metric: 'screenings_done', areaPath: b.path, day: DAY, value: 40 },
    ];
    await insertCells(db, cells);
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers 401 without a session and 403 to a role without dashboard:read', async () => {
    expect((await get(`?day=${DAY}`)).statusCode).toBe(401);
    expect((await get(`?day=${DAY}`, enterprise)).statusCode).toBe(403);
  });

  it('answers 404 for an area outside the caller’s scope, as for a missing one', async () => {
    expect((await get(`?areaId=${tree.towns[1].id}&day=${DAY}`, townA)).statusCode).toBe(404);
    expect((await get(`?areaId=00000000-0000-4000-8000-000000000000`, admin)).statusCode).toBe(404);
  });

  it('answers 400 naming the field for a bad day or language', async () => {
    for (const [query, field] of [
      ['?day=2020-02-30', 'day'],
      ['?day=yesterday', 'day'],
      ['?lang=fr', 'lang'],
    ] as const) {
      const res = await get(query, admin);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.details[0].field).toBe(field);
    }
  });

  it('prints the city’s briefing: title, key figures with the change on the day before, laggards, structure', async () => {
    const res = await get(`?areaId=${tree.city.id}&day=${DAY}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`briefing-${DAY}.pdf`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = readPdf(res.rawPayload);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.fonts.some((f) => f.includes('NotoSansSC'))).toBe(true);
    const lines = pdf.text.split('\n');
    for (const text of [
      `测试市疫情防控和复工复产每日简报 ${DAY}`,
      METRICS.resumption_rate.name.zh,
      // 14 of 20 resumed on the day, 13 of 20 the day before.
      '70.0%',
      '+5.0 个百分点',
      METRICS.checkpoint_passes.name.zh,
      '120',
      '+20',
      '228.00 万元',
      `第 1 / ${pdf.pages} 页`,
    ])
      expect(lines, text).toContain(text);
    expect(pdf.text).toContain('区域：测试市');
    expect(pdf.text).toContain('生成时间');
    // The laggards, lowest first: 乙镇 at 50 % resumption and 40 % screening, then 甲街道.
    const resumption = lines.indexOf(`二、${METRICS.resumption_rate.name.zh}后 5 位`);
    const screening = lines.indexOf(`三、${METRICS.screening_coverage.name.zh}后 5 位`);
    expect(resumption).toBeGreaterThan(0);
    expect(screening).toBeGreaterThan(resumption);
    const laggardsOf = (from: number, to: number) => lines.slice(from, to);
    expect(laggardsOf(resumption, screening)).toEqual(
      expect.arrayContaining(['乙镇', '50.0%', '5 / 10', '甲街道', '90.0%']),
    );
    expect(laggardsOf(resumption, screening).indexOf('乙镇')).toBeLessThan(
      laggardsOf(resumption, screening).indexOf('甲街道'),
    );
    expect(laggardsOf(screening, lines.length)).toEqual(
      expect.arrayContaining(['乙镇', '40.0%', '甲街道', '90.0%']),
    );
    // No targets table while nobody has set a target: the structure comes fourth.
    expect(pdf.text).not.toContain('目标进度');
    expect(lines).toContain('四、基本情况');
  });

  it('defaults to the caller’s own area and the latest day with figures, and prints open targets once targets exist', async () => {
    await insertTarget(database().db, tree.towns[0], { title: '甲街道复工率 100%' });
    const res = await get('', townA);
    expect(res.statusCode).toBe(200);
    const pdf = readPdf(res.rawPayload);
    expect(pdf.text).toContain(`测试市疫情防控和复工复产每日简报 ${DAY}`);
    expect(pdf.text).toContain('区域：甲街道');
    expect(pdf.text).toContain('四、目标进度');
    expect(pdf.text).toContain('甲街道复工率 100%');
  });

  it('prints English with lang=en', async () => {
    const res = await get(`?areaId=${tree.city.id}&day=${DAY}&lang=en`, admin);
    expect(res.statusCode).toBe(200);
    const pdf = readPdf(res.rawPayload);
    expect(pdf.text).toContain(`测试市 daily briefing`);
    expect(pdf.text).toContain(METRICS.resumption_rate.name.en);
    expect(pdf.text).toContain('+5.0 pp');
    expect(pdf.text).toContain(`Page 1 of ${pdf.pages}`);
  });
});
