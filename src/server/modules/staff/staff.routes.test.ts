import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  createUser,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { addTeamMember, createDepartment, createStaff, createTeam } from '../../testing/staff.factories.ts';

describeEachDatabase('staff routes: departments, staff, teams, members', (database) => {
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
    reader = await signInAs(app, database().db, 'liaison', tree.towns[0].path);
    outsider = await signInAs(app, database().db, 'enterprise_user', tree.towns[0].path);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });

  describe('departments', () => {
    it('401 anonymous, 403 without staff:read', async () => {
      expect((await get('/api/departments')).statusCode).toBe(401);
      expect((await get('/api/departments', outsider)).statusCode).toBe(403);
    });

    it('creates, lists (including the city bureau for a town worker) and updates', async () => {
      const code = `bureau_${Date.now()}`;
      const created = await send('POST', '/api/departments', admin, {
        code,
        name: '市经信局',
        areaId: tree.city.id,
      });
      expect(created.statusCode).toBe(201);
      const dept = created.json();
      expect(dept.areaPath).toBe(tree.city.path);

      const list = await get('/api/departments', townA);
      expect(list.statusCode).toBe(200);
      const seen = list.json().items.find((d: { id: string }) => d.id === dept.id);
      expect(seen).toBeDefined();
      // visible to the town, but managed at city level
      expect(seen.can.update).toBe(false);

      expect(dept.version).toBe(1);
      const patched = await send('PATCH', `/api/departments/${dept.id}`, admin, {
        version: 1,
        shortName: '经信',
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ shortName: '经信', version: 2 });

      const again = await send('POST', '/api/departments', admin, {
        code,
        name: '重复',
        areaId: tree.city.id,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details[0].field).toBe('code');
    });

    it('403 for a reader creating, 400 naming the field, 404 out of scope', async () => {
      expect(
        (
          await send('POST', '/api/departments', reader, {
            code: 'xx_yy',
            name: 'x',
            areaId: tree.towns[0].id,
          })
        ).statusCode,
      ).toBe(403);
      const bad = await send('POST', '/api/departments', admin, {
        code: 'Bad Code',
        name: 'x',
        areaId: tree.city.id,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('code');
      const other = await createDepartment(database().db, tree.towns[1]);
      const res = await send('PATCH', `/api/departments/${other.id}`, townA, { version: 1, name: '改名' });
      expect(res.statusCode).toBe(404);
      const missing = await send('PATCH', `/api/departments/${crypto.randomUUID()}`, admin, {
        version: 1,
        name: '改名',
      });
      expect(missing.statusCode).toBe(404);
    });

    it('updates with the version: stale is 409 naming version, no version is 400, audited once', async () => {
      const dept = await createDepartment(database().db, tree.towns[0], '版本部门');
      const url = `/api/departments/${dept.id}`;
      const noVersion = await send('PATCH', url, townA, { name: '无版本' });
      expect(noVersion.statusCode).toBe(400);
      expect(noVersion.json().error.details[0].field).toBe('version');
      const ok = await send('PATCH', url, townA, { version: 1, name: '版本部门一', sortOrder: 3 });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ name: '版本部门一', sortOrder: 3, version: 2 });
      const stale = await send('PATCH', url, townA, { version: 1, name: '过期' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
      const next = await send('PATCH', url, townA, { version: 2, active: false });
      expect(next.statusCode).toBe(200);
      expect(next.json()).toMatchObject({ name: '版本部门一', active: false, version: 3 });
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, dept.id), eq(auditLog.action, 'department.update')));
      expect(audits).toHaveLength(2);
      expect((await get('/api/departments?includeInactive=true', townA)).json().items).toContainEqual(
        expect.objectContaining({ id: dept.id, version: 3 }),
      );
      expect((await send('PATCH', url, reader, { version: 3, name: 'x' })).statusCode).toBe(403);
    });
  });

  describe('staff', () => {
    it('401 and 403', async () => {
      expect((await get('/api/staff')).statusCode).toBe(401);
      expect((await get('/api/staff', outsider)).statusCode).toBe(403);
      const res = await send('POST', '/api/staff', reader, { name: '张三', areaId: tree.towns[0].id });
      expect(res.statusCode).toBe(403);
    });

    it('creates with an encrypted phone, answers masked, finds by exact phone and by name', async () => {
      const res = await send('POST', '/api/staff', townA, {
        name: '李联络',
        phone: '139 1234 5678',
        areaId: tree.communities[0].id,
        title: '联络员',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.phoneMasked).toBe('139****5678');
      expect(JSON.stringify(body)).not.toContain('13912345678');
      expect(body.can).toEqual({ update: true, assign: true, reveal: true });

      const byPhone = await get('/api/staff?q=13912345678', townA);
      expect(byPhone.json().items.map((s: { id: string }) => s.id)).toEqual([body.id]);
      const byFragment = await get('/api/staff?q=5678', townA);
      expect(byFragment.json().items).toEqual([]);
      const byName = await get(`/api/staff?q=${encodeURIComponent('李联')}`, townA);
      expect(byName.json().items.map((s: { id: string }) => s.id)).toContain(body.id);
    });

    it('400 on a bad phone and on an unknown field; 404 for an area out of scope', async () => {
      const bad = await send('POST', '/api/staff', townA, {
        name: '王',
        phone: '12345',
        areaId: tree.towns[0].id,
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('phone');
      const extra = await send('POST', '/api/staff', townA, { name: '王', areaId: tree.towns[0].id, foo: 1 });
      expect(extra.statusCode).toBe(400);
      const outside = await send('POST', '/api/staff', townA, { name: '王', areaId: tree.towns[1].id });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details[0].field).toBe('areaId');
      const hidden = await createStaff(database().db, tree.towns[1]);
      expect((await get(`/api/staff/${hidden.id}`, townA)).statusCode).toBe(404);
      expect(
        (await send('PATCH', `/api/staff/${hidden.id}`, townA, { version: 1, name: 'x' })).statusCode,
      ).toBe(404);
    });

    it('pages by name with a cursor and filters by department, team and active', async () => {
      const dept = await createDepartment(database().db, tree.towns[0]);
      const team = await createTeam(database().db, tree.towns[0]);
      const names = ['页甲', '页乙', '页丙'];
      const made = [];
      for (const name of names)
        made.push(await createStaff(database().db, tree.towns[0], { name, departmentId: dept.id }));
      await addTeamMember(database().db, team.id, made[0]!.id);
      await createStaff(database().db, tree.towns[0], { name: '页丁', departmentId: dept.id, active: false });

      const first = await get(`/api/staff?departmentId=${dept.id}&active=true&limit=2`, townA);
      expect(first.json().items).toHaveLength(2);
      expect(first.json().nextCursor).not.toBeNull();
      const second = await get(
        `/api/staff?departmentId=${dept.id}&active=true&limit=2&cursor=${first.json().nextCursor}`,
        townA,
      );
      expect(second.json().items).toHaveLength(1);
      expect(second.json().nextCursor).toBeNull();
      const all = [...first.json().items, ...second.json().items].map((s: { name: string }) => s.name);
      expect(new Set(all)).toEqual(new Set(names));
      expect(all[0]! <= all[1]! && all[1]! <= all[2]!).toBe(true);

      const inTeam = await get(`/api/staff?teamId=${team.id}`, townA);
      expect(inTeam.json().items.map((s: { id: string }) => s.id)).toEqual([made[0]!.id]);
      expect((await get('/api/staff?cursor=nonsense', townA)).statusCode).toBe(400);
    });

    it('exports masked phones as CSV and xlsx', async () => {
      await createStaff(database().db, tree.towns[0], { name: '导出人员', phone: '13800001111' });
      const csv = await get(`/api/staff/export?format=csv&q=${encodeURIComponent('导出人员')}`, townA);
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body).toContain('138****1111');
      expect(csv.body).not.toContain('13800001111');
      const xlsx = await get('/api/staff/export', townA);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      expect((await get('/api/staff/export', outsider)).statusCode).toBe(403);
    });

    it('updates with the version; a stale one is 409 naming version; a linked login is unique', async () => {
      const person = await createStaff(database().db, tree.towns[0], { name: '版本测试' });
      const ok = await send('PATCH', `/api/staff/${person.id}`, townA, { version: 1, title: '组长' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().version).toBe(2);
      const stale = await send('PATCH', `/api/staff/${person.id}`, townA, { version: 1, title: '副组长' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');

      const user = await createUser(database().db, { role: 'liaison', scopePath: tree.towns[0].path });
      const linked = await send('PATCH', `/api/staff/${person.id}`, townA, { version: 2, userId: user.id });
      expect(linked.statusCode).toBe(200);
      const other = await createStaff(database().db, tree.towns[0]);
      const taken = await send('PATCH', `/api/staff/${other.id}`, townA, { version: 1, userId: user.id });
      expect(taken.statusCode).toBe(409);
      expect(taken.json().error.details[0].field).toBe('userId');
    });
  });

  describe('logins to link', () => {
    const logins = async (s: Session | undefined, query: string) => {
      const res = await get(`/api/staff/logins?${query}`, s);
      return {
        status: res.statusCode,
        ids: res.statusCode === 200 ? res.json().items.map((u: { id: string }) => u.id) : [],
      };
    };

    it('401 anonymous, 403 without staff:manage, 400 naming the field', async () => {
      expect((await logins(undefined, 'q=u_')).status).toBe(401);
      expect((await logins(reader, 'q=u_')).status).toBe(403);
      const bad = await get('/api/staff/logins?limit=0', admin);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('limit');
      const long = await get(`/api/staff/logins?q=${'x'.repeat(51)}`, admin);
      expect(long.statusCode).toBe(400);
      expect(long.json().error.details[0].field).toBe('q');
    });

    it('finds logins by username or display name, in scope, not linked to another staff member', async () => {
      const db = database().db;
      const inTown = await createUser(db, { role: 'liaison', scopePath: tree.grids[0].path });
      const elsewhere = await createUser(db, { role: 'liaison', scopePath: tree.towns[1].path });
      const inactive = await createUser(db, {
        role: 'liaison',
        scopePath: tree.towns[0].path,
        active: false,
      });
      const linked = await createUser(db, { role: 'liaison', scopePath: tree.towns[0].path });
      const holder = await createStaff(db, tree.towns[0], { userId: linked.id });

      const byName = await get(
        `/api/staff/logins?q=${encodeURIComponent(inTown.username.toUpperCase())}`,
        townA,
      );
      expect(byName.statusCode).toBe(200);
      expect(byName.json().items).toEqual([
        {
          id: inTown.id,
          username: inTown.username,
          displayName: `测试用户 ${inTown.username}`,
          role: 'liaison',
        },
      ]);
      const byDisplayName = await logins(townA, `q=${encodeURIComponent(`用户 ${inTown.username}`)}`);
      expect(byDisplayName.ids).toEqual([inTown.id]);

      expect((await logins(townA, `q=${elsewhere.username}`)).ids).toEqual([]);
      expect((await logins(admin, `q=${elsewhere.username}`)).ids).toEqual([elsewhere.id]);
      expect((await logins(admin, `q=${inactive.username}`)).ids).toEqual([]);
      expect((await logins(townA, `q=${linked.username}`)).ids).toEqual([]);
      expect((await logins(townA, `q=${linked.username}&staffId=${holder.id}`)).ids).toEqual([linked.id]);
      // Out-of-scope logins (the administrator's among them) never show to a town worker.
      const administrator = await createUser(db, { role: 'admin', scopePath: null });
      expect((await logins(townA, `q=${administrator.username}`)).ids).toEqual([]);
      const all = await logins(townA, 'limit=50');
      expect(all.ids).not.toContain(elsewhere.id);
    });
  });

  describe('phone reveal', () => {
    const revealAudits = (staffId: string) =>
      database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, staffId), eq(auditLog.action, 'staff.reveal')));

    it('gives the clear phone to pii:read in scope and audits every call without the number', async () => {
      const person = await createStaff(database().db, tree.communities[0], { phone: '13655557777' });
      const url = `/api/staff/${person.id}/reveal`;
      const first = await send('POST', url, townA, {});
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ phone: '13655557777' });
      expect((await send('POST', url, townA, {})).statusCode).toBe(200);
      const audits = await revealAudits(person.id);
      expect(audits).toHaveLength(2);
      expect(audits[0]?.areaPath).toBe(tree.communities[0].path);
      expect(JSON.stringify(audits)).not.toContain('13655557777');
      const detail = (await get(`/api/staff/${person.id}`, townA)).json();
      expect(detail.can.reveal).toBe(true);
      expect(JSON.stringify(detail)).not.toContain('13655557777');
    });

    it('401 anonymous, 403 without pii:read (can.reveal false), neither audited', async () => {
      const person = await createStaff(database().db, tree.towns[0], { phone: '13655558888' });
      const url = `/api/staff/${person.id}/reveal`;
      expect((await send('POST', url, undefined, {})).statusCode).toBe(401);
      expect((await send('POST', url, reader, {})).statusCode).toBe(403);
      expect((await get(`/api/staff/${person.id}`, reader)).json().can.reveal).toBe(false);
      expect(await revealAudits(person.id)).toHaveLength(0);
    });

    it('404 out of scope and for a missing row, with no audit row; 400 on a bad id', async () => {
      const hidden = await createStaff(database().db, tree.towns[1], { phone: '13655559999' });
      const res = await send('POST', `/api/staff/${hidden.id}/reveal`, townA, {});
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('13655559999');
      expect(await revealAudits(hidden.id)).toHaveLength(0);
      // pii:read in a community does not reach staff filed at the town above it
      const community = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
      const above = await createStaff(database().db, tree.towns[0], { phone: '13655550000' });
      expect((await send('POST', `/api/staff/${above.id}/reveal`, community, {})).statusCode).toBe(404);
      expect(await revealAudits(above.id)).toHaveLength(0);
      expect((await send('POST', `/api/staff/${crypto.randomUUID()}/reveal`, townA, {})).statusCode).toBe(
        404,
      );
      expect((await send('POST', '/api/staff/not-a-uuid/reveal', townA, {})).statusCode).toBe(400);
    });

    it('a staff member without a phone: can.reveal false, reveal answers null and is still audited', async () => {
      const person = await createStaff(database().db, tree.towns[0]);
      expect((await get(`/api/staff/${person.id}`, townA)).json().can.reveal).toBe(false);
      const res = await send('POST', `/api/staff/${person.id}/reveal`, townA, {});
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ phone: null });
      expect(await revealAudits(person.id)).toHaveLength(1);
    });
  });

  describe('teams and members', () => {
    it('401/403 and 404 out of scope', async () => {
      expect((await get('/api/teams')).statusCode).toBe(401);
      expect((await get('/api/teams', outsider)).statusCode).toBe(403);
      const hidden = await createTeam(database().db, tree.towns[1]);
      expect((await get(`/api/teams/${hidden.id}`, townA)).statusCode).toBe(404);
      expect(
        (await send('PATCH', `/api/teams/${hidden.id}`, townA, { version: 1, name: 'x' })).statusCode,
      ).toBe(404);
      const res = await send('POST', '/api/teams', reader, {
        kind: 'supervision',
        name: '督导组',
        areaId: tree.towns[0].id,
      });
      expect(res.statusCode).toBe(403);
    });

    it('builds the 友邻 network centre → station → point and refuses a wrong parent', async () => {
      const centre = await send('POST', '/api/teams', townA, {
        kind: 'neighbour_centre',
        name: '友邻中心',
        areaId: tree.towns[0].id,
      });
      expect(centre.statusCode).toBe(201);
      const station = await send('POST', '/api/teams', townA, {
        kind: 'neighbour_station',
        name: '友邻站',
        parentTeamId: centre.json().id,
        areaId: tree.communities[0].id,
      });
      expect(station.statusCode).toBe(201);
      const wrong = await send('POST', '/api/teams', townA, {
        kind: 'neighbour_point',
        name: '友邻点',
        parentTeamId: centre.json().id,
        areaId: tree.grids[0].id,
      });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.details[0].field).toBe('parentTeamId');
      const point = await send('POST', '/api/teams', townA, {
        kind: 'neighbour_point',
        name: '友邻点',
        parentTeamId: station.json().id,
        areaId: tree.grids[0].id,
      });
      expect(point.statusCode).toBe(201);

      const detail = await get(`/api/teams/${station.json().id}`, townA);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().parent.id).toBe(centre.json().id);
      expect(detail.json().children.map((c: { id: string }) => c.id)).toEqual([point.json().id]);

      const list = await get('/api/teams?kind=neighbour_point', townA);
      expect(list.json().items.map((t: { id: string }) => t.id)).toContain(point.json().id);
      expect(list.json().items.every((t: { kind: string }) => t.kind === 'neighbour_point')).toBe(true);

      expect(point.json().version).toBe(1);
      const renamed = await send('PATCH', `/api/teams/${point.json().id}`, townA, {
        version: 1,
        name: '友邻点一',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: '友邻点一', version: 2 });
    });

    it('updates a team with the version: stale is 409 naming version, 400 without it, 403 for a reader', async () => {
      const team = await createTeam(database().db, tree.towns[0], { name: '版本队伍' });
      const person = await createStaff(database().db, tree.towns[0]);
      await addTeamMember(database().db, team.id, person.id);
      const dept = await createDepartment(database().db, tree.towns[0]);
      const url = `/api/teams/${team.id}`;
      const noVersion = await send('PATCH', url, townA, { name: '无版本' });
      expect(noVersion.statusCode).toBe(400);
      expect(noVersion.json().error.details[0].field).toBe('version');
      expect((await send('PATCH', url, reader, { version: 1, name: 'x' })).statusCode).toBe(403);
      const ok = await send('PATCH', url, townA, { version: 1, name: '版本队伍一', departmentId: dept.id });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({
        name: '版本队伍一',
        departmentId: dept.id,
        version: 2,
        memberCount: 1,
      });
      const stale = await send('PATCH', url, townA, { version: 1, name: '过期' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
      const badDept = await send('PATCH', url, townA, { version: 2, departmentId: crypto.randomUUID() });
      expect(badDept.statusCode).toBe(400);
      expect(badDept.json().error.details[0].field).toBe('departmentId');
      const detail = await get(url, townA);
      expect(detail.json().team).toMatchObject({ name: '版本队伍一', version: 2 });
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, team.id), eq(auditLog.action, 'team.update')));
      expect(audits).toHaveLength(1);
    });

    it('adds members with roles, refuses duplicates and misplaced roles, ends with history', async () => {
      const team = await createTeam(database().db, tree.towns[0], { kind: 'enterprise_guidance' });
      const person = await createStaff(database().db, tree.towns[0], { phone: '13700001234' });
      const url = `/api/teams/${team.id}/members`;
      const added = await send('POST', url, townA, {
        staffId: person.id,
        role: 'guide',
        startsOn: '2020-02-10',
      });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ role: 'guide', endsOn: null, phoneMasked: '137****1234' });
      const dup = await send('POST', url, townA, {
        staffId: person.id,
        role: 'member',
        startsOn: '2020-02-11',
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.details[0].field).toBe('staffId');
      const envoy = await send('POST', url, townA, {
        staffId: (await createStaff(database().db, tree.towns[0])).id,
        role: 'neighbour_envoy',
        startsOn: '2020-02-11',
      });
      expect(envoy.statusCode).toBe(400);
      expect(envoy.json().error.details[0].field).toBe('role');
      const badRole = await send('POST', url, townA, {
        staffId: person.id,
        role: 'boss',
        startsOn: '2020-02-11',
      });
      expect(badRole.statusCode).toBe(400);
      const hiddenStaff = await createStaff(database().db, tree.towns[1]);
      const hidden = await send('POST', url, townA, {
        staffId: hiddenStaff.id,
        role: 'member',
        startsOn: '2020-02-11',
      });
      expect(hidden.statusCode).toBe(400);
      expect(hidden.json().error.details[0].field).toBe('staffId');
      expect(
        (await send('POST', url, reader, { staffId: person.id, role: 'member', startsOn: '2020-02-11' }))
          .statusCode,
      ).toBe(403);

      const counted = await get('/api/teams?kind=enterprise_guidance', townA);
      expect(counted.json().items.find((x: { id: string }) => x.id === team.id).memberCount).toBe(1);
      expect((await get(`/api/teams/${team.id}`, townA)).json().team.memberCount).toBe(1);

      const memberId = added.json().id;
      const early = await send('POST', `/api/team-members/${memberId}/end`, townA, { endsOn: '2020-01-01' });
      expect(early.statusCode).toBe(400);
      expect(early.json().error.details[0].field).toBe('endsOn');
      const ended = await send('POST', `/api/team-members/${memberId}/end`, townA, { endsOn: '2020-03-01' });
      expect(ended.statusCode).toBe(200);
      expect(ended.json().endsOn).toBe('2020-03-01');
      const twice = await send('POST', `/api/team-members/${memberId}/end`, townA, { endsOn: '2020-03-02' });
      expect(twice.statusCode).toBe(409);
      expect(
        (await send('POST', `/api/team-members/${crypto.randomUUID()}/end`, townA, { endsOn: '2020-03-02' }))
          .statusCode,
      ).toBe(404);

      const active = await get(`/api/teams/${team.id}`, townA);
      expect(active.json().members).toEqual([]);
      const withHistory = await get(`/api/teams/${team.id}?includeEnded=true`, townA);
      expect(withHistory.json().members).toHaveLength(1);
      // may join again after leaving
      const rejoin = await send('POST', url, townA, {
        staffId: person.id,
        role: 'member',
        startsOn: '2020-04-01',
      });
      expect(rejoin.statusCode).toBe(201);
    });

    it('a member out of scope is 404 to end', async () => {
      const team = await createTeam(database().db, tree.towns[1]);
      const person = await createStaff(database().db, tree.towns[1]);
      const member = await addTeamMember(database().db, team.id, person.id);
      const res = await send('POST', `/api/team-members/${member.id}/end`, townA, { endsOn: '2020-03-01' });
      expect(res.statusCode).toBe(404);
    });
  });
});
