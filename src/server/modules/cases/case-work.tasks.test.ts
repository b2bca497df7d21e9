import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { App } from '../../app.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import type { Session } from '../../testing/factories.ts';
import {
  createCaseWorkApp,
  createCaseWorkPeople,
  ownedCase,
  type CaseWorkPeople,
} from '../../testing/case-work.factories.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { caseDeadlines, caseEvents, caseTasks } from './cases.tables.ts';

describeEachDatabase('case coordination tasks', (database) => {
  let app: App;
  let filesDir: string;
  let p: CaseWorkPeople;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, filesDir } = await createCaseWorkApp(database()));
    p = await createCaseWorkPeople(app, db());
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const post = (url: string, s: Session | undefined, payload: object) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });
  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const openTask = (caseId: string, s: Session | undefined, payload: object) =>
    post(`/api/cases/${caseId}/tasks`, s, payload);
  const transportTask = { assigneeKind: 'department', departmentCode: 'transport', title: '办理货车通行证' };
  const fields = (response: { json(): { error: { details: { field: string }[] } } }) =>
    response.json().error.details.map((d) => d.field);

  describe('opening', () => {
    it('401, 403 for an enterprise user or a handler who does not own it, 404 out of sight', async () => {
      const c = await ownedCase(db(), p);
      expect((await openTask(c.id, undefined, transportTask)).statusCode).toBe(401);
      expect((await openTask(c.id, p.enterprise, transportTask)).statusCode).toBe(403);
      expect((await openTask(c.id, p.bystander, transportTask)).statusCode).toBe(403);
      expect((await openTask(c.id, p.outsider, transportTask)).statusCode).toBe(404);
      expect((await openTask(crypto.randomUUID(), p.owner, transportTask)).statusCode).toBe(404);
      expect(await db().select().from(caseTasks).where(eq(caseTasks.caseId, c.id))).toHaveLength(0);
    });

    it('400 naming the missing or unknown department and the region contact’s fields', async () => {
      const c = await ownedCase(db(), p);
      const noDept = await openTask(c.id, p.owner, { assigneeKind: 'department', title: 'x' });
      expect(noDept.statusCode).toBe(400);
      expect(fields(noDept)).toEqual(['departmentCode']);
      const unknown = await openTask(c.id, p.owner, { ...transportTask, departmentCode: 'no_such_dept' });
      expect(unknown.statusCode).toBe(400);
      expect(fields(unknown)).toEqual(['departmentCode']);
      const region = await openTask(c.id, p.owner, { assigneeKind: 'region', title: '通行证' });
      expect(region.statusCode).toBe(400);
      expect(fields(region)).toEqual(['regionName', 'contactName', 'contactPhone']);
      const badPhone = await openTask(c.id, p.owner, {
        assigneeKind: 'region',
        regionName: '嘉兴市南湖区',
        contactName: '王科长',
        contactPhone: '12345',
        title: '通行证',
      });
      expect(badPhone.statusCode).toBe(400);
      expect(fields(badPhone)).toEqual(['contactPhone']);
      const noTitle = await openTask(c.id, p.owner, {
        assigneeKind: 'department',
        departmentCode: 'transport',
      });
      expect(noTitle.statusCode).toBe(400);
      expect(fields(noTitle)).toContain('title');
      const badHours = await openTask(c.id, p.owner, { ...transportTask, dueHours: 0 });
      expect(badHours.statusCode).toBe(400);
      expect(fields(badHours)).toEqual(['dueHours']);
      expect(await db().select().from(caseTasks).where(eq(caseTasks.caseId, c.id))).toHaveLength(0);
    });

    it('a submitted (unowned) case gets no tasks yet', async () => {
      const c = await ownedCase(db(), p, { status: 'submitted', ownerUserId: null });
      expect((await openTask(c.id, p.supervisor, transportTask)).statusCode).toBe(409);
    });
  });

  it('the sulfuric-acid supplier: tasks to another district’s contact and to transport run in parallel', async () => {
    const c = await ownedCase(db(), p);
    // the supplier is a logistics firm in another district: its trucks need a pass from there
    const region = await openTask(c.id, p.owner, {
      assigneeKind: 'region',
      regionName: '嘉兴市南湖区',
      contactName: '王科长',
      contactPhone: '１３８ １２３４ ５６７８',
      title: '请为硫酸运输车辆办理通行证',
      dueHours: 24,
    });
    expect(region.statusCode).toBe(201);
    const regionTask = region.json();
    expect(regionTask).toMatchObject({
      assigneeKind: 'region',
      regionName: '嘉兴市南湖区',
      contactName: '王科长',
      contactPhoneMasked: '138****5678',
      status: 'open',
      departmentCode: null,
      can: { complete: true, close: true },
    });
    expect(region.body).not.toContain('13812345678');
    const [stored] = await db().select().from(caseTasks).where(eq(caseTasks.id, regionTask.id));
    expect(stored?.contactPhoneEnc).toBeTruthy();
    expect(testPiiCipher().decrypt(stored?.contactPhoneEnc ?? '')).toBe('13812345678');
    expect(stored?.contactPhoneHash).toBe(testPiiCipher().lookupHash('13812345678'));
    // due 24 hours later; the SLA clock has a warning and a breach row for it
    const due = new Date(regionTask.dueAt).getTime() - new Date(regionTask.createdAt).getTime();
    expect(due).toBe(24 * 3_600_000);
    const clocks = await db().select().from(caseDeadlines).where(eq(caseDeadlines.taskId, regionTask.id));
    expect(clocks.map((d) => d.kind).sort()).toEqual(['breach', 'warning']);

    const dept = await openTask(c.id, p.owner, { ...transportTask, description: '危化品运输', dueHours: 8 });
    expect(dept.statusCode).toBe(201);
    const deptTask = dept.json();
    // the owner cannot complete a department's task; only close it
    expect(deptTask.can).toEqual({ complete: false, close: true });
    const [notice] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p.transport.user.id), eq(notifications.caseId, c.id)));
    expect(notice?.kind).toBe('task_opened');

    // transport staff (another town) now see the case and the task in their department view
    const view = await get('/api/case-tasks?view=department&status=open', p.transport);
    expect(view.statusCode).toBe(200);
    const listed = view.json().items.find((t: { id: string }) => t.id === deptTask.id);
    expect(listed).toMatchObject({
      title: '办理货车通行证',
      can: { complete: true, close: false },
      case: { id: c.id, code: `GL-${String(c.number).padStart(6, '0')}`, title: c.title, status: 'accepted' },
    });
    expect(view.json().items.some((t: { id: string }) => t.id === regionTask.id)).toBe(false);

    const complete = `/api/cases/${c.id}/tasks/${deptTask.id}/complete`;
    expect((await post(complete, undefined, { result: 'x' })).statusCode).toBe(401);
    expect((await post(complete, p.outsider, { result: 'x' })).statusCode).toBe(404);
    expect((await post(complete, p.owner, { result: '我替他们办了' })).statusCode).toBe(403);
    const noResult = await post(complete, p.transport, {});
    expect(noResult.statusCode).toBe(400);
    expect(fields(noResult)).toEqual(['result']);
    const blank = await post(complete, p.transport, { result: '  ' });
    expect(blank.statusCode).toBe(400);

    const done = await post(complete, p.transport, { result: '通行证已办结，编号 JX2020-0211' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      result: '通行证已办结，编号 JX2020-0211',
      completedBy: { id: p.transport.user.id },
      can: { complete: false, close: false },
    });
    expect((await post(complete, p.transport, { result: 'again' })).statusCode).toBe(409);
    const ownerInbox = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, p.owner.user.id), eq(notifications.caseId, c.id)));
    expect(ownerInbox.map((n) => n.kind)).toContain('task_completed');
    const deptClocks = await db().select().from(caseDeadlines).where(eq(caseDeadlines.taskId, deptTask.id));
    expect(deptClocks.every((d) => d.cancelledAt !== null)).toBe(true);

    // the region contact has no account: the owner records their answer
    const regionDone = await post(`/api/cases/${c.id}/tasks/${regionTask.id}/complete`, p.owner, {
      result: '南湖区王科长回复：通行证已发放',
    });
    expect(regionDone.statusCode).toBe(200);

    const events = await db().select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.kind)).toEqual([
      'task_opened',
      'task_opened',
      'task_completed',
      'task_completed',
    ]);
    expect(events.every((e) => e.visibility === 'internal')).toBe(true);
  });

  it('the owner closes a task with a reason; the department may not; a closed task cannot be completed', async () => {
    const c = await ownedCase(db(), p);
    const task = (await openTask(c.id, p.owner, transportTask)).json();
    const close = `/api/cases/${c.id}/tasks/${task.id}/close`;
    expect((await post(close, p.transport, { reason: '不办' })).statusCode).toBe(403);
    expect((await post(close, p.enterprise, { reason: 'x' })).statusCode).toBe(403);
    const noReason = await post(close, p.owner, {});
    expect(noReason.statusCode).toBe(400);
    expect(fields(noReason)).toEqual(['reason']);
    const closed = await post(close, p.owner, { reason: '企业已自行解决' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closeReason: '企业已自行解决', result: null });
    expect(
      (await post(`/api/cases/${c.id}/tasks/${task.id}/complete`, p.transport, { result: '办好了' }))
        .statusCode,
    ).toBe(409);
    // with no open task left, transport no longer sees the case: a task of another case is not found
    expect(
      (await post(`/api/cases/${c.id}/tasks/${crypto.randomUUID()}/complete`, p.transport, { result: 'x' }))
        .statusCode,
    ).toBe(404);
  });

  it('an open task blocks resolving the case; once it is done the owner resolves it', async () => {
    const c = await ownedCase(db(), p, { status: 'in_progress' });
    const task = (await openTask(c.id, p.owner, transportTask)).json();
    const resolve = () =>
      post(`/api/cases/${c.id}/actions/resolve`, p.owner, { version: c.version, resolution: '通行证已办妥' });
    const blocked = await resolve();
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({
      code: 'open_tasks',
      details: [{ field: `tasks.${task.id}` }],
    });
    expect(
      (await post(`/api/cases/${c.id}/tasks/${task.id}/complete`, p.transport, { result: '已发放' }))
        .statusCode,
    ).toBe(200);
    const resolved = await resolve();
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().status).toBe('resolved');
  });

  describe('the task lists', () => {
    it('401, 403 for an enterprise user, 400 for a bad view, status or cursor', async () => {
      expect((await get('/api/case-tasks')).statusCode).toBe(401);
      expect((await get('/api/case-tasks', p.enterprise)).statusCode).toBe(403);
      expect((await get('/api/case-tasks?view=everything', p.owner)).statusCode).toBe(400);
      expect((await get('/api/case-tasks?status=pending', p.owner)).statusCode).toBe(400);
      const badCursor = await get('/api/case-tasks?cursor=nonsense', p.owner);
      expect(badCursor.statusCode).toBe(400);
      expect(fields(badCursor)).toEqual(['cursor']);
    });

    it('pages my cases’ tasks newest first without repeats; a user without a department has no department view', async () => {
      const c = await ownedCase(db(), p);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push((await openTask(c.id, p.owner, { ...transportTask, title: `任务 ${i}` })).json().id);
      const seen: string[] = [];
      const times: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(
          `/api/case-tasks?view=mine&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          p.owner,
        );
        expect(page.statusCode).toBe(200);
        const body = page.json();
        expect(body.items.length).toBeLessThanOrEqual(2);
        for (const t of body.items as { id: string; createdAt: string }[]) {
          seen.push(t.id);
          times.push(Date.parse(t.createdAt));
        }
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(new Set(seen).size).toBe(seen.length);

      const noDept = await get('/api/case-tasks?view=department', p.bystander);
      expect(noDept.json()).toEqual({ items: [], nextCursor: null });
    });
  });
});
