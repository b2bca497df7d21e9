import { and, eq, isNull, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../core/db/client.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, type TestTree, type TestUser } from '../../testing/factories.ts';
import { seedCaseFixtures } from '../../testing/cases.factories.ts';
import { createEnterprise } from '../../testing/staff.factories.ts';
import { createHousehold, createPerson } from '../../testing/people.factories.ts';
import {
  createGridWorkerUser,
  createLiaisonUser,
  createScreening,
  insertRuleTestForms,
  storeTestRecord,
} from '../../testing/record-rules.factories.ts';
import { cases } from '../cases/cases.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { recordRuleHits, recordRules } from './records.tables.ts';
import { seedRecordRules } from './record-rules.seed.ts';
import { applyRecordRules, RECORD_ALERT_KIND, sweepMissedReports } from './record-rules.service.ts';

/** 10:00 in Shanghai on a day. */
const morning = (day: string) => new Date(`${day}T02:00:00.000Z`);

describeEachDatabase('record rules at work', (database) => {
  let db: Db;
  let tree: TestTree;
  let gridWorker: TestUser;
  beforeAll(async () => {
    db = database().db;
    tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    await insertRuleTestForms(db);
    await seedRecordRules(db);
    await seedRecordRules(db);
    gridWorker = await createGridWorkerUser(db, tree.grids[0]);
  });

  const casesOfOrg = (orgId: string) =>
    db.select().from(cases).where(eq(cases.subjectOrgId, orgId)).orderBy(cases.number);
  const ruleId = async (key: string) => {
    const [row] = await db.select().from(recordRules).where(eq(recordRules.key, key));
    if (!row) throw new Error(`rule ${key} not seeded`);
    return row.id;
  };

  it('seeds the contract’s rules once, however often it runs', async () => {
    const rows = await db.select().from(recordRules);
    expect(rows.map((r) => r.key).sort()).toEqual([
      'checkpoint_fever',
      'door_visit_notice_torn',
      'enterprise_daily_missed_3_days',
      'raw_material_below_7_days',
      'resident_screening_missed_3_days',
    ]);
  });

  it('the sulfuric-acid story: 3 days of 硫酸 opens one problem for the liaison; still 3 opens nothing; 10 clears; 2 opens a new one', async () => {
    // An operating (not resumed) enterprise: the silence sweep of another test leaves it alone.
    const org = await createEnterprise(db, tree.grids[0], { name: '平湖化工有限公司' });
    const liaison = await createLiaisonUser(db, org, tree.towns[0].path);
    const report = (day: string, value: number) =>
      storeTestRecord(db, {
        formKey: 'enterprise_daily',
        subjectKind: 'org',
        subjectId: org.id,
        areaPath: org.areaPath,
        day,
        values: {
          staff_on_duty: 40,
          raw_material_days: [
            { item: '硫酸', value },
            { item: '液碱', value: 20 },
          ],
        },
      });

    const first = await report('2020-02-10', 3);
    await db.transaction((tx) => applyRecordRules(tx, [first], morning('2020-02-10')));
    let opened = await casesOfOrg(org.id);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      typeCode: 'enterprise_problem',
      category: 'raw_materials_logistics',
      status: 'accepted',
      ownerUserId: liaison.id,
      source: 'record_rule',
      title: '平湖化工有限公司：硫酸库存仅够 3 天',
      handlingDepartmentCode: 'economy_bureau',
    });
    expect(opened[0]?.description).toContain(first.recordId);
    const [hit] = await db
      .select()
      .from(recordRuleHits)
      .where(and(eq(recordRuleHits.subjectId, org.id), isNull(recordRuleHits.clearedAt)));
    expect(hit).toMatchObject({ conditionKey: '硫酸', caseId: opened[0]?.id, firstRecordId: first.recordId });
    const told = await db.select().from(notifications).where(eq(notifications.userId, liaison.id));
    expect(told.map((n) => n.kind)).toContain('case_assigned');

    const second = await report('2020-02-11', 3);
    await db.transaction((tx) => applyRecordRules(tx, [second], morning('2020-02-11')));
    expect(await casesOfOrg(org.id)).toHaveLength(1);

    const recovered = await report('2020-02-12', 10);
    await db.transaction((tx) => applyRecordRules(tx, [recovered], morning('2020-02-12')));
    const [cleared] = await db
      .select()
      .from(recordRuleHits)
      .where(eq(recordRuleHits.id, hit?.id ?? ''));
    expect(cleared?.clearedAt).not.toBeNull();
    expect(await casesOfOrg(org.id)).toHaveLength(1);

    const again = await report('2020-02-13', 2);
    await db.transaction((tx) => applyRecordRules(tx, [again], morning('2020-02-13')));
    opened = await casesOfOrg(org.id);
    expect(opened.map((c) => c.title)).toEqual([
      '平湖化工有限公司：硫酸库存仅够 3 天',
      '平湖化工有限公司：硫酸库存仅够 2 天',
    ]);
  });

  it('a batch is replayed in day order: low, recovered and low again in one call still ends with one open hit', async () => {
    const org = await createEnterprise(db, tree.grids[0]);
    await createLiaisonUser(db, org, tree.towns[0].path);
    const batch = await Promise.all(
      [
        ['2020-02-17', 1],
        ['2020-02-15', 4],
        ['2020-02-16', 9],
      ].map(([day, value]) =>
        storeTestRecord(db, {
          formKey: 'enterprise_daily',
          subjectKind: 'org',
          subjectId: org.id,
          areaPath: org.areaPath,
          day: String(day),
          values: { raw_material_days: [{ item: '纸箱', value }] },
        }),
      ),
    );
    await db.transaction((tx) => applyRecordRules(tx, batch, morning('2020-02-17')));
    const hits = await db.select().from(recordRuleHits).where(eq(recordRuleHits.subjectId, org.id));
    expect(hits.filter((h) => h.clearedAt === null)).toHaveLength(1);
    expect(hits).toHaveLength(2);
    expect(await casesOfOrg(org.id)).toHaveLength(2);
  });

  it('fever passes: one alert and one verification case per checkpoint per day, even with 5 fever passes', async () => {
    const pass = (day: string, temperature: number, minute: number) =>
      storeTestRecord(db, {
        formKey: 'checkpoint_pass',
        subjectKind: 'place',
        subjectId: tree.place.id,
        areaPath: tree.place.path,
        day,
        observedAt: new Date(morning(day).getTime() + minute * 60_000),
        values: { party: 'person', temperature, mask: true },
        channel: 'ingest',
      });
    const day = '2020-02-18';
    const batch = [
      await pass(day, 36.5, 0),
      await pass(day, 38.2, 1),
      await pass(day, 37.3, 2),
      await pass(day, 38.9, 3),
    ];
    await db.transaction((tx) => applyRecordRules(tx, batch, morning(day)));
    for (const minute of [4, 5]) {
      const later = await pass(day, 37.8, minute);
      await db.transaction((tx) => applyRecordRules(tx, [later], morning(day)));
    }
    const verifications = await db
      .select()
      .from(cases)
      .where(and(eq(cases.typeCode, 'fever_verification'), eq(cases.areaPath, tree.place.path)));
    expect(verifications).toHaveLength(1);
    expect(verifications[0]).toMatchObject({
      status: 'accepted',
      ownerUserId: gridWorker.id,
      title: '甲社区卡点 测得体温 38.2 ℃，请核查',
      handlingDepartmentCode: 'health',
    });
    const alerts = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, gridWorker.id), eq(notifications.kind, RECORD_ALERT_KIND)));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.caseId).toBe(verifications[0]?.id);

    const nextDay = await pass('2020-02-19', 37.5, 0);
    await db.transaction((tx) => applyRecordRules(tx, [nextDay], morning('2020-02-19')));
    const after = await db
      .select()
      .from(cases)
      .where(and(eq(cases.typeCode, 'fever_verification'), eq(cases.areaPath, tree.place.path)));
    expect(after).toHaveLength(2);
  });

  it('a torn-off notice: a revisit for the grid worker, due at the close of that working day', async () => {
    const household = await createHousehold(db, tree.grids[0]);
    await createPerson(db, tree.grids[0], { name: '李四', householdId: household.id, householdRole: 'head' });
    const visit = (outcome: string) =>
      storeTestRecord(db, {
        formKey: 'door_visit',
        subjectKind: 'household',
        subjectId: household.id,
        areaPath: household.areaPath,
        day: '2020-02-10',
        values: { outcome },
      });
    const answered = await visit('answered');
    await db.transaction((tx) => applyRecordRules(tx, [answered], morning('2020-02-10')));
    const torn = await visit('notice_torn');
    await db.transaction((tx) => applyRecordRules(tx, [torn], morning('2020-02-10')));
    const revisits = await db
      .select()
      .from(cases)
      .where(and(eq(cases.typeCode, 'field_revisit'), eq(cases.areaPath, household.areaPath)));
    const forHousehold = revisits.filter((c) => c.title.startsWith('李四户'));
    expect(forHousehold).toHaveLength(1);
    expect(forHousehold[0]).toMatchObject({ ownerUserId: gridWorker.id, status: 'accepted' });
    // Monday 10 Feb 2020, 17:30 in Shanghai
    expect(forHousehold[0]?.dueResolutionAt?.toISOString()).toBe('2020-02-10T09:30:00.000Z');
  });

  it('missed days: one follow-up per silence run, for the grid worker or the liaison; a record ends the run', async () => {
    const person = await createPerson(db, tree.grids[0], { name: '王五' });
    await createScreening(db, person, '2020-01-25');
    for (const day of ['2020-02-01', '2020-02-02', '2020-02-03']) {
      await storeTestRecord(db, {
        formKey: 'resident_screening',
        subjectKind: 'person',
        subjectId: person.id,
        areaPath: person.areaPath,
        day,
        values: { temperature: 36.6 },
      });
    }
    // Reporting daily: not silent.
    const diligent = await createPerson(db, tree.grids[0], { name: '赵六' });
    await createScreening(db, diligent, '2020-01-25');
    for (const day of ['2020-03-04', '2020-03-05', '2020-03-08', '2020-03-09', '2020-03-10']) {
      await storeTestRecord(db, {
        formKey: 'resident_screening',
        subjectKind: 'person',
        subjectId: diligent.id,
        areaPath: diligent.areaPath,
        day,
        values: { temperature: 36.6 },
      });
    }
    // Another enterprise still reports, so the campaign runs and silence is news.
    const reporting = await createEnterprise(db, tree.grids[0], { name: '按时企业', status: 'resumed' });
    await storeTestRecord(db, {
      formKey: 'enterprise_daily',
      subjectKind: 'org',
      subjectId: reporting.id,
      areaPath: reporting.areaPath,
      day: '2020-03-04',
      values: { staff_on_duty: 10 },
    });
    const org = await createEnterprise(db, tree.grids[0], { name: '静默企业', status: 'resumed' });
    const liaison = await createLiaisonUser(db, org, tree.towns[0].path);

    const now = morning('2020-03-05');
    const first = await sweepMissedReports(db, now);
    expect(first.fired).toBeGreaterThanOrEqual(2);
    const screeningRule = await ruleId('resident_screening_missed_3_days');
    const hits = await db
      .select()
      .from(recordRuleHits)
      .where(and(eq(recordRuleHits.ruleId, screeningRule), isNull(recordRuleHits.clearedAt)));
    const mine = hits.filter((h) => h.subjectId === person.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.conditionKey).toBe('2020-02-04');
    expect(hits.some((h) => h.subjectId === diligent.id)).toBe(false);
    const followUp = await db.select().from(cases).where(eq(cases.subjectPersonId, person.id));
    expect(followUp).toHaveLength(1);
    expect(followUp[0]).toMatchObject({ typeCode: 'field_revisit', ownerUserId: gridWorker.id });
    expect(followUp[0]?.title).toContain('王五');
    const orgCases = await casesOfOrg(org.id);
    expect(orgCases).toHaveLength(1);
    expect(orgCases[0]).toMatchObject({ typeCode: 'field_revisit', ownerUserId: liaison.id });

    // Again the same day, and the next day: the run is the same, nothing new.
    expect((await sweepMissedReports(db, new Date(now.getTime() + 15 * 60_000))).fired).toBe(0);
    expect((await sweepMissedReports(db, morning('2020-03-06'))).fired).toBe(0);
    expect(await db.select().from(cases).where(eq(cases.subjectPersonId, person.id))).toHaveLength(1);

    // The resident reports: the run ends, and a later silence may fire again.
    await storeTestRecord(db, {
      formKey: 'resident_screening',
      subjectKind: 'person',
      subjectId: person.id,
      areaPath: person.areaPath,
      day: '2020-03-06',
      values: { temperature: 36.4 },
    });
    await sweepMissedReports(db, morning('2020-03-06'));
    const [ended] = await db
      .select()
      .from(recordRuleHits)
      .where(eq(recordRuleHits.id, mine[0]?.id ?? ''));
    expect(ended?.clearedAt).not.toBeNull();
    await sweepMissedReports(db, morning('2020-03-10'));
    const reopened = await db
      .select()
      .from(recordRuleHits)
      .where(
        and(
          eq(recordRuleHits.ruleId, screeningRule),
          eq(recordRuleHits.subjectId, person.id),
          isNull(recordRuleHits.clearedAt),
        ),
      );
    expect(reopened.map((h) => h.conditionKey)).toEqual(['2020-03-07']);
  });

  it('missed days: when nobody reports the form any more (a campaign over, a historical city), no one is singled out', async () => {
    const person = await createPerson(db, tree.grids[0], { name: '钱七' });
    await createScreening(db, person, '2020-01-25');
    await storeTestRecord(db, {
      formKey: 'resident_screening',
      subjectKind: 'person',
      subjectId: person.id,
      areaPath: person.areaPath,
      day: '2020-02-01',
      values: { temperature: 36.6 },
    });
    await createEnterprise(db, tree.grids[0], { name: '停报企业', status: 'resumed' });
    // A year later nobody has reported either form for days: the silence sweep stays quiet.
    const before = await db.select().from(recordRuleHits);
    expect((await sweepMissedReports(db, morning('2021-06-10'))).fired).toBe(0);
    expect(await db.select().from(recordRuleHits)).toHaveLength(before.length);
  });

  describe('cost and failures', () => {
    it('records of a form without rules cost one query and change nothing', async () => {
      const before = await db.select().from(recordRuleHits);
      const record = await storeTestRecord(db, {
        formKey: 'market_prices',
        subjectKind: 'place',
        subjectId: tree.place.id,
        areaPath: tree.place.path,
        day: '2020-02-10',
        values: { prices: [{ item: '猪肉', value: 1 }] },
      });
      await applyRecordRules(db, [record], morning('2020-02-10'));
      await applyRecordRules(db, [], morning('2020-02-10'));
      expect(await db.select().from(recordRuleHits)).toHaveLength(before.length);
    });

    it('two concurrent batches meeting the same condition open one case', async () => {
      const org = await createEnterprise(db, tree.grids[0]);
      await createLiaisonUser(db, org, tree.towns[0].path);
      const make = () =>
        storeTestRecord(db, {
          formKey: 'enterprise_daily',
          subjectKind: 'org',
          subjectId: org.id,
          areaPath: org.areaPath,
          day: '2020-02-20',
          values: { raw_material_days: [{ item: '钢材', value: 1 }] },
        });
      const [a, b] = [await make(), await make()];
      await Promise.all([
        db.transaction((tx) => applyRecordRules(tx, [a], morning('2020-02-20'))),
        db.transaction((tx) => applyRecordRules(tx, [b], morning('2020-02-20'))),
      ]);
      expect(await casesOfOrg(org.id)).toHaveLength(1);
    });

    it('a case that cannot open keeps the record and the hit; the sweep opens it once the type is back', async () => {
      const org = await createEnterprise(db, tree.grids[0]);
      await createLiaisonUser(db, org, tree.towns[0].path);
      await db.execute(sql`update case_types set active = false where code = 'enterprise_problem'`);
      const record = await storeTestRecord(db, {
        formKey: 'enterprise_daily',
        subjectKind: 'org',
        subjectId: org.id,
        areaPath: org.areaPath,
        day: '2020-02-21',
        values: { raw_material_days: [{ item: '煤', value: 2 }] },
      });
      await db.transaction((tx) => applyRecordRules(tx, [record], morning('2020-02-21')));
      expect(await casesOfOrg(org.id)).toHaveLength(0);
      await db.execute(sql`update case_types set active = true where code = 'enterprise_problem'`);
      await sweepMissedReports(db, morning('2020-02-21'));
      const opened = await casesOfOrg(org.id);
      expect(opened).toHaveLength(1);
      expect(opened[0]?.title).toContain('煤');
    });
  });
});
