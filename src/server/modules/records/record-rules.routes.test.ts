import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
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
import { seedCaseFixtures } from '../../testing/cases.factories.ts';
import { createEnterprise } from '../../testing/staff.factories.ts';
import {
  createLiaisonUser,
  insertRuleTestForms,
  storeTestRecord,
} from '../../testing/record-rules.factories.ts';
import { recordRuleHits } from './records.tables.ts';
import { seedRecordRules } from './record-rules.seed.ts';
import { applyRecordRules } from './record-rules.service.ts';

describeEachDatabase('record rules routes', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let townA: Session;
  let townB: Session;
  let liaison: Session;
  beforeAll(async () => {
    app = await createTestApp(database());
    const db = database().db;
    tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    await insertRuleTestForms(db);
    await seedRecordRules(db);
    admin = await signInAs(app, db, 'admin', null);
    townA = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    townB = await signInAs(app, db, 'town_staff', tree.towns[1].path);
    liaison = await signInAs(app, db, 'liaison', tree.towns[0].path);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });

  const rule = (key: string) => ({
    key,
    formKey: 'checkpoint_pass',
    name: { zh: '未戴口罩', en: 'No mask' },
    condition: { kind: 'value', field: 'mask', op: 'eq', value: false },
    action: {
      kind: 'alert',
      title: { zh: '{subject} 有人未戴口罩', en: '{subject}: someone without a mask' },
    },
  });

  it('401 signed out, 403 without records:admin; an administrator lists the seeded rules', async () => {
    expect((await get('/api/record-rules')).statusCode).toBe(401);
    expect((await get('/api/record-rules', townA)).statusCode).toBe(403);
    expect((await send('POST', '/api/record-rules', townA, rule('x_forbidden'))).statusCode).toBe(403);
    const list = await get('/api/record-rules', admin);
    expect(list.statusCode).toBe(200);
    const stock = list.json().items.find((r: { key: string }) => r.key === 'raw_material_below_7_days');
    expect(stock).toMatchObject({
      formKey: 'enterprise_daily',
      condition: { kind: 'item_below', field: 'raw_material_days', value: 7 },
      action: { kind: 'open_case', caseType: 'enterprise_problem', category: 'raw_materials_logistics' },
      active: true,
      openHits: 0,
    });
  });

  it('creates a rule (audited); a taken key is 409', async () => {
    const created = await send('POST', '/api/record-rules', admin, rule('no_mask'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: 'no_mask', active: true, openHits: 0 });
    expect((await send('POST', '/api/record-rules', admin, rule('no_mask'))).statusCode).toBe(409);
    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'record_rule'), eq(auditLog.entityId, created.json().id)));
    expect(audits.map((a) => a.action)).toEqual(['record_rule.create']);
  });

  it('400 naming the field: a field the form lacks, a type the operator cannot read, an unknown form, case type or category', async () => {
    const fieldOf = async (body: object) => {
      const response = await send('POST', '/api/record-rules', admin, body);
      expect(response.statusCode).toBe(400);
      return response.json().error.details.map((d: { field: string }) => d.field);
    };
    const base = rule('bad_rule');
    expect(
      await fieldOf({ ...base, condition: { kind: 'value', field: 'temp', op: 'gte', value: 37.3 } }),
    ).toEqual(['condition.field']);
    expect(
      await fieldOf({ ...base, condition: { kind: 'item_below', field: 'temperature', value: 7 } }),
    ).toEqual(['condition.field']);
    expect(
      await fieldOf({ ...base, condition: { kind: 'value', field: 'party', op: 'eq', value: 'bike' } }),
    ).toEqual(['condition.value']);
    expect(await fieldOf({ ...base, formKey: 'no_such_form' })).toEqual(['formKey']);
    const open = { kind: 'open_case', caseType: 'no_such_type', title: { zh: 'a', en: 'a' } };
    expect(await fieldOf({ ...base, action: open })).toEqual(['action.caseType']);
    expect(
      await fieldOf({ ...base, action: { ...open, caseType: 'enterprise_problem', category: 'x' } }),
    ).toEqual(['action.category']);
    expect(
      await fieldOf({ ...base, formKey: 'door_visit', condition: { kind: 'missed_days', days: 3 } }),
    ).toEqual(['condition.kind']);
  });

  it('PATCH: 404 for an unknown rule, 400 for a bad condition; switching a rule off clears its open hits', async () => {
    const db = database().db;
    expect(
      (await send('PATCH', `/api/record-rules/${crypto.randomUUID()}`, admin, { active: false })).statusCode,
    ).toBe(404);
    expect(
      (await send('PATCH', `/api/record-rules/${crypto.randomUUID()}`, townA, { active: false })).statusCode,
    ).toBe(403);
    const created = (await send('POST', '/api/record-rules', admin, rule('no_mask_patch'))).json();
    const record = await storeTestRecord(db, {
      formKey: 'checkpoint_pass',
      subjectKind: 'place',
      subjectId: tree.place.id,
      areaPath: tree.place.path,
      day: '2020-02-10',
      values: { party: 'person', temperature: 36.5, mask: false },
    });
    await db.transaction((tx) => applyRecordRules(tx, [record], new Date('2020-02-10T02:00:00Z')));
    const listed = (await get('/api/record-rules', admin))
      .json()
      .items.find((r: { id: string }) => r.id === created.id);
    expect(listed.openHits).toBe(1);

    const bad = await send('PATCH', `/api/record-rules/${created.id}`, admin, {
      condition: { kind: 'value', field: 'nope', op: 'eq', value: false },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('condition.field');

    const off = await send('PATCH', `/api/record-rules/${created.id}`, admin, { active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, openHits: 0 });
    const open = await db
      .select()
      .from(recordRuleHits)
      .where(and(eq(recordRuleHits.ruleId, created.id), isNull(recordRuleHits.clearedAt)));
    expect(open).toHaveLength(0);
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'record_rule'), eq(auditLog.action, 'record_rule.update')));
    expect(audits.some((a) => a.entityId === created.id)).toBe(true);
  });

  it('hits: 401, 403 without records:supervise, scoped by area, with the case they opened; 400 for a bad cursor', async () => {
    const db = database().db;
    const org = await createEnterprise(db, tree.grids[0], { name: '嘉兴化工' });
    await createLiaisonUser(db, org, tree.towns[0].path);
    const record = await storeTestRecord(db, {
      formKey: 'enterprise_daily',
      subjectKind: 'org',
      subjectId: org.id,
      areaPath: org.areaPath,
      day: '2020-02-11',
      values: { raw_material_days: [{ item: '硫酸', value: 3 }] },
    });
    await db.transaction((tx) => applyRecordRules(tx, [record], new Date('2020-02-11T02:00:00Z')));

    expect((await get('/api/record-rule-hits')).statusCode).toBe(401);
    expect((await get('/api/record-rule-hits', liaison)).statusCode).toBe(403);
    const mine = await get('/api/record-rule-hits?open=true', townA);
    expect(mine.statusCode).toBe(200);
    const hit = mine.json().items.find((h: { subject: { id: string } }) => h.subject.id === org.id);
    expect(hit).toMatchObject({
      rule: { key: 'raw_material_below_7_days' },
      formKey: 'enterprise_daily',
      subject: { kind: 'org', name: '嘉兴化工' },
      conditionKey: '硫酸',
      open: true,
      firstRecordId: record.recordId,
      case: { status: 'accepted' },
    });
    expect(hit.case.code).toMatch(/^GL-\d{6}$/);
    const other = (await get('/api/record-rule-hits', townB)).json();
    expect(other.items).toEqual([]);

    const paged = (await get('/api/record-rule-hits?limit=1', admin)).json();
    expect(paged.items).toHaveLength(1);
    expect(paged.nextCursor).not.toBeNull();
    const next = await get(`/api/record-rule-hits?limit=1&cursor=${paged.nextCursor}`, admin);
    expect(next.statusCode).toBe(200);
    expect(next.json().items[0].id).not.toBe(paged.items[0].id);
    const byRule = (await get(`/api/record-rule-hits?ruleId=${hit.rule.id}`, admin)).json();
    expect(byRule.items.every((h: { rule: { id: string } }) => h.rule.id === hit.rule.id)).toBe(true);

    const badCursor = await get('/api/record-rule-hits?cursor=nope', admin);
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().error.details[0].field).toBe('cursor');
  });
});
