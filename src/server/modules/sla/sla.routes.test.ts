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
import { createDepartment } from '../../testing/staff.factories.ts';
import { seedCalendar, startCaseClocks } from './sla.service.ts';
import { createSlaCase, createSlaCaseType, TEST_SLA } from './sla.factories.ts';

const HOUR = 3_600_000;

describeEachDatabase('SLA routes: calendar, metrics, overdue list', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let supervisorA: Session;
  let liaison: Session;
  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await seedCalendar(db);
    admin = await signInAs(app, db, 'admin', null);
    supervisorA = await signInAs(app, db, 'supervisor', tree.towns[0].path);
    liaison = await signInAs(app, db, 'liaison', tree.towns[0].path);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });

  describe('calendar', () => {
    it('401 anonymous, 403 without cases:admin, 400 without a valid year', async () => {
      expect((await get('/api/calendar?year=2026')).statusCode).toBe(401);
      expect((await get('/api/calendar?year=2026', supervisorA)).statusCode).toBe(403);
      expect((await get('/api/calendar', admin)).statusCode).toBe(400);
      expect((await get('/api/calendar?year=1999', admin)).statusCode).toBe(400);
    });

    it('lists the seeded year with holidays and make-up days', async () => {
      const res = await get('/api/calendar?year=2026', admin);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as { day: string; kind: string; weekday: number }[];
      expect(items.find((d) => d.day === '2026-02-14')).toMatchObject({ kind: 'workday', weekday: 6 });
      expect(items.find((d) => d.day === '2026-10-01')).toMatchObject({ kind: 'holiday' });
      expect(items.every((d) => d.day.startsWith('2026-'))).toBe(true);
    });

    it('adds, changes and removes an exception day, audited; 400 and 404 where due', async () => {
      const put = (day: string, payload: object, s: Session | null = admin) =>
        app.inject({ method: 'PUT', url: `/api/calendar/${day}`, headers: s?.headers ?? {}, payload });
      const del = (day: string, s: Session | null = admin) =>
        app.inject({ method: 'DELETE', url: `/api/calendar/${day}`, headers: s?.headers ?? {} });

      expect((await put('2027-03-01', { kind: 'holiday', name: '测试' }, null)).statusCode).toBe(401);
      expect((await del('2027-03-01', null)).statusCode).toBe(401);
      expect((await put('2027-03-01', { kind: 'holiday', name: '测试' }, liaison)).statusCode).toBe(403);
      expect((await del('2027-03-01', liaison)).statusCode).toBe(403);
      expect((await put('2027-02-30', { kind: 'holiday', name: '测试' })).statusCode).toBe(400);
      expect((await put('2027-03-01', { kind: 'vacation', name: '测试' })).statusCode).toBe(400);
      expect((await put('2027-03-01', { kind: 'holiday', name: '' })).statusCode).toBe(400);
      // Monday: a make-up working day must fall on a weekend.
      const weekday = await put('2027-03-01', { kind: 'workday', name: '调休' });
      expect(weekday.statusCode).toBe(400);
      expect(weekday.json().error.details[0].field).toBe('kind');

      const created = await put('2027-03-01', { kind: 'holiday', name: '地方假日' });
      expect(created.statusCode).toBe(200);
      expect(created.json()).toEqual({ day: '2027-03-01', kind: 'holiday', name: '地方假日', weekday: 1 });
      const changed = await put('2027-03-01', { kind: 'holiday', name: '地方假日（改）' });
      expect(changed.json().name).toBe('地方假日（改）');
      const listed = (await get('/api/calendar?year=2027', admin)).json().items;
      expect(listed).toEqual([{ day: '2027-03-01', kind: 'holiday', name: '地方假日（改）', weekday: 1 }]);

      expect((await del('2027-03-01')).statusCode).toBe(204);
      expect((await del('2027-03-01')).statusCode).toBe(404);
      expect((await get('/api/calendar?year=2027', admin)).json().items).toEqual([]);

      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'calendar_day'), eq(auditLog.entityId, '2027-03-01')));
      expect(audits.map((a) => a.action).sort()).toEqual([
        'calendar_day.create',
        'calendar_day.delete',
        'calendar_day.update',
      ]);
    });

    it('a new holiday moves the next case’s deadlines', async () => {
      const db = database().db;
      const type = await createSlaCaseType(db);
      const put = await app.inject({
        method: 'PUT',
        url: '/api/calendar/2027-03-02',
        headers: admin.headers,
        payload: { kind: 'holiday', name: '地方假日' },
      });
      expect(put.statusCode).toBe(200);
      const c = await createSlaCase(db, type, tree.grids[0].path);
      // Monday 1 March 2027 17:00 + 4 h: half an hour on Monday, Tuesday off, 3.5 h on Wednesday.
      const due = await startCaseClocks(db, {
        caseId: c.id,
        sla: TEST_SLA,
        startAt: new Date('2027-03-01T17:00:00+08:00'),
      });
      expect(due.dueFirstResponseAt.toISOString()).toBe(new Date('2027-03-03T12:00:00+08:00').toISOString());
    });
  });

  describe('metrics and overdue list', () => {
    let deptCode: string;
    const now = Date.now();
    beforeAll(async () => {
      const db = database().db;
      const type = await createSlaCaseType(db);
      const dept = await createDepartment(db, tree.city, '市税务局');
      deptCode = dept.code;
      const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
      const base = { handlingDepartmentCode: deptCode, createdAt: at(100) };
      // Town A: responded in time and resolved on time (rated 5); responded late, resolved late (rated 2);
      // open and overdue; open and not yet due.
      await createSlaCase(db, type, tree.grids[0].path, {
        ...base,
        status: 'closed',
        dueFirstResponseAt: at(96),
        firstResponseAt: at(98),
        dueResolutionAt: at(60),
        resolvedAt: at(70),
        rating: 5,
      });
      await createSlaCase(db, type, tree.grids[0].path, {
        ...base,
        status: 'resolved',
        dueFirstResponseAt: at(96),
        firstResponseAt: at(90),
        dueResolutionAt: at(60),
        resolvedAt: at(50),
        rating: 2,
      });
      await createSlaCase(db, type, tree.communities[0].path, {
        ...base,
        title: '超期一',
        dueFirstResponseAt: at(96),
        dueResolutionAt: at(10),
        escalationLevel: 1,
      });
      await createSlaCase(db, type, tree.grids[0].path, {
        ...base,
        title: '超期二',
        dueFirstResponseAt: at(96),
        firstResponseAt: at(97),
        dueResolutionAt: at(5),
      });
      await createSlaCase(db, type, tree.grids[0].path, {
        ...base,
        dueFirstResponseAt: at(96),
        firstResponseAt: at(97),
        dueResolutionAt: at(-10),
      });
      // Town B: an overdue case the town A supervisor must not see.
      await createSlaCase(db, type, tree.grids[1].path, {
        ...base,
        title: '乙镇超期',
        dueFirstResponseAt: at(96),
        dueResolutionAt: at(20),
      });
    });

    it('metrics: 401, 403 without cases:supervise, 404 outside scope, 400 on bad input', async () => {
      expect((await get('/api/case-metrics')).statusCode).toBe(401);
      expect((await get('/api/case-metrics', liaison)).statusCode).toBe(403);
      expect((await get(`/api/case-metrics?areaId=${tree.towns[1].id}`, supervisorA)).statusCode).toBe(404);
      expect((await get(`/api/case-metrics?areaId=${crypto.randomUUID()}`, supervisorA)).statusCode).toBe(
        404,
      );
      expect((await get('/api/case-metrics?groupBy=street', supervisorA)).statusCode).toBe(400);
      expect((await get('/api/case-metrics?from=yesterday', supervisorA)).statusCode).toBe(400);
      const reversed = await get(
        '/api/case-metrics?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
        supervisorA,
      );
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.details[0].field).toBe('from');
    });

    it('metrics by department in the caller’s area: the three rates, median, open, overdue, solved', async () => {
      const res = await get('/api/case-metrics?groupBy=department', supervisorA);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.areaPath).toBe(tree.towns[0].path);
      const unit = body.units.find((u: { key: string }) => u.key === deptCode);
      expect(unit).toMatchObject({
        name: '市税务局',
        cases: 5,
        dueForResponse: 5,
        // The third case was never answered and the second answered late.
        respondedInTime: 3,
        resolved: 2,
        resolvedOnTime: 1,
        onTimeResolutionRate: 0.5,
        rated: 2,
        satisfied: 1,
        satisfactionRate: 0.5,
        open: 3,
        overdue: 2,
        solved: 2,
      });
      expect(unit.responseRate).toBeCloseTo(0.6);
      // 30 h and 50 h from filing to resolution.
      expect(unit.medianHoursToResolve).toBeCloseTo(40);
    });

    it('metrics by area group under the asked area; an administrator sees every town', async () => {
      // The period ends before the other tests' cases were filed.
      const period = `from=${new Date(now - 200 * HOUR).toISOString()}&to=${new Date(now - 50 * HOUR).toISOString()}`;
      const res = await get(
        `/api/case-metrics?groupBy=area&areaId=${tree.towns[0].id}&${period}`,
        supervisorA,
      );
      expect(res.statusCode).toBe(200);
      const units = res.json().units as { key: string; name: string; cases: number }[];
      expect(units.find((u) => u.key === tree.communities[0].path)).toMatchObject({
        name: '甲社区',
        cases: 5,
      });

      const all = await get(`/api/case-metrics?groupBy=area&areaId=${tree.city.id}&${period}`, admin);
      const towns = all.json().units as { key: string; cases: number }[];
      expect(towns.map((u) => [u.key, u.cases])).toEqual([
        [tree.towns[0].path, 5],
        [tree.towns[1].path, 1],
      ]);
    });

    it('metrics by type name the case type', async () => {
      const res = await get('/api/case-metrics?groupBy=type', supervisorA);
      expect(res.json().units[0].name).toBe('测试类型');
    });

    it('overdue: 401, 403, 404 outside scope, 400 on a bad cursor or limit', async () => {
      expect((await get('/api/cases-overdue')).statusCode).toBe(401);
      expect((await get('/api/cases-overdue', liaison)).statusCode).toBe(403);
      expect((await get(`/api/cases-overdue?areaId=${tree.towns[1].id}`, supervisorA)).statusCode).toBe(404);
      expect((await get('/api/cases-overdue?cursor=nonsense', supervisorA)).statusCode).toBe(400);
      expect((await get('/api/cases-overdue?limit=0', supervisorA)).statusCode).toBe(400);
    });

    it('overdue: longest overdue first, in scope only, page by page', async () => {
      const first = await get('/api/cases-overdue?limit=1', supervisorA);
      expect(first.statusCode).toBe(200);
      const page1 = first.json();
      expect(page1.items).toHaveLength(1);
      expect(page1.items[0]).toMatchObject({
        title: '超期一',
        departmentCode: deptCode,
        departmentName: '市税务局',
        escalationLevel: 1,
        ownerUserId: null,
      });
      expect(page1.items[0].hoursOverdue).toBeCloseTo(10, 0);
      expect(page1.nextCursor).not.toBeNull();
      const second = await get(`/api/cases-overdue?limit=1&cursor=${page1.nextCursor}`, supervisorA);
      // Town B's case is outside the caller's scope; the not-yet-due case is not overdue: the last page.
      expect(second.json().items.map((i: { title: string }) => i.title)).toEqual(['超期二']);
      expect(second.json().nextCursor).toBeNull();

      const everywhere = await get('/api/cases-overdue?limit=200', admin);
      expect(everywhere.json().items.map((i: { title: string }) => i.title)).toContain('乙镇超期');
    });
  });
});
