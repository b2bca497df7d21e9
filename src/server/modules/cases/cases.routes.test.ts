import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createTestApp, type Session, type TestTree } from '../../testing/factories.ts';
import { addTeamMember, createEnterprise, createStaff, createTeam } from '../../testing/staff.factories.ts';
import { liaisonFor, seedCaseFixtures, signInWith } from '../../testing/cases.factories.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { caseTasks, cases } from './cases.tables.ts';
import { createPublicCase } from './cases.service.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';

interface Detail {
  id: string;
  code: string;
  status: string;
  version: number;
  owner: { id: string; name: string } | null;
  handlingDepartmentCode: string | null;
  can: Record<string, boolean>;
  [key: string]: unknown;
}

describeEachDatabase('cases routes', (database) => {
  let app: App;
  let tree: TestTree;
  let enterprise: { id: string; areaPath: string };
  let lonely: { id: string; areaPath: string };
  let liaison: Session & { user: { id: string } };
  let owner: Session & { user: { id: string } };
  let townA: Session & { user: { id: string } };
  let townB: Session;
  let worker: Session;
  let taxB: Session & { user: { id: string } };
  let economy: Session & { user: { id: string } };
  let entUser: Session & { user: { id: string } };
  let lonelyUser: Session & { user: { id: string } };
  let otherEnt: Session;
  let volunteer: Session;

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await seedCaseFixtures(db, tree.city);
    enterprise = await createEnterprise(db, tree.grids[0], { name: '平湖口罩厂' });
    lonely = await createEnterprise(db, tree.grids[0], { name: '无联络员企业' });
    const other = await createEnterprise(db, tree.grids[1]);
    liaison = await liaisonFor(app, db, enterprise, tree.towns[0].path);
    owner = await signInWith(app, db, { role: 'liaison', scopePath: tree.towns[0].path });
    townA = await signInWith(app, db, { role: 'town_staff', scopePath: tree.towns[0].path });
    townB = await signInWith(app, db, { role: 'town_staff', scopePath: tree.towns[1].path });
    worker = await signInWith(app, db, { role: 'community_worker', scopePath: tree.communities[0].path });
    taxB = await signInWith(app, db, {
      role: 'department_staff',
      scopePath: tree.towns[1].path,
      department: 'tax',
    });
    economy = await signInWith(app, db, {
      role: 'department_staff',
      scopePath: tree.city.path,
      department: 'economy_bureau',
    });
    entUser = await signInWith(app, db, { role: 'enterprise_user', scopePath: null, orgId: enterprise.id });
    lonelyUser = await signInWith(app, db, { role: 'enterprise_user', scopePath: null, orgId: lonely.id });
    otherEnt = await signInWith(app, db, { role: 'enterprise_user', scopePath: null, orgId: other.id });
    volunteer = await signInWith(app, db, { role: 'volunteer', scopePath: tree.towns[0].path });
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (url: string, s: Session | undefined, payload: object, extra: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...(s?.headers ?? {}), ...extra }, payload });
  const act = (s: Session, c: { id: string; version: number }, action: string, body: object = {}) =>
    post(`/api/cases/${c.id}/actions/${action}`, s, { version: c.version, ...body });

  const problem = (extra: object = {}) => ({
    typeCode: 'enterprise_problem',
    category: 'finance_tax',
    title: '熔喷布原料短缺，影响口罩生产',
    description: '原料供应商停工',
    fields: { affected_output_share: 40 },
    ...extra,
  });

  async function fileAsLonely(extra: object = {}): Promise<Detail> {
    const response = await post('/api/cases', lonelyUser, problem(extra));
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const inboxOf = (userId: string) =>
    database().db.select().from(notifications).where(eq(notifications.userId, userId));

  describe('access', () => {
    it('401 on every route without a session', async () => {
      const id = crypto.randomUUID();
      for (const url of ['/api/cases', '/api/cases/similar', `/api/cases/${id}`, `/api/cases/${id}/events`]) {
        expect((await get(url)).statusCode).toBe(401);
      }
      for (const url of [
        '/api/cases',
        `/api/cases/${id}/actions/accept`,
        `/api/cases/${id}/comments`,
        `/api/cases/${id}/rating`,
      ]) {
        expect((await post(url, undefined, {})).statusCode).toBe(401);
      }
    });

    it('403 for a role without case permissions', async () => {
      expect((await get('/api/cases', volunteer)).statusCode).toBe(403);
      expect((await post('/api/cases', volunteer, problem())).statusCode).toBe(403);
      expect((await get(`/api/cases/${crypto.randomUUID()}`, volunteer)).statusCode).toBe(403);
    });

    it('400 for a malformed id, an unknown action or a missing version', async () => {
      const c = await fileAsLonely();
      expect((await get('/api/cases/not-a-uuid', townA)).statusCode).toBe(400);
      expect((await act(townA, c, 'fly')).statusCode).toBe(400);
      const noVersion = await post(`/api/cases/${c.id}/actions/accept`, townA, {});
      expect(noVersion.statusCode).toBe(400);
      expect(noVersion.json().error.details[0].field).toBe('version');
    });

    it('404 for a missing case and for one the caller may not see', async () => {
      const created = await fileAsLonely();
      expect((await get(`/api/cases/${crypto.randomUUID()}`, townA)).statusCode).toBe(404);
      expect((await get(`/api/cases/${created.id}`, townB)).statusCode).toBe(404);
      expect((await get(`/api/cases/${created.id}`, otherEnt)).statusCode).toBe(404);
      expect((await get(`/api/cases/${created.id}/events`, otherEnt)).statusCode).toBe(404);
      expect((await act(townB, created, 'accept')).statusCode).toBe(404);
      expect((await post(`/api/cases/${created.id}/comments`, otherEnt, { body: '你好' })).statusCode).toBe(
        404,
      );
    });
  });

  describe('create', () => {
    it('an enterprise problem goes straight to the primary liaison, accepted, with clocks and a notice', async () => {
      const response = await post('/api/cases', entUser, problem({ category: 'workforce' }));
      expect(response.statusCode).toBe(201);
      const created: Detail = response.json();
      expect(created).toMatchObject({
        status: 'accepted',
        owner: { id: liaison.user.id },
        handlingDepartmentCode: 'human_resources',
        subject: { kind: 'org', id: enterprise.id, name: '平湖口罩厂' },
        areaPath: enterprise.areaPath,
        fields: { affected_output_share: 40 },
        requester: { orgId: enterprise.id },
      });
      expect(created.code).toMatch(/^GL-\d{6,}$/);
      expect(created.firstResponseAt).not.toBeNull();
      expect(created.dueResolutionAt).not.toBeNull();
      expect(created.can).toMatchObject({
        confirm: false,
        withdraw: true,
        accept: false,
        commentInternal: false,
      });
      const inbox = await inboxOf(liaison.user.id);
      expect(inbox.some((n) => n.caseId === created.id && n.kind === 'case_assigned')).toBe(true);

      const asLiaison: Detail = (await get(`/api/cases/${created.id}`, liaison)).json();
      expect(asLiaison.can).toMatchObject({ start: true, resolve: true, accept: false, handover: true });
      const events = (await get(`/api/cases/${created.id}/events`, entUser)).json().items;
      expect(events.map((e: { kind: string }) => e.kind)).toEqual(['created', 'accepted']);

      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'case'), eq(auditLog.entityId, created.id)));
      expect(audits.map((a) => a.action)).toEqual(['case.create']);
    });

    it('without a liaison the case waits, routed by category, and the department is told', async () => {
      const created = await fileAsLonely({ category: 'policy_question' });
      expect(created).toMatchObject({
        status: 'submitted',
        owner: null,
        handlingDepartmentCode: 'economy_bureau',
      });
      expect(created.firstResponseAt).toBeNull();
      const inbox = await inboxOf(economy.user.id);
      expect(inbox.some((n) => n.caseId === created.id && n.kind === 'case_submitted')).toBe(true);
    });

    it('400 naming the field: answers, category, type, subject, area', async () => {
      const bad = await post('/api/cases', lonelyUser, problem({ fields: { affected_output_share: 150 } }));
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual([
        { field: 'fields.affected_output_share', reason: '不能大于 100' },
      ]);
      const en = await app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { ...lonelyUser.headers, 'accept-language': 'en' },
        payload: problem({ fields: { colour: 'red' } }),
      });
      expect(en.json().error.details).toEqual([
        { field: 'fields.colour', reason: 'is not a field of this form' },
      ]);
      const field = async (s: Session, body: object) => {
        const r = await post('/api/cases', s, body);
        expect(r.statusCode).toBe(400);
        return r.json().error.details[0].field;
      };
      expect(await field(lonelyUser, problem({ category: 'nope' }))).toBe('category');
      expect(await field(lonelyUser, problem({ typeCode: 'no_such_type' }))).toBe('typeCode');
      // residents' requests are not for enterprises to file
      expect(
        await field(lonelyUser, {
          ...problem(),
          typeCode: 'resident_service',
          category: undefined,
          fields: {},
        }),
      ).toBe('typeCode');
      // an enterprise files for itself only
      expect(await field(lonelyUser, problem({ subjectOrgId: enterprise.id }))).toBe('subjectOrgId');
      // staff: the subject must lie in their area
      expect(await field(townB, problem({ subjectOrgId: enterprise.id }))).toBe('subjectOrgId');
      expect(await field(townA, problem({ subjectOrgId: undefined }))).toBe('subjectOrgId');
      expect(await field(townA, problem({ subjectOrgId: lonely.id, areaId: tree.grids[1].id }))).toBe(
        'areaId',
      );
      expect(await field(townA, problem({ subjectOrgId: lonely.id, title: '   ' }))).toBe('title');
    });

    it('a retried create with the same Idempotency-Key returns the same case once', async () => {
      const key = `case-create-${crypto.randomUUID()}`;
      const first = await post('/api/cases', lonelyUser, problem(), { 'idempotency-key': key });
      const second = await post('/api/cases', lonelyUser, problem(), { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.json().id).toBe(first.json().id);
      const rows = await database()
        .db.select({ n: sql<number>`count(*)::int` })
        .from(cases)
        .where(eq(cases.id, first.json().id));
      expect(rows[0]?.n).toBe(1);
      const third = await post('/api/cases', lonelyUser, problem());
      expect(third.json().id).not.toBe(first.json().id);
    });

    it('staff file for an enterprise in their area', async () => {
      const response = await post(
        '/api/cases',
        townA,
        problem({ subjectOrgId: lonely.id, category: undefined }),
      );
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        status: 'submitted',
        handlingDepartmentCode: 'economy_bureau',
        source: 'staff',
        requester: { orgId: null },
      });
    });
  });

  describe('lifecycle', () => {
    it('accept, stale version, start, resolve needs a resolution and no open task, confirm, rate once, reopen', async () => {
      const db = database().db;
      let c = await fileAsLonely();
      expect(c.handlingDepartmentCode).toBe('tax');
      // the tax department sees it outside its area and may accept it
      const seen: Detail = (await get(`/api/cases/${c.id}`, taxB)).json();
      expect(seen.can.accept).toBe(true);
      let r = await act(taxB, c, 'accept');
      expect(r.statusCode).toBe(200);
      c = r.json();
      expect(c).toMatchObject({ status: 'accepted', owner: { id: taxB.user.id } });
      expect(c.firstResponseAt).not.toBeNull();

      const stale = await act(taxB, { id: c.id, version: c.version - 1 }, 'start');
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error).toMatchObject({ code: 'stale', details: [{ field: 'version' }] });

      // someone else in the area, not the owner, may not work it
      expect((await act(worker, c, 'start')).statusCode).toBe(403);

      r = await act(taxB, c, 'start');
      expect(r.json().status).toBe('in_progress');
      c = r.json();

      const noText = await act(taxB, c, 'resolve', { resolution: '  ' });
      expect(noText.statusCode).toBe(400);
      expect(noText.json().error.details[0].field).toBe('resolution');

      const [task] = await db
        .insert(caseTasks)
        .values({ caseId: c.id, assigneeKind: 'department', departmentCode: 'health', title: '协调防疫物资' })
        .returning();
      const blocked = await act(taxB, c, 'resolve', { resolution: '已协调' });
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error).toMatchObject({
        code: 'open_tasks',
        details: [{ field: `tasks.${task?.id}`, reason: '协调防疫物资' }],
      });
      await db.update(caseTasks).set({ status: 'done' }).where(eq(caseTasks.caseId, c.id));

      r = await act(taxB, c, 'resolve', { resolution: '已协调供应商恢复供货' });
      expect(r.statusCode).toBe(200);
      c = r.json();
      expect(c).toMatchObject({ status: 'resolved', resolution: '已协调供应商恢复供货' });
      const inbox = await inboxOf(lonelyUser.user.id);
      expect(inbox.some((n) => n.caseId === c.id && n.kind === 'case_resolved')).toBe(true);

      // illegal move: the body names the current status and the allowed actions
      const illegal = await app.inject({
        method: 'POST',
        url: `/api/cases/${c.id}/actions/start`,
        headers: { ...taxB.headers, 'accept-language': 'en' },
        payload: { version: c.version },
      });
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json().error).toMatchObject({
        code: 'illegal_transition',
        details: [
          { field: 'status', reason: 'current status is resolved' },
          { field: 'allowedActions', reason: 'close, reopen' },
        ],
      });
      const zh = await act(taxB, c, 'start');
      expect(zh.json().error.details[0].reason).toBe('当前状态为「已办结」');

      const asRequester: Detail = (await get(`/api/cases/${c.id}`, lonelyUser)).json();
      expect(asRequester.can).toMatchObject({ confirm: true, rate: true, reopen: true, close: false });
      r = await act(lonelyUser, c, 'confirm');
      expect(r.json().status).toBe('closed');
      c = r.json();
      expect(
        (await inboxOf(taxB.user.id)).some((n) => n.kind === 'case_confirmed' && n.caseId === c.id),
      ).toBe(true);

      const rated = await post(`/api/cases/${c.id}/rating`, lonelyUser, { rating: 5, comment: '很及时' });
      expect(rated.statusCode).toBe(200);
      expect(rated.json()).toMatchObject({ rating: 5, ratingComment: '很及时' });
      expect((await post(`/api/cases/${c.id}/rating`, lonelyUser, { rating: 4 })).statusCode).toBe(409);
      expect((await post(`/api/cases/${c.id}/rating`, taxB, { rating: 1 })).statusCode).toBe(403);
      expect((await post(`/api/cases/${c.id}/rating`, lonelyUser, { rating: 6 })).statusCode).toBe(400);
      c = rated.json();

      const noReason = await act(taxB, c, 'reopen');
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].field).toBe('reason');
      // the old resolution clock ran out; reopening starts a new one in the future
      await db
        .update(cases)
        .set({ dueResolutionAt: new Date(Date.now() - 60_000) })
        .where(eq(cases.id, c.id));
      r = await act(taxB, c, 'reopen', { reason: '企业反映仍缺货' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({
        status: 'in_progress',
        resolvedAt: null,
        closedAt: null,
        overdue: false,
      });
      expect(new Date(r.json().dueResolutionAt).getTime()).toBeGreaterThan(Date.now());

      const kinds = (await get(`/api/cases/${c.id}/events`, lonelyUser))
        .json()
        .items.map((e: { kind: string; toStatus: string | null }) => `${e.kind}:${e.toStatus ?? ''}`);
      expect(kinds).toEqual([
        'created:submitted',
        'accepted:accepted',
        'status:in_progress',
        'status:resolved',
        'status:closed',
        'rated:',
        'reopened:in_progress',
      ]);
    });

    it('accept on an owned case answers 409 case_taken naming the owner', async () => {
      const c = await fileAsLonely();
      const first = await act(owner, c, 'accept');
      expect(first.statusCode).toBe(200);
      const second = await act(townA, c, 'accept');
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('case_taken');
      expect(second.json().error.details[0].field).toBe('owner');
    });

    it('reject needs a reason; the requester withdraws an open case; merge into a case of the same subject', async () => {
      let c = await fileAsLonely();
      await act(owner, c, 'accept');
      c = (await get(`/api/cases/${c.id}`, owner)).json();
      const noReason = await act(owner, c, 'reject');
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.details[0].field).toBe('reason');

      const w = await fileAsLonely();
      const withdrawn = await act(lonelyUser, w, 'withdraw', { reason: '已自行解决' });
      expect(withdrawn.json().status).toBe('withdrawn');

      const target = await fileAsLonely();
      expect((await act(owner, c, 'merge', { intoCaseId: c.id })).json().error.details[0].field).toBe(
        'intoCaseId',
      );
      expect((await act(owner, c, 'merge')).statusCode).toBe(400);
      const merged = await act(owner, c, 'merge', { intoCaseId: target.id });
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toMatchObject({
        status: 'merged',
        mergedInto: { id: target.id, code: target.code },
      });
    });
  });

  describe('comments', () => {
    it('requesters comment in public only and see no internal note; the first public staff reply is the first response', async () => {
      const c = await fileAsLonely();
      expect(
        (await post(`/api/cases/${c.id}/comments`, lonelyUser, { body: '内部？', visibility: 'internal' }))
          .statusCode,
      ).toBe(403);
      const mine = await post(`/api/cases/${c.id}/comments`, lonelyUser, { body: '请尽快处理' });
      expect(mine.statusCode).toBe(201);
      expect(mine.json()).toMatchObject({ kind: 'comment', visibility: 'public', body: '请尽快处理' });
      const note = await post(`/api/cases/${c.id}/comments`, townA, {
        body: '内部备注',
        visibility: 'internal',
      });
      expect(note.json().visibility).toBe('internal');
      expect((await post(`/api/cases/${c.id}/comments`, townA, { body: '' })).statusCode).toBe(400);
      expect((await get(`/api/cases/${c.id}`, townA)).json().firstResponseAt).toBeNull();
      await post(`/api/cases/${c.id}/comments`, townA, { body: '已收到，正在联系', visibility: 'public' });
      expect((await get(`/api/cases/${c.id}`, townA)).json().firstResponseAt).not.toBeNull();

      const bodies = (await get(`/api/cases/${c.id}/events`, lonelyUser))
        .json()
        .items.map((e: { body: string }) => e.body);
      expect(bodies).toContain('已收到，正在联系');
      expect(bodies).not.toContain('内部备注');
      const staffBodies = (await get(`/api/cases/${c.id}/events`, townA))
        .json()
        .items.map((e: { body: string }) => e.body);
      expect(staffBodies).toContain('内部备注');
    });
  });

  describe('public requests', () => {
    it('createPublicCase files a submitted resident request with the phone masked, and tells civil affairs', async () => {
      const db = database().db;
      const civil = await signInWith(app, db, {
        role: 'department_staff',
        scopePath: tree.city.path,
        department: 'civil_affairs',
      });
      const created = await db.transaction((tx) =>
        createPublicCase(tx, testPiiCipher(), {
          typeCode: 'resident_service',
          title: '楼道灯坏了',
          description: '三单元楼道灯不亮',
          areaPath: tree.place.path,
          requesterName: '李阿姨',
          requesterPhone: '13812345678',
          source: 'resident_qr',
        }),
      );
      expect(created.code).toMatch(/^GL-\d{6,}$/);
      const [row] = await db.select().from(cases).where(eq(cases.id, created.id));
      expect(row).toMatchObject({
        status: 'submitted',
        source: 'resident_qr',
        handlingDepartmentCode: 'civil_affairs',
        requesterPhoneMasked: '138****5678',
      });
      expect(row?.requesterPhoneEnc).not.toContain('13812345678');
      expect(row?.dueResolutionAt).not.toBeNull();
      expect((await inboxOf(civil.user.id)).some((n) => n.caseId === created.id)).toBe(true);
      const detail = (await get(`/api/cases/${created.id}`, civil)).json();
      expect(detail).toMatchObject({
        requester: { name: '李阿姨', phoneMasked: '138****5678' },
        can: { accept: true },
      });
      await expect(
        db.transaction((tx) =>
          createPublicCase(tx, testPiiCipher(), {
            typeCode: 'enterprise_problem',
            title: 'x',
            description: 'x',
            areaPath: tree.place.path,
            requesterName: 'x',
            requesterPhone: '13812345678',
            source: 'open311',
          }),
        ),
      ).rejects.toMatchObject({ code: 'validation_failed' });
    });
  });

  describe('lists', () => {
    it('views: mine, requested, department; q by code and title; keyset pages; overdue; scope', async () => {
      const db = database().db;
      const a = await fileAsLonely({ title: '出口订单物流受阻' });
      const b = await fileAsLonely({ title: '员工返岗需要核验' });
      const ids = (r: { json: () => { items: { id: string }[] } }) => r.json().items.map((i) => i.id);

      const requested = await get('/api/cases?view=requested&limit=200', lonelyUser);
      expect(ids(requested)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids(await get('/api/cases?limit=200', otherEnt))).not.toContain(a.id);

      const department = await get('/api/cases?view=department&limit=200', taxB);
      expect(ids(department)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(ids(await get('/api/cases?view=department', townA))).toEqual([]);

      await act(owner, a, 'accept');
      expect(ids(await get('/api/cases?view=mine', owner))).toContain(a.id);
      expect(ids(await get('/api/cases?view=department&limit=200', taxB))).not.toContain(a.id);

      expect(ids(await get(`/api/cases?q=${encodeURIComponent(b.code)}`, townA))).toEqual([b.id]);
      expect(ids(await get(`/api/cases?q=${encodeURIComponent('物流受阻')}`, townA))).toEqual([a.id]);
      expect(ids(await get(`/api/cases?q=${encodeURIComponent('物流受阻')}`, townB))).toEqual([]);

      const first = await get('/api/cases?limit=1', townA);
      expect(first.json().items).toHaveLength(1);
      const next = await get(`/api/cases?limit=1&cursor=${first.json().nextCursor}`, townA);
      expect(next.json().items).toHaveLength(1);
      expect(next.json().items[0].id).not.toBe(first.json().items[0].id);
      expect((await get('/api/cases?cursor=nonsense', townA)).statusCode).toBe(400);
      expect((await get('/api/cases?view=everything', townA)).statusCode).toBe(400);

      await db
        .update(cases)
        .set({ dueResolutionAt: new Date(Date.now() - 3_600_000) })
        .where(eq(cases.id, b.id));
      const overdue = (await get('/api/cases?view=overdue&limit=200', townA)).json().items;
      expect(overdue.map((i: { id: string }) => i.id)).toContain(b.id);
      expect(overdue.find((i: { id: string }) => i.id === b.id).overdue).toBe(true);
      expect(overdue.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
      expect(overdue.map((i: { id: string }) => i.id)).not.toContain(a.id);

      // Longest overdue first, page by page.
      await db
        .update(cases)
        .set({ dueResolutionAt: new Date(Date.now() - 7_200_000) })
        .where(eq(cases.id, a.id));
      const firstOverdue = await get('/api/cases?view=overdue&limit=1', townA);
      expect(firstOverdue.json().items.map((i: { id: string }) => i.id)).toEqual([a.id]);
      const secondOverdue = await get(
        `/api/cases?view=overdue&limit=1&cursor=${encodeURIComponent(firstOverdue.json().nextCursor)}`,
        townA,
      );
      expect(secondOverdue.json().items.map((i: { id: string }) => i.id)).toEqual([b.id]);

      expect((await get(`/api/cases?areaId=${tree.towns[1].id}`, townA)).statusCode).toBe(404);
      expect(ids(await get(`/api/cases?areaId=${tree.grids[0].id}&limit=200`, townA))).toContain(a.id);
    });

    it('team: cases owned by a member of a team I belong to; all: everything visible', async () => {
      const db = database().db;
      const team = await createTeam(db, tree.towns[0]);
      const mate = await signInWith(app, db, { role: 'liaison', scopePath: tree.towns[0].path });
      const me = await signInWith(app, db, { role: 'liaison', scopePath: tree.towns[0].path });
      for (const s of [mate, me]) {
        const person = await createStaff(db, tree.towns[0], { userId: s.user.id });
        await addTeamMember(db, team.id, person.id);
      }
      const c = await fileAsLonely({ title: '队友负责的事项' });
      await act(mate, c, 'accept');
      const ids = (r: { json: () => { items: { id: string }[] } }) => r.json().items.map((i) => i.id);
      expect(ids(await get('/api/cases?view=team&limit=200', me))).toContain(c.id);
      expect(ids(await get('/api/cases?view=team&limit=200', owner))).not.toContain(c.id);
      expect(ids(await get('/api/cases?view=all&limit=200', townA))).toContain(c.id);
      expect(ids(await get('/api/cases?view=all&limit=200', townB))).not.toContain(c.id);
    });

    it('similar: the same subject and category, and titles sharing Chinese bigrams, plus guides', async () => {
      const c = await fileAsLonely({ title: '熔喷布原料短缺急需协调' });
      const bySubject = await get(
        `/api/cases/similar?subjectOrgId=${lonely.id}&typeCode=enterprise_problem&category=finance_tax`,
        townA,
      );
      expect(bySubject.statusCode).toBe(200);
      expect(bySubject.json().cases.map((x: { id: string }) => x.id)).toContain(c.id);
      const byText = await get(`/api/cases/similar?text=${encodeURIComponent('熔喷布短缺')}`, townA);
      expect(byText.json().cases.map((x: { id: string }) => x.id)).toContain(c.id);
      const unrelated = await get(`/api/cases/similar?text=${encodeURIComponent('居民楼道照明')}`, townA);
      expect(unrelated.json().cases.map((x: { id: string }) => x.id)).not.toContain(c.id);
      expect(
        (await get(`/api/cases/similar?text=${encodeURIComponent('熔喷布短缺')}`, otherEnt)).json().cases,
      ).toEqual([]);
    });
  });
});
