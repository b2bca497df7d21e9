import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createTestApp, type Session, type TestTree } from '../../testing/factories.ts';
import { seedCaseFixtures, signInWith } from '../../testing/cases.factories.ts';
import { createDepartment } from '../../testing/staff.factories.ts';
import { insertCells, insertTarget } from '../../testing/targets.factories.ts';
import { caseEvents, cases } from '../cases/cases.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import type { DashboardChangeEvent, LaggardDto, TargetDto } from '../../../shared/dashboard.ts';
import { eventsOf } from '../../core/events/event-bus.ts';
import { DASHBOARD_TOPIC } from './dashboard-events.rules.ts';

type User = Session & { user: { id: string } };

describeEachDatabase('targets routes', (database) => {
  let app: App;
  let tree: TestTree;
  let other: TestTree;
  let command: User;
  let admin: User;
  let departmentStaff: User;
  let enterprise: User;
  let townA: User;
  let townBStaff: User;
  let townBCode: string;
  let cityTarget: { id: string };

  const request = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    who?: Session,
    body?: unknown,
    headers = {},
  ) =>
    app.inject({
      method,
      url,
      headers: { ...(who?.headers ?? {}), ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  const newTarget = (overrides: Record<string, unknown> = {}) => ({
    metric: 'resumption_rate',
    areaId: tree.city.id,
    title: '规上企业复工率 100%',
    startDay: '2020-02-10',
    dueDay: '2020-02-29',
    targetValue: 100,
    ...overrides,
  });

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    other = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    // Each town's office is a department at the town's path: the unit a laggard town's sheet goes to.
    await createDepartment(db, tree.towns[0], '甲街道办事处');
    townBCode = (await createDepartment(db, tree.towns[1], '乙镇人民政府')).code;
    command = await signInWith(app, db, { role: 'command_office', scopePath: tree.city.path });
    admin = await signInWith(app, db, { role: 'admin', scopePath: null });
    departmentStaff = await signInWith(app, db, {
      role: 'department_staff',
      scopePath: tree.city.path,
      department: 'economy_bureau',
    });
    enterprise = await signInWith(app, db, { role: 'enterprise_user' });
    townA = await signInWith(app, db, { role: 'town_staff', scopePath: tree.towns[0].path });
    townBStaff = await signInWith(app, db, {
      role: 'town_staff',
      scopePath: tree.towns[1].path,
      department: townBCode,
    });
    // Town A: 10 of 10 above-scale enterprises resumed; town B: 4 of 10 (city 70 %).
    await insertCells(db, [
      { metric: 'enterprises_above_scale', area: tree.grids[0], day: '2020-02-01', value: 10 },
      { metric: 'enterprises_above_scale', area: tree.grids[1], day: '2020-02-01', value: 10 },
      { metric: 'enterprises_resumed', area: tree.grids[0], day: '2020-02-12', value: 10 },
      { metric: 'enterprises_resumed', area: tree.grids[1], day: '2020-02-12', value: 4 },
      { metric: 'checkpoint_passes', area: tree.grids[0], day: '2020-02-11', value: 30 },
      { metric: 'checkpoint_passes', area: tree.grids[0], day: '2020-02-12', value: 50 },
    ]);
    cityTarget = await insertTarget(db, tree.city);
  });

  it('401 without a session on every route', async () => {
    const id = cityTarget.id;
    for (const [method, url] of [
      ['GET', '/api/targets'],
      ['GET', `/api/targets/${id}`],
      ['POST', '/api/targets'],
      ['PATCH', `/api/targets/${id}`],
      ['POST', `/api/targets/${id}/deactivate`],
      ['POST', `/api/targets/${id}/activate`],
      ['GET', `/api/targets/${id}/laggards`],
      ['POST', `/api/targets/${id}/sheets`],
    ] as const) {
      expect((await request(method, url, undefined, method === 'GET' ? undefined : {})).statusCode).toBe(401);
    }
  });

  it('403: an enterprise user cannot read targets; department staff read but cannot manage', async () => {
    expect((await request('GET', '/api/targets', enterprise)).statusCode).toBe(403);
    expect((await request('GET', `/api/targets/${cityTarget.id}/laggards`, enterprise)).statusCode).toBe(403);
    expect((await request('GET', '/api/targets', departmentStaff)).statusCode).toBe(200);
    expect((await request('POST', '/api/targets', departmentStaff, newTarget())).statusCode).toBe(403);
    const sheet = await request('POST', `/api/targets/${cityTarget.id}/sheets`, departmentStaff, {
      areaId: tree.towns[1].id,
    });
    expect(sheet.statusCode).toBe(403);
    const patch = await request('PATCH', `/api/targets/${cityTarget.id}`, townA, {
      version: 1,
      targetValue: 90,
    });
    expect(patch.statusCode).toBe(403);
  });

  it('lists targets with their actual value, progress and status; canEdit comes from the server', async () => {
    const list = await request('GET', '/api/targets', command);
    expect(list.statusCode).toBe(200);
    const row = (list.json().items as TargetDto[]).find((t) => t.id === cityTarget.id);
    expect(row).toMatchObject({
      metric: 'resumption_rate',
      area: { id: tree.city.id, name: '测试市', level: 'city' },
      targetValue: 100,
      actual: 70,
      progress: 0.7,
      // The due day is long past: not met is missed.
      status: 'missed',
      asOf: '2020-02-29',
      elapsed: 1,
      canEdit: true,
      active: true,
      version: 1,
      openSheets: [],
    });
    const read = (await request('GET', '/api/targets', departmentStaff)).json().items as TargetDto[];
    expect(read.find((t) => t.id === cityTarget.id)?.canEdit).toBe(false);
    // A town's staff see their own town's targets only.
    const town = (await request('GET', '/api/targets', townA)).json().items as TargetDto[];
    expect(town.some((t) => t.id === cityTarget.id)).toBe(false);
  });

  it('filters by area subtree, status and metric, and pages with a cursor', async () => {
    const db = database().db;
    const passes = await insertTarget(db, tree.towns[0], {
      metric: 'checkpoint_passes',
      title: '卡口通行不超过 100 人次',
      targetValue: 100,
      dueDay: '2020-03-10',
    });
    const byArea = (await request('GET', `/api/targets?areaId=${tree.towns[0].id}`, command)).json();
    expect(byArea.items.map((t: TargetDto) => t.id)).toEqual([passes.id]);
    expect(byArea.items[0]).toMatchObject({ actual: 80, status: 'met' });
    const missed = (await request('GET', '/api/targets?status=missed', command)).json().items as TargetDto[];
    expect(missed.map((t) => t.id)).toContain(cityTarget.id);
    expect(missed.map((t) => t.id)).not.toContain(passes.id);
    const byMetric = (await request('GET', '/api/targets?metric=checkpoint_passes', command)).json();
    expect(byMetric.items.map((t: TargetDto) => t.id)).toEqual([passes.id]);
    const page1 = (await request('GET', '/api/targets?limit=1', command)).json();
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await request('GET', `/api/targets?limit=1&cursor=${page1.nextCursor}`, command)).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    // Town staff of town A see that one, not the city's.
    const town = (await request('GET', '/api/targets', townA)).json().items as TargetDto[];
    expect(town.map((t) => t.id)).toEqual([passes.id]);
    expect(town[0]?.canEdit).toBe(false);
  });

  it('400 naming the field; 404 for an area or target outside the scope', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const response = await request('POST', '/api/targets', command, newTarget(body), {
        'accept-language': 'en',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    };
    await bad({ dueDay: '2020-02-01' }, 'dueDay');
    await bad({ targetValue: 120 }, 'targetValue');
    await bad({ targetValue: -1 }, 'targetValue');
    await bad({ metric: 'no_such_metric' }, 'metric');
    await bad({ metric: 'capacity_percent_sum' }, 'metric');
    await bad({ startDay: '2020-02-30' }, 'startDay');
    await bad({ areaId: other.city.id }, 'areaId');
    await bad({ title: '' }, 'title');
    const outside = await insertTarget(database().db, other.towns[0]);
    expect((await request('GET', `/api/targets/${outside.id}`, command)).statusCode).toBe(404);
    expect((await request('GET', `/api/targets/${outside.id}/laggards`, command)).statusCode).toBe(404);
    const patch = await request('PATCH', `/api/targets/${outside.id}`, command, {
      version: 1,
      targetValue: 90,
    });
    expect(patch.statusCode).toBe(404);
    expect((await request('GET', `/api/targets/${cityTarget.id}`, townA)).statusCode).toBe(404);
    expect((await request('GET', `/api/targets/${crypto.randomUUID()}`, command)).statusCode).toBe(404);
    expect((await request('GET', `/api/targets?areaId=${other.city.id}`, command)).statusCode).toBe(404);
    expect((await request('GET', '/api/targets/not-a-uuid', command)).statusCode).toBe(400);
  });

  it('creates, updates with the version (stale → 409), deactivates and reactivates; all audited', async () => {
    const created = await request(
      'POST',
      '/api/targets',
      command,
      newTarget({ metric: 'capacity_rate', title: '产能恢复 90%', targetValue: 90, note: '一周内' }),
    );
    expect(created.statusCode).toBe(201);
    const target = created.json() as TargetDto;
    expect(target).toMatchObject({ metric: 'capacity_rate', status: 'no_data', note: '一周内', version: 1 });
    expect((await request('GET', `/api/targets/${target.id}`, command)).json().title).toBe('产能恢复 90%');

    const updated = await request('PATCH', `/api/targets/${target.id}`, command, {
      version: 1,
      targetValue: 85,
      dueDay: '2020-03-06',
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ targetValue: 85, dueDay: '2020-03-06', version: 2 });
    const stale = await request('PATCH', `/api/targets/${target.id}`, command, {
      version: 1,
      targetValue: 80,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale');
    const invalid = await request('PATCH', `/api/targets/${target.id}`, command, {
      version: 2,
      startDay: '2020-03-10',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details[0].field).toBe('dueDay');

    const off = await request('POST', `/api/targets/${target.id}/deactivate`, command, { version: 2 });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const hidden = (await request('GET', '/api/targets?limit=100', command)).json().items as TargetDto[];
    expect(hidden.some((t) => t.id === target.id)).toBe(false);
    const shown = (await request('GET', '/api/targets?includeInactive=true&limit=100', command)).json()
      .items as TargetDto[];
    expect(shown.some((t) => t.id === target.id)).toBe(true);
    const on = await request('POST', `/api/targets/${target.id}/activate`, command, {});
    expect(on.json()).toMatchObject({ active: true, version: 4 });

    const audit = await database()
      .db.select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'target'), eq(auditLog.entityId, target.id)));
    expect(audit.map((a) => a.action).sort()).toEqual([
      'target.activate',
      'target.create',
      'target.deactivate',
      'target.update',
    ]);
  });

  it('lists the child areas with their own progress, laggards first', async () => {
    const response = await request('GET', `/api/targets/${cityTarget.id}/laggards`, command);
    expect(response.statusCode).toBe(200);
    const body = response.json() as { target: TargetDto; items: LaggardDto[]; canIssue: boolean };
    expect(body.canIssue).toBe(true);
    expect(body.target.id).toBe(cityTarget.id);
    expect(body.items.map((l) => [l.area.name, l.actual, l.status])).toEqual([
      ['乙镇', 40, 'missed'],
      ['甲街道', 100, 'met'],
    ]);
    expect(body.items[0]).toMatchObject({ progress: 0.4, targetValue: 100, sheet: null });
    const readOnly = (await request('GET', `/api/targets/${cityTarget.id}/laggards`, departmentStaff)).json();
    expect(readOnly.canIssue).toBe(false);
  });

  it('issues one progress supervision sheet per target and area, through the case engine', async () => {
    const db = database().db;
    const url = `/api/targets/${cityTarget.id}/sheets`;
    const heard: DashboardChangeEvent[] = [];
    const stop = eventsOf(database()).subscribe(DASHBOARD_TOPIC, (event) =>
      heard.push(event as DashboardChangeEvent),
    );
    const first = await request('POST', url, command, { areaId: tree.towns[1].id });
    expect(first.statusCode).toBe(201);
    const { sheet, created } = first.json();
    expect(created).toBe(true);
    expect(sheet).toMatchObject({
      areaId: tree.towns[1].id,
      areaPath: tree.towns[1].path,
      departmentCode: townBCode,
    });
    // Open dashboards hear of it (no rollup carries a sheet), so their target panels refetch.
    await expect.poll(() => heard.flatMap((e) => e.paths)).toContain(tree.towns[1].path);
    stop();
    expect(sheet.code).toMatch(/^GL-\d{6}$/);

    const [row] = await db.select().from(cases).where(eq(cases.id, sheet.caseId));
    expect(row).toMatchObject({
      typeCode: 'progress_supervision',
      areaPath: tree.towns[1].path,
      status: 'submitted',
      handlingDepartmentCode: townBCode,
      title: '进度督促单：规上企业复工率 100% — 乙镇',
      priority: 'urgent',
    });
    expect(row?.description).toContain('乙镇「规上企业复工率」截至 2020-02-29 为 40%');
    expect(row?.fields).toMatchObject({
      target_id: cityTarget.id,
      target_value: 100,
      actual_value: 40,
      due_day: '2020-02-29',
    });
    expect(row?.dueResolutionAt).not.toBeNull();
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, sheet.caseId));
    expect(events.map((e) => e.kind)).toContain('created');
    const told = await db.select().from(notifications).where(eq(notifications.caseId, sheet.caseId));
    expect(told.map((n) => n.userId)).toEqual([townBStaff.user.id]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, sheet.caseId));
    expect(audit.map((a) => a.action)).toEqual(['case.create']);

    // Tapped again (a phone retrying): the open one, 200, created false.
    const again = await request('POST', url, command, { areaId: tree.towns[1].id });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, sheet: { caseId: sheet.caseId } });
    // The laggard's unit sees it as any case of its area.
    expect((await request('GET', `/api/cases/${sheet.caseId}`, townBStaff)).statusCode).toBe(200);
    // Both lists show it.
    const laggards = (await request('GET', `/api/targets/${cityTarget.id}/laggards`, command)).json();
    expect(laggards.items[0].sheet).toEqual({ caseId: sheet.caseId, number: sheet.number });
    const target = (await request('GET', `/api/targets/${cityTarget.id}`, command)).json() as TargetDto;
    expect(target.openSheets).toEqual([
      { caseId: sheet.caseId, number: sheet.number, areaId: tree.towns[1].id },
    ]);
  });

  it('honours Idempotency-Key, and two taps at once leave one sheet', async () => {
    const db = database().db;
    const url = `/api/targets/${cityTarget.id}/sheets`;
    const key = { 'idempotency-key': `sheet-${crypto.randomUUID()}` };
    const first = await request('POST', url, command, { areaId: tree.communities[0].id }, key);
    const replay = await request('POST', url, command, { areaId: tree.communities[0].id }, key);
    expect(first.statusCode).toBe(201);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().sheet.caseId).toBe(first.json().sheet.caseId);
    // A community under town A is held to its town's share; its unit is town A's office.
    expect(first.json().sheet.departmentCode).not.toBe(townBCode);

    const both = await Promise.all([
      request('POST', url, admin, { areaId: tree.grids[1].id }),
      request('POST', url, command, { areaId: tree.grids[1].id }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    const open = await db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.typeCode, 'progress_supervision'), eq(cases.areaPath, tree.grids[1].path)));
    expect(open).toHaveLength(1);
  });

  it('sheets: 404 for an area outside the scope, 400 for one outside the target’s area, 409 when deactivated', async () => {
    const db = database().db;
    const url = `/api/targets/${cityTarget.id}/sheets`;
    expect((await request('POST', url, command, { areaId: other.towns[0].id })).statusCode).toBe(404);
    expect((await request('POST', url, command, { areaId: crypto.randomUUID() })).statusCode).toBe(404);
    const missing = await request('POST', url, command, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('areaId');
    const townTarget = await insertTarget(db, tree.towns[0]);
    const outside = await request('POST', `/api/targets/${townTarget.id}/sheets`, command, {
      areaId: tree.towns[1].id,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].field).toBe('areaId');
    const off = await insertTarget(db, tree.towns[1], { active: false });
    const refused = await request('POST', `/api/targets/${off.id}/sheets`, command, {
      areaId: tree.communities[1].id,
    });
    expect(refused.statusCode).toBe(409);
  });
});
