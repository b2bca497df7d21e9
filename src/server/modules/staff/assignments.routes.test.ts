import { and, eq, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  createUser,
  signIn,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import {
  createEnterprise,
  createGridWorker,
  createLiaison,
  createStaff,
  createTeam,
} from '../../testing/staff.factories.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { SYSTEM_ACTOR } from '../../core/audit/audit.ts';
import { assignments } from './staff.tables.ts';
import { assignLiaison, type StaffContext } from './staff.service.ts';

describeEachDatabase('staff routes: assignments', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let townA: Session;
  let reader: Session;
  let outsider: Session;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
    townA = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
    reader = await signInAs(app, database().db, 'supervisor', tree.towns[0].path);
    outsider = await signInAs(app, database().db, 'enterprise_user', tree.towns[0].path);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (url: string, s: Session | undefined, payload: object) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });
  const activeLiaisons = async (orgId: string) =>
    database()
      .db.select()
      .from(assignments)
      .where(and(eq(assignments.orgId, orgId), eq(assignments.kind, 'liaison'), isNull(assignments.endsAt)));

  describe('liaison', () => {
    it('401, 403, 404 out of scope, 400', async () => {
      const org = await createEnterprise(database().db, tree.grids[0]);
      const person = await createStaff(database().db, tree.towns[0]);
      const url = `/api/orgs/${org.id}/liaison`;
      expect((await post(url, undefined, { staffId: person.id })).statusCode).toBe(401);
      expect((await post(url, reader, { staffId: person.id })).statusCode).toBe(403);
      const hiddenOrg = await createEnterprise(database().db, tree.grids[1]);
      const hidden = await post(`/api/orgs/${hiddenOrg.id}/liaison`, townA, { staffId: person.id });
      const missing = await post(`/api/orgs/${crypto.randomUUID()}/liaison`, townA, { staffId: person.id });
      expect(hidden.statusCode).toBe(404);
      expect(hidden.body).toBe(missing.body);
      const noStaff = await post(url, townA, { staffId: crypto.randomUUID() });
      expect(noStaff.statusCode).toBe(400);
      expect(noStaff.json().error.details[0].field).toBe('staffId');
      expect((await post(url, townA, {})).statusCode).toBe(400);
      expect((await get(`/api/orgs/${hiddenOrg.id}/liaisons`, townA)).statusCode).toBe(404);
      expect((await get(`/api/orgs/${org.id}/liaisons`, outsider)).statusCode).toBe(403);
    });

    it('hands over: ends the previous with its reason, keeps history, leaves exactly one active', async () => {
      const org = await createEnterprise(database().db, tree.grids[0]);
      const first = await createStaff(database().db, tree.towns[0], { name: '甲联络员' });
      const second = await createStaff(database().db, tree.towns[0], { name: '乙联络员' });
      const url = `/api/orgs/${org.id}/liaison`;
      const one = await post(url, townA, { staffId: first.id });
      expect(one.statusCode).toBe(200);
      expect(one.json().ended).toBeNull();
      const again = await post(url, townA, { staffId: first.id });
      expect(again.statusCode).toBe(409);
      const two = await post(url, townA, { staffId: second.id, reason: '岗位调整' });
      expect(two.statusCode).toBe(200);
      expect(two.json().ended).toMatchObject({ staffId: first.id, active: false, reason: '岗位调整' });
      expect(two.json().current).toMatchObject({ staffId: second.id, active: true, isPrimary: true });

      const history = await get(`/api/orgs/${org.id}/liaisons`, reader);
      expect(history.statusCode).toBe(200);
      expect(
        history.json().items.map((a: { staffName: string; active: boolean }) => [a.staffName, a.active]),
      ).toEqual([
        ['乙联络员', true],
        ['甲联络员', false],
      ]);
      expect(await activeLiaisons(org.id)).toHaveLength(1);
    });

    it('two concurrent assignments for one enterprise end with exactly one active', async () => {
      const org = await createEnterprise(database().db, tree.grids[0]);
      const a = await createStaff(database().db, tree.towns[0]);
      const b = await createStaff(database().db, tree.towns[0]);
      const user = await createUser(database().db, { role: 'town_staff', scopePath: tree.towns[0].path });
      const ctx: StaffContext = {
        db: database().db,
        actor: {
          id: user.id,
          username: user.username,
          displayName: 'x',
          role: 'town_staff',
          scopePath: tree.towns[0].path,
          department: null,
          orgId: null,
        },
        who: SYSTEM_ACTOR,
        pii: testPiiCipher(),
      };
      const results = await Promise.allSettled([
        assignLiaison(ctx, org.id, { staffId: a.id }),
        assignLiaison(ctx, org.id, { staffId: b.id }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
      const active = await activeLiaisons(org.id);
      expect(active).toHaveLength(1);
      const all = await database().db.select().from(assignments).where(eq(assignments.orgId, org.id));
      expect(all.length).toBe(results.filter((r) => r.status === 'fulfilled').length);
    });
  });

  describe('grid workers and ending', () => {
    it('assigns to a grid only, refuses duplicates, ends with a reason', async () => {
      const person = await createStaff(database().db, tree.towns[0]);
      const url = `/api/areas/${tree.grids[0].id}/workers`;
      expect((await post(url, undefined, { staffId: person.id })).statusCode).toBe(401);
      expect((await post(url, reader, { staffId: person.id })).statusCode).toBe(403);
      expect(
        (await post(`/api/areas/${tree.grids[1].id}/workers`, townA, { staffId: person.id })).statusCode,
      ).toBe(404);
      const notGrid = await post(`/api/areas/${tree.communities[0].id}/workers`, townA, {
        staffId: person.id,
      });
      expect(notGrid.statusCode).toBe(400);
      expect(notGrid.json().error.details[0].field).toBe('areaId');
      const ok = await post(url, townA, { staffId: person.id });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ kind: 'grid_worker', active: true, can: { end: true } });
      const dup = await post(url, townA, { staffId: person.id });
      expect(dup.statusCode).toBe(409);

      const endUrl = `/api/assignments/${ok.json().id}/end`;
      expect((await post(endUrl, reader, {})).statusCode).toBe(403);
      expect((await post(endUrl, townA, { reason: '' })).statusCode).toBe(400);
      const ended = await post(endUrl, townA, { reason: '调离' });
      expect(ended.statusCode).toBe(200);
      expect(ended.json()).toMatchObject({ active: false, reason: '调离' });
      expect((await post(endUrl, townA, {})).statusCode).toBe(409);
      const other = await createGridWorker(
        database().db,
        tree.grids[1],
        (await createStaff(database().db, tree.towns[1])).id,
      );
      expect((await post(`/api/assignments/${other.id}/end`, townA, {})).statusCode).toBe(404);
    });

    it('team coverage of an enterprise or an area', async () => {
      const team = await createTeam(database().db, tree.towns[0]);
      const org = await createEnterprise(database().db, tree.grids[0]);
      const url = `/api/teams/${team.id}/coverage`;
      expect((await post(url, undefined, { orgId: org.id })).statusCode).toBe(401);
      expect((await post(url, reader, { orgId: org.id })).statusCode).toBe(403);
      const both = await post(url, townA, { orgId: org.id, areaId: tree.grids[0].id });
      expect(both.statusCode).toBe(400);
      expect(both.json().error.details[0].field).toBe('orgId');
      const ok = await post(url, townA, { orgId: org.id });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ kind: 'team_coverage', teamId: team.id, orgId: org.id });
      expect((await post(url, townA, { orgId: org.id })).statusCode).toBe(409);
      expect((await post(url, townA, { areaId: tree.grids[0].id })).statusCode).toBe(201);
      const hiddenTeam = await createTeam(database().db, tree.towns[1]);
      expect((await post(`/api/teams/${hiddenTeam.id}/coverage`, townA, { orgId: org.id })).statusCode).toBe(
        404,
      );
      const detail = await get(`/api/teams/${team.id}`, townA);
      expect(detail.json().coverage).toHaveLength(2);
    });
  });

  describe('coverage gaps', () => {
    it('lists above-scale enterprises without a liaison and grids without a worker, in scope, paged', async () => {
      const own = await createAreaTree(database().db);
      const scoped = await signInAs(app, database().db, 'town_staff', own.towns[0].path);
      const bare1 = await createEnterprise(database().db, own.grids[0], { name: '甲无联络企业' });
      const bare2 = await createEnterprise(database().db, own.grids[0], { name: '乙无联络企业' });
      await createEnterprise(database().db, own.grids[0], { aboveScale: false });
      await createEnterprise(database().db, own.grids[0], { status: 'closed' });
      const covered = await createEnterprise(database().db, own.grids[0]);
      await createLiaison(database().db, covered, (await createStaff(database().db, own.towns[0])).id);
      await createEnterprise(database().db, own.grids[1]);

      expect((await get('/api/coverage')).statusCode).toBe(401);
      expect((await get('/api/coverage', outsider)).statusCode).toBe(403);
      expect((await get('/api/coverage?limit=0', scoped)).statusCode).toBe(400);

      const first = await get('/api/coverage?limit=1', scoped);
      expect(first.statusCode).toBe(200);
      const body = first.json();
      expect(body.enterprises.count).toBe(2);
      expect(body.enterprises.items).toHaveLength(1);
      expect(body.grids).toMatchObject({ count: 1, nextCursor: null });
      expect(body.grids.items[0].id).toBe(own.grids[0].id);
      expect(body.grids.items[0].parentName).toBe(own.communities[0].name);
      expect(body.enterprises.items[0].areaName).toBe(own.grids[0].name);
      expect(body.can.assign).toBe(true);
      const second = await get(
        `/api/coverage?limit=1&enterpriseCursor=${body.enterprises.nextCursor}`,
        scoped,
      );
      const ids = [body.enterprises.items[0].id, second.json().enterprises.items[0].id];
      expect(new Set(ids)).toEqual(new Set([bare1.id, bare2.id]));
      expect(second.json().enterprises.nextCursor).toBeNull();

      await createGridWorker(
        database().db,
        own.grids[0],
        (await createStaff(database().db, own.towns[0])).id,
      );
      const after = await get('/api/coverage', scoped);
      expect(after.json().grids.count).toBe(0);
    });
  });

  describe('bulk reassignment', () => {
    it('previews without writing, applies exactly the preview, and refuses a stale preview', async () => {
      const from = await createStaff(database().db, tree.towns[0], { name: '原联络员' });
      const to = await createStaff(database().db, tree.towns[0], { name: '新联络员' });
      const orgsMade = [];
      for (let i = 0; i < 3; i++) {
        const org = await createEnterprise(database().db, tree.grids[0]);
        await createLiaison(database().db, org, from.id);
        orgsMade.push(org);
      }
      const body = { fromStaffId: from.id, toStaffId: to.id, kind: 'liaison' };
      expect((await post('/api/assignments/bulk/preview', undefined, body)).statusCode).toBe(401);
      expect((await post('/api/assignments/bulk/preview', reader, body)).statusCode).toBe(403);
      const self = await post('/api/assignments/bulk/preview', townA, { ...body, toStaffId: from.id });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.details[0].field).toBe('toStaffId');
      const hiddenStaff = await createStaff(database().db, tree.towns[1]);
      const hidden = await post('/api/assignments/bulk/preview', townA, {
        ...body,
        toStaffId: hiddenStaff.id,
      });
      expect(hidden.statusCode).toBe(400);
      expect(hidden.json().error.details[0].field).toBe('toStaffId');
      const wrongIds = await post('/api/assignments/bulk/preview', townA, {
        ...body,
        areaIds: [tree.grids[0].id],
      });
      expect(wrongIds.statusCode).toBe(400);

      const preview = await post('/api/assignments/bulk/preview', townA, body);
      expect(preview.statusCode).toBe(200);
      expect(preview.json().changes).toHaveLength(3);
      expect(preview.json().changes[0]).toMatchObject({
        fromStaffName: '原联络员',
        toStaffName: '新联络员',
        action: 'reassign',
      });
      for (const org of orgsMade) expect((await activeLiaisons(org.id))[0]?.staffId).toBe(from.id);

      // Someone hands one enterprise over by hand in between: the preview no longer holds.
      const stray = await createStaff(database().db, tree.towns[0]);
      expect(
        (await post(`/api/orgs/${orgsMade[0]!.id}/liaison`, townA, { staffId: stray.id })).statusCode,
      ).toBe(200);
      const stale = await post('/api/assignments/bulk/apply', townA, {
        ...body,
        previewToken: preview.json().previewToken,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('previewToken');
      expect((await activeLiaisons(orgsMade[1]!.id))[0]?.staffId).toBe(from.id);

      const fresh = await post('/api/assignments/bulk/preview', townA, {
        ...body,
        orgIds: [orgsMade[1]!.id, orgsMade[2]!.id],
      });
      expect(fresh.json().changes).toHaveLength(2);
      const applied = await post('/api/assignments/bulk/apply', townA, {
        ...body,
        orgIds: [orgsMade[1]!.id, orgsMade[2]!.id],
        previewToken: fresh.json().previewToken,
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json().applied).toBe(2);
      for (const org of orgsMade.slice(1)) {
        const active = await activeLiaisons(org.id);
        expect(active.map((a) => a.staffId)).toEqual([to.id]);
      }
      const missingToken = await post('/api/assignments/bulk/apply', townA, body);
      expect(missingToken.statusCode).toBe(400);
    });

    it('moves grid workers, only ending where the new worker already serves', async () => {
      const from = await createStaff(database().db, tree.towns[0]);
      const to = await createStaff(database().db, tree.towns[0]);
      await createGridWorker(database().db, tree.grids[0], from.id);
      await createGridWorker(database().db, tree.grids[0], to.id);
      const body = { fromStaffId: from.id, toStaffId: to.id, kind: 'grid_worker' };
      const preview = await post('/api/assignments/bulk/preview', townA, body);
      expect(preview.statusCode).toBe(200);
      expect(preview.json().changes.map((c: { action: string }) => c.action)).toEqual(['end_only']);
      const applied = await post('/api/assignments/bulk/apply', admin, {
        ...body,
        previewToken: preview.json().previewToken,
      });
      expect(applied.statusCode).toBe(200);
      const active = await database()
        .db.select()
        .from(assignments)
        .where(
          and(
            eq(assignments.areaId, tree.grids[0].id),
            eq(assignments.kind, 'grid_worker'),
            isNull(assignments.endsAt),
          ),
        );
      expect(active.map((a) => a.staffId)).toEqual([to.id]);
    });
  });

  describe('my enterprises', () => {
    it('lists the liaison’s enterprises with masked phones; empty without a staff row', async () => {
      expect((await get('/api/me/enterprises')).statusCode).toBe(401);
      const user = await createUser(database().db, { role: 'liaison', scopePath: tree.towns[0].path });
      const me = await signIn(app, user);
      const none = await get('/api/me/enterprises', me);
      expect(none.statusCode).toBe(200);
      expect(none.json()).toEqual({ staffId: null, items: [] });

      const person = await createStaff(database().db, tree.towns[0], { userId: user.id });
      const mine = await createEnterprise(database().db, tree.grids[0], {
        name: '我的企业',
        contactPhone: '13655556666',
      });
      await createLiaison(database().db, mine, person.id);
      const notMine = await createEnterprise(database().db, tree.grids[0]);
      await createLiaison(database().db, notMine, (await createStaff(database().db, tree.towns[0])).id);

      const res = await get('/api/me/enterprises', me);
      expect(res.statusCode).toBe(200);
      expect(res.json().staffId).toBe(person.id);
      expect(res.json().items).toHaveLength(1);
      expect(res.json().items[0]).toMatchObject({
        id: mine.id,
        name: '我的企业',
        status: 'operating',
        contactPhoneMasked: '136****6666',
        areaName: tree.grids[0].name,
      });
      expect(res.body).not.toContain('13655556666');

      const enterpriseUser = await signInAs(app, database().db, 'enterprise_user', tree.towns[0].path);
      const empty = await get('/api/me/enterprises', enterpriseUser);
      expect(empty.statusCode).toBe(200);
      expect(empty.json().items).toEqual([]);
    });
  });
});
