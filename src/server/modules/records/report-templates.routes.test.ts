import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { createOrg } from '../../testing/orgs.factories.ts';
import { createRecordForm, insertTestRecords } from '../../testing/report-templates.factories.ts';
import { seedReportTemplates } from './report-templates.seed.ts';

const DAY = '2020-02-10';
const ECONOMY = 'economy_resumption_daily';
const HEALTH = 'health_screening_daily';

interface ReportBody {
  from: string;
  to: string;
  area: { id: string; name: string } | null;
  columns: { key: string; label: { zh: string; en: string } }[];
  rows: { group: { id: string; name: string; path: string | null }; values: Record<string, number | null> }[];
  totals: Record<string, number | null>;
}

describeEachDatabase('report templates: one form, many uses', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let supervisor: Session;
  let townAStaff: Session;
  let liaison: Session;
  const orgIds: string[] = [];

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await createRecordForm(db, 'enterprise_daily');
    await createRecordForm(db, 'resident_screening', { retentionDays: 90 });
    await seedReportTemplates(db);
    await seedReportTemplates(db);
    admin = await signInAs(app, db, 'admin', null);
    supervisor = await signInAs(app, db, 'supervisor', tree.city.path);
    townAStaff = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    liaison = await signInAs(app, db, 'liaison', tree.city.path);

    const [gridA, gridB] = tree.grids;
    const org1 = await createOrg(db, gridA, { name: '甲化工有限公司' });
    const org2 = await createOrg(db, tree.communities[0], { name: '甲纸业有限公司' });
    const org3 = await createOrg(db, gridB, { name: '乙塑料有限公司' });
    orgIds.push(org1.id, org2.id, org3.id);
    const enterprise = (
      orgId: string,
      areaPath: string,
      day: string,
      values: Record<string, unknown>,
      current = true,
    ) => ({
      formKey: 'enterprise_daily',
      day,
      areaPath,
      subjectId: orgId,
      values,
      current,
    });
    await insertTestRecords(db, [
      enterprise(org1.id, gridA.path, DAY, {
        staff_on_duty: 100,
        staff_returned: 80,
        staff_from_outside_province: 10,
        staff_in_quarantine: 5,
        capacity_percent: 60,
        raw_material_days: [
          { item: '硫酸', value: 3 },
          { item: '纸箱', value: 20 },
        ],
      }),
      // The corrected-away revision must not count.
      enterprise(org1.id, gridA.path, DAY, { staff_on_duty: 999, capacity_percent: 1 }, false),
      enterprise(org1.id, gridA.path, '2020-02-09', { staff_on_duty: 7, capacity_percent: 10 }),
      enterprise(org2.id, tree.communities[0].path, DAY, {
        staff_on_duty: 50,
        staff_returned: 40,
        staff_from_outside_province: 0,
        staff_in_quarantine: 0,
        capacity_percent: 90,
        raw_material_days: [{ item: '钢材', value: 10 }],
      }),
      enterprise(org3.id, gridB.path, DAY, {
        staff_on_duty: 30,
        staff_returned: 30,
        staff_from_outside_province: 5,
        staff_in_quarantine: 1,
        capacity_percent: 45,
        raw_material_days: [{ item: '塑料', value: 6.5 }],
      }),
    ]);
    const screening = (areaPath: string, values: Record<string, unknown>, subjectId?: string) => ({
      formKey: 'resident_screening',
      day: DAY,
      areaPath,
      values,
      subjectId,
    });
    await insertTestRecords(db, [
      screening(gridA.path, {
        temperature: 37.5,
        symptoms: ['fever', 'cough'],
        travel_14d: true,
        quarantine_status: 'home',
      }),
      screening(gridA.path, {
        temperature: 36.5,
        symptoms: ['none'],
        travel_14d: false,
        quarantine_status: 'none',
      }),
      screening(gridA.path, { temperature: 37.3, quarantine_status: 'home' }),
      screening(gridB.path, { temperature: 38, symptoms: [], quarantine_status: 'centralised' }),
    ]);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, payload: object, s: Session | null = admin) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });
  const report = async (key: string, query: string, s: Session = admin) => {
    const res = await get(`/api/report-templates/${key}/report?${query}`, s);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ReportBody;
  };
  const byName = (body: ReportBody) => Object.fromEntries(body.rows.map((r) => [r.group.name, r.values]));

  it('lists the two seeded sheets once (the seed is idempotent); 401 signed out, 403 without records:supervise', async () => {
    expect((await get('/api/report-templates')).statusCode).toBe(401);
    expect((await get('/api/report-templates', liaison)).statusCode).toBe(403);
    const res = await get('/api/report-templates', supervisor);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; formKey: string; groupBy: string }[];
    expect(items.map((t) => [t.key, t.formKey, t.groupBy])).toEqual([
      [ECONOMY, 'enterprise_daily', 'town'],
      [HEALTH, 'resident_screening', 'community'],
    ]);
  });

  it('the economy bureau’s sheet sums, averages and counts per town, with totals over all records', async () => {
    const body = await report(ECONOMY, `from=${DAY}&to=${DAY}`);
    expect(body.rows.map((r) => r.group.name)).toEqual(['甲街道', '乙镇']);
    expect(body.rows[0]?.group.id).toBe(tree.towns[0].id);
    expect(byName(body)).toEqual({
      甲街道: {
        enterprises: 2,
        staff_on_duty: 150,
        staff_returned: 120,
        staff_from_outside_province: 10,
        staff_in_quarantine: 5,
        capacity_avg: 75,
        raw_material_short: 1,
      },
      乙镇: {
        enterprises: 1,
        staff_on_duty: 30,
        staff_returned: 30,
        staff_from_outside_province: 5,
        staff_in_quarantine: 1,
        capacity_avg: 45,
        raw_material_short: 1,
      },
    });
    expect(body.totals).toEqual({
      enterprises: 3,
      staff_on_duty: 180,
      staff_returned: 150,
      staff_from_outside_province: 15,
      staff_in_quarantine: 6,
      capacity_avg: 65,
      raw_material_short: 2,
    });
    expect(body.columns[5]).toEqual({
      key: 'capacity_avg',
      label: { zh: '平均产能（%）', en: 'Average capacity (%)' },
    });

    // Two days: the 9 February report joins in; an enterprise is still counted once.
    const twoDays = await report(ECONOMY, `from=2020-02-09&to=${DAY}`);
    expect(byName(twoDays)['甲街道']).toMatchObject({
      enterprises: 2,
      staff_on_duty: 157,
      capacity_avg: 53.33,
    });
  });

  it('the health commission’s sheet counts residents per community', async () => {
    const body = await report(HEALTH, `from=${DAY}&to=${DAY}`);
    expect(byName(body)).toEqual({
      甲社区: {
        screened: 3,
        fever: 2,
        symptoms: 1,
        travelled: 1,
        home_quarantine: 2,
        centralised_quarantine: 0,
      },
      乙村: {
        screened: 1,
        fever: 1,
        symptoms: 0,
        travelled: 0,
        home_quarantine: 0,
        centralised_quarantine: 1,
      },
    });
    expect(body.totals).toEqual({
      screened: 4,
      fever: 3,
      symptoms: 1,
      travelled: 1,
      home_quarantine: 2,
      centralised_quarantine: 1,
    });
  });

  it('a town’s staff see only their town; another area is 404; an administrator may narrow to one', async () => {
    const own = await report(ECONOMY, `from=${DAY}&to=${DAY}`, townAStaff);
    expect(own.rows.map((r) => r.group.name)).toEqual(['甲街道']);
    expect(own.area?.name).toBe('甲街道');
    expect(own.totals).toMatchObject({ enterprises: 2, staff_on_duty: 150 });
    const other = await get(
      `/api/report-templates/${ECONOMY}/report?from=${DAY}&to=${DAY}&areaId=${tree.towns[1].id}`,
      townAStaff,
    );
    expect(other.statusCode).toBe(404);
    const narrowed = await report(ECONOMY, `from=${DAY}&to=${DAY}&areaId=${tree.towns[1].id}`);
    expect(narrowed.rows.map((r) => r.group.name)).toEqual(['乙镇']);
    expect(narrowed.totals.staff_on_duty).toBe(30);
  });

  it('an empty day gives no rows and zero counts', async () => {
    const body = await report(ECONOMY, 'from=2020-01-01&to=2020-01-01');
    expect(body.rows).toEqual([]);
    expect(body.totals).toMatchObject({
      enterprises: 0,
      staff_on_duty: null,
      capacity_avg: null,
      raw_material_short: 0,
    });
  });

  it('report errors: 401, 403, 404 unknown key, 400 naming the bad range or area', async () => {
    expect((await get(`/api/report-templates/${ECONOMY}/report`)).statusCode).toBe(401);
    expect((await get(`/api/report-templates/${ECONOMY}/report`, liaison)).statusCode).toBe(403);
    expect((await get('/api/report-templates/no_such_sheet/report', admin)).statusCode).toBe(404);
    const long = await get(`/api/report-templates/${ECONOMY}/report?from=2020-01-01&to=2020-06-01`, admin);
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].field).toBe('to');
    const badDate = await get(`/api/report-templates/${ECONOMY}/report?from=2020-02-30`, admin);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.details[0].field).toBe('from');
    const badArea = await get(`/api/report-templates/${ECONOMY}/report?areaId=nope`, admin);
    expect(badArea.statusCode).toBe(400);
    expect(badArea.json().error.details[0].field).toBe('areaId');
    expect((await get(`/api/report-templates/${ECONOMY}/report.xlsx`, liaison)).statusCode).toBe(403);
  });

  it('downloads the sheet as xlsx: title row, header row, a row per town and the totals', async () => {
    const res = await get(`/api/report-templates/${ECONOMY}/report.xlsx?from=${DAY}&to=${DAY}`, townAStaff);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('复工复产日报表'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(values(1)[0])).toBe(`复工复产日报表  ${DAY}  甲街道`);
    expect(values(2)).toEqual([
      '镇街',
      '填报企业数',
      '在岗员工（人）',
      '返岗员工（人）',
      '其中外省返岗（人）',
      '隔离观察员工（人）',
      '平均产能（%）',
      '原材料不足7天企业数',
    ]);
    expect(values(3)).toEqual(['甲街道', 2, 150, 120, 10, 5, 75, 1]);
    expect(values(4)).toEqual(['合计', 2, 150, 120, 10, 5, 75, 1]);
    expect(sheet.rowCount).toBe(4);

    const en = await app.inject({
      method: 'GET',
      url: `/api/report-templates/${HEALTH}/report.xlsx?from=2020-02-09&to=${DAY}`,
      headers: { ...admin.headers, 'accept-language': 'en-US' },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    const first = book.worksheets[0];
    expect(String((first?.getRow(1).values as unknown[])[1])).toBe(
      `Daily screening summary  2020-02-09 to ${DAY}  All areas`,
    );
    expect((first?.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['Community', 'Residents screened']);
  });

  describe('defining templates', () => {
    const columns = [
      { key: 'visits', label: { zh: '填报次数', en: 'Reports' }, agg: 'count' },
      { key: 'staff', label: { zh: '在岗', en: 'On duty' }, agg: 'max', field: 'staff_on_duty' },
    ];
    const body = {
      key: 'enterprise_by_firm',
      name: { zh: '企业明细', en: 'Per enterprise' },
      department: { zh: '经信局', en: 'Economy bureau' },
      formKey: 'enterprise_daily',
      groupBy: 'subject',
      columns,
    };

    it('401, 403 without records:admin, 400 naming the column or form, 409 on a used key', async () => {
      expect((await send('POST', '/api/report-templates', body, null)).statusCode).toBe(401);
      expect((await send('POST', '/api/report-templates', body, supervisor)).statusCode).toBe(403);
      const badColumn = await send('POST', '/api/report-templates', {
        ...body,
        columns: [...columns, { key: 'x', label: { zh: 'x', en: 'x' }, agg: 'avg', field: 'masks' }],
      });
      expect(badColumn.statusCode).toBe(400);
      expect(badColumn.json().error.details).toEqual([
        { field: 'columns[2].field', reason: expect.stringContaining('字段') as unknown },
      ]);
      const badForm = await send('POST', '/api/report-templates', { ...body, formKey: 'no_such_form' });
      expect(badForm.json().error.details[0].field).toBe('formKey');
      const badAgg = await send('POST', '/api/report-templates', {
        ...body,
        columns: [{ key: 'x', label: { zh: 'x', en: 'x' }, agg: 'median', field: 'staff_on_duty' }],
      });
      expect(badAgg.statusCode).toBe(400);
      expect(badAgg.json().error.details[0].field).toMatch(/^columns\.0\.agg/);
      expect((await send('POST', '/api/report-templates', { ...body, key: ECONOMY })).statusCode).toBe(409);
    });

    it('creates a per-enterprise sheet (audited) whose report names each enterprise', async () => {
      const res = await send('POST', '/api/report-templates', body);
      expect(res.statusCode).toBe(201);
      const created = res.json() as { id: string; key: string };
      const sheet = await report(created.key, `from=${DAY}&to=${DAY}`);
      expect(Object.fromEntries(sheet.rows.map((r) => [r.group.name, r.values]))).toEqual({
        甲化工有限公司: { visits: 1, staff: 100 },
        甲纸业有限公司: { visits: 1, staff: 50 },
        乙塑料有限公司: { visits: 1, staff: 30 },
      });
      expect(sheet.rows.map((r) => r.group.id).sort()).toEqual([...orgIds].sort());
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'report_template'), eq(auditLog.entityId, created.id)));
      expect(audits.map((a) => a.action)).toEqual(['report_template.create']);
    });

    it('changes a template (audited); 404 unknown, 400 naming the column, 403 without records:admin', async () => {
      const list = (await get('/api/report-templates', admin)).json().items as { id: string; key: string }[];
      const economy = list.find((t) => t.key === ECONOMY);
      if (!economy) throw new Error('seeded template missing');
      const url = `/api/report-templates/${economy.id}`;
      expect((await send('PATCH', url, { groupBy: 'community' }, townAStaff)).statusCode).toBe(403);
      expect(
        (await send('PATCH', '/api/report-templates/00000000-0000-4000-8000-000000000000', { active: false }))
          .statusCode,
      ).toBe(404);
      const bad = await send('PATCH', url, {
        columns: [
          { key: 'a', label: { zh: 'a', en: 'a' }, agg: 'count' },
          { key: 'b', label: { zh: 'b', en: 'b' }, agg: 'sum', field: 'staff_on_duty' },
          { key: 'c', label: { zh: 'c', en: 'c' }, agg: 'sum', field: 'problems' },
        ],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('columns[2].field');

      const changed = await send('PATCH', url, {
        groupBy: 'grid',
        name: { zh: '复工复产日报表（网格）', en: 'By grid' },
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ groupBy: 'grid', key: ECONOMY });
      const byGrid = await report(ECONOMY, `from=${DAY}&to=${DAY}`);
      // org2 is filed at its community: above grid level, it keeps its own area as its group.
      expect(byGrid.rows.map((r) => [r.group.name, r.values.enterprises])).toEqual([
        ['甲社区', 1],
        ['甲社区第1网格', 1],
        ['乙村第1网格', 1],
      ]);
      await send('PATCH', url, {
        groupBy: 'town',
        name: { zh: '复工复产日报表', en: 'Resumption of work daily sheet' },
      });
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'report_template'), eq(auditLog.entityId, economy.id)));
      expect(audits.map((a) => a.action)).toEqual(['report_template.update', 'report_template.update']);
    });
  });
});
