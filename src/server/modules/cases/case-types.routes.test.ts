import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createTestApp, signInAs, type Session } from '../../testing/factories.ts';
import { seedCaseFixtures } from '../../testing/cases.factories.ts';
import { seedCaseTypes } from './case-types.seed.ts';

describeEachDatabase('case types routes', (database) => {
  let app: App;
  let admin: Session;
  let worker: Session;
  let enterprise: Session;
  beforeAll(async () => {
    app = await createTestApp(database());
    const tree = await createAreaTree(database().db);
    await seedCaseFixtures(database().db, tree.city);
    admin = await signInAs(app, database().db, 'admin', null);
    worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
    enterprise = await signInAs(app, database().db, 'enterprise_user', null);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });

  const definition = (code: string) => ({
    code,
    name: { zh: '测试类型', en: 'Test type' },
    subjectKind: 'org',
    fields: [{ key: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'number', required: true, min: 0 }],
    categories: [{ code: 'a', name: { zh: '甲', en: 'A' }, departmentCode: 'tax' }],
    defaultDepartmentCode: 'tax',
    sla: {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: 8,
      resolutionHours: 16,
      warnAtShare: 0.8,
    },
    submitters: ['staff'],
  });

  it('401 anonymous; any signed-in user lists the nine seeded types with fields, categories and SLA', async () => {
    expect((await get('/api/case-types')).statusCode).toBe(401);
    const list = await get('/api/case-types', enterprise);
    expect(list.statusCode).toBe(200);
    const codes = list.json().items.map((t: { code: string }) => t.code);
    expect(codes.slice(0, 9)).toEqual([
      'enterprise_problem',
      'resumption_application',
      'filing_application',
      'export_tax_refund',
      'resident_service',
      'returnee_verification',
      'producer_demand',
      'cross_region_coordination',
      'supervision_sheet',
    ]);
    const problem = await get('/api/case-types/enterprise_problem', worker);
    expect(problem.json()).toMatchObject({
      name: { zh: '企业问题诉求', en: 'Enterprise problem' },
      sla: { basis: 'working', firstResponseHours: 2, resolutionHours: 22.5, warnAtShare: 0.8 },
      can: { update: false },
    });
    expect(problem.json().categories).toContainEqual({
      code: 'workforce',
      name: { zh: '用工', en: 'Workforce' },
      departmentCode: 'human_resources',
    });
    const resident = (await get('/api/case-types/resident_service', worker)).json();
    expect(resident).toMatchObject({ open311Code: 'resident_service', submitters: ['staff', 'public'] });
    expect((await get('/api/case-types/no_such_type', worker)).statusCode).toBe(404);
  });

  it('seeding again keeps an administrator’s edit', async () => {
    const refund = (await get('/api/case-types/export_tax_refund', admin)).json();
    const patched = await send('PATCH', `/api/case-types/${refund.id}`, admin, {
      version: refund.version,
      name: { zh: '出口退税（加急）', en: 'Export tax refund (fast)' },
    });
    expect(patched.statusCode).toBe(200);
    await seedCaseTypes(database().db);
    const again = (await get('/api/case-types/export_tax_refund', admin)).json();
    expect(again.name.zh).toBe('出口退税（加急）');
    expect(again.version).toBe(refund.version + 1);
  });

  it('creates and updates a type as cases:admin, audited; a stale version is 409', async () => {
    const code = `t_${Date.now()}`;
    expect((await send('POST', '/api/case-types', worker, definition(code))).statusCode).toBe(403);
    const created = await send('POST', '/api/case-types', admin, definition(code));
    expect(created.statusCode).toBe(201);
    const type = created.json();
    expect(type).toMatchObject({ code, version: 1, active: true, can: { update: true } });
    expect((await send('POST', '/api/case-types', admin, definition(code))).statusCode).toBe(409);

    const patched = await send('PATCH', `/api/case-types/${type.id}`, admin, { version: 1, active: false });
    expect(patched.json()).toMatchObject({ active: false, version: 2 });
    const stale = await send('PATCH', `/api/case-types/${type.id}`, admin, { version: 1, active: true });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale', details: [{ field: 'version' }] });

    // an inactive type is hidden from users who do not administer types
    expect((await get(`/api/case-types/${code}`, worker)).statusCode).toBe(404);
    const listed = (await get('/api/case-types', worker)).json().items.map((t: { code: string }) => t.code);
    expect(listed).not.toContain(code);

    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'case_type'), eq(auditLog.entityId, type.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(['case_type.create', 'case_type.update']);
  });

  it('400 naming the field: unknown department, duplicate field key, bad SLA share', async () => {
    const bad = definition(`t_${Date.now()}_b`);
    const response = await send('POST', '/api/case-types', admin, {
      ...bad,
      defaultDepartmentCode: 'no_such_dept',
      fields: [...bad.fields, ...bad.fields],
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['fields.1.key', 'defaultDepartmentCode']));
    const share = await send('POST', '/api/case-types', admin, {
      ...bad,
      sla: { ...bad.sla, warnAtShare: 1.5 },
    });
    expect(share.statusCode).toBe(400);
    expect(share.json().error.details[0].field).toContain('sla');
  });

  it('404 for PATCH of an unknown type id', async () => {
    const response = await send('PATCH', `/api/case-types/${crypto.randomUUID()}`, admin, { version: 1 });
    expect(response.statusCode).toBe(404);
  });
});
