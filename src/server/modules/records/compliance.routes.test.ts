import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
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
import { createOrg } from '../../testing/orgs.factories.ts';
import { createPerson } from '../../testing/people.factories.ts';
import { createGridWorker, createLiaison, createStaff } from '../../testing/staff.factories.ts';
import {
  createPlace,
  createScreeningRow,
  ensureComplianceForms,
  insertRecord,
} from '../../testing/compliance.factories.ts';

const DAY = '2020-02-10';
const BEFORE = '2020-02-09';

interface Missing {
  subject: { kind: string; id: string; name: string };
  areaName: string | null;
  areaPath: string;
  reportedCount: number;
  perDay: number;
  lastReportedDay: string | null;
  remindedAt: string | null;
}

describeEachDatabase('Compliance: who has not reported, reminders, rates', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let townA: Session;
  let communityA: Session;
  let liaisonRole: Session;
  // Subjects (A = first town, B = second).
  const ids: Record<string, string> = {};
  let enterpriseUser: { username: string; password: string };
  let liaisonUser: { username: string; password: string };
  let gridWorkerUser: { username: string; password: string };
  let communityBWorker: { username: string; password: string };

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await ensureComplianceForms(db);
    admin = await signInAs(app, db, 'admin', null);
    townA = await signInAs(app, db, 'town_staff', tree.towns[0].path);
    communityA = await signInAs(app, db, 'community_worker', tree.communities[0].path);
    liaisonRole = await signInAs(app, db, 'liaison', tree.city.path);

    // Enterprises: resumed and reported, resumed and silent, operating (not expected), resuming later, and one in town B.
    const resumedReported = await createOrg(db, tree.grids[0], {
      name: '甲已报企业',
      status: 'resumed',
      statusSince: '2020-02-05',
    });
    const resumedSilent = await createOrg(db, tree.grids[0], {
      name: '甲未报企业',
      status: 'resumed',
      statusSince: '2020-02-05',
    });
    const operating = await createOrg(db, tree.grids[0], { name: '甲停工企业', status: 'operating' });
    const later = await createOrg(db, tree.grids[0], {
      name: '甲待复工企业',
      status: 'resumed',
      statusSince: '2020-02-20',
    });
    const townBSilent = await createOrg(db, tree.grids[1], { name: '乙未报企业', status: 'resumed' });
    Object.assign(ids, {
      resumedReported: resumedReported.id,
      resumedSilent: resumedSilent.id,
      operating: operating.id,
      later: later.id,
      townBSilent: townBSilent.id,
    });
    await insertRecord(db, {
      formKey: 'enterprise_daily',
      day: DAY,
      subjectKind: 'org',
      subjectId: resumedReported.id,
      areaPath: resumedReported.areaPath,
    });
    await insertRecord(db, {
      formKey: 'enterprise_daily',
      day: BEFORE,
      subjectKind: 'org',
      subjectId: resumedSilent.id,
      areaPath: resumedSilent.areaPath,
    });
    // A corrected-away revision does not count as a report.
    await insertRecord(db, {
      formKey: 'enterprise_daily',
      day: DAY,
      subjectKind: 'org',
      subjectId: resumedSilent.id,
      areaPath: resumedSilent.areaPath,
      current: false,
    });

    // The enterprise's own user and its primary liaison hear reminders about it.
    const eu = await createUser(db, { role: 'enterprise_user', orgId: resumedSilent.id });
    enterpriseUser = eu;
    const lu = await createUser(db, { role: 'liaison', scopePath: tree.city.path });
    liaisonUser = lu;
    const liaisonStaff = await createStaff(db, tree.towns[0], { userId: lu.id });
    await createLiaison(db, resumedSilent, liaisonStaff.id);

    // Residents: screened and reported, screened and silent, not screened, screening ended, one in town B.
    const screenedReported = await createPerson(db, tree.grids[0], { name: '甲已报居民' });
    const screenedSilent = await createPerson(db, tree.grids[0], { name: '甲未报居民' });
    const notScreened = await createPerson(db, tree.grids[0], { name: '甲未排摸居民' });
    const ended = await createPerson(db, tree.grids[0], { name: '甲已解除居民' });
    const townBPerson = await createPerson(db, tree.grids[1], { name: '乙未报居民' });
    Object.assign(ids, {
      screenedReported: screenedReported.id,
      screenedSilent: screenedSilent.id,
      notScreened: notScreened.id,
      ended: ended.id,
      townBPerson: townBPerson.id,
    });
    await createScreeningRow(db, screenedReported, '2020-02-01');
    await createScreeningRow(db, screenedSilent, '2020-02-01', '2020-02-14');
    await createScreeningRow(db, ended, '2020-02-01', '2020-02-09');
    await createScreeningRow(db, townBPerson, '2020-02-08');
    await insertRecord(db, {
      formKey: 'resident_screening',
      day: DAY,
      subjectKind: 'person',
      subjectId: screenedReported.id,
      areaPath: screenedReported.areaPath,
    });

    // Grid A has a worker with a login; community B has none, so its community worker hears instead.
    const gw = await createUser(db, { role: 'community_worker', scopePath: tree.communities[0].path });
    gridWorkerUser = gw;
    const gridStaff = await createStaff(db, tree.grids[0], { userId: gw.id });
    await createGridWorker(db, tree.grids[0], gridStaff.id);
    communityBWorker = await createUser(db, {
      role: 'community_worker',
      scopePath: tree.communities[1].path,
    });

    // Checkpoints: tree.place (grid A) logged one of two shifts; one in grid B logged both; an inactive one is not expected.
    const checkpointB = await createPlace(db, tree.grids[1], 'checkpoint', '乙村卡点');
    await createPlace(db, tree.grids[1], 'checkpoint', '已撤卡点', false);
    ids.checkpointA = tree.place.id;
    ids.checkpointB = checkpointB.id;
    await insertRecord(db, {
      formKey: 'checkpoint_pass',
      day: DAY,
      subjectKind: 'place',
      subjectId: tree.place.id,
      areaPath: tree.place.path,
    });
    for (let i = 0; i < 2; i++) {
      await insertRecord(db, {
        formKey: 'checkpoint_pass',
        day: DAY,
        subjectKind: 'place',
        subjectId: checkpointB.id,
        areaPath: checkpointB.path,
      });
    }
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (url: string, payload: object, s?: Session) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });
  const missing = async (query: string, s: Session = admin): Promise<Missing[]> => {
    const res = await get(`/api/compliance/missing?${query}`, s);
    expect(res.statusCode).toBe(200);
    return res.json().items as Missing[];
  };
  const names = (items: Missing[]) => items.map((i) => i.subject.name).sort();

  describe('GET /api/compliance', () => {
    it('401 signed out, 403 without records:supervise, 400 on a bad day, 404 for an area out of scope', async () => {
      expect((await get(`/api/compliance?day=${DAY}`)).statusCode).toBe(401);
      expect((await get(`/api/compliance?day=${DAY}`, liaisonRole)).statusCode).toBe(403);
      const bad = await get('/api/compliance?day=2020-02-30', admin);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('day');
      expect((await get(`/api/compliance?day=${DAY}&areaId=${tree.towns[1].id}`, townA)).statusCode).toBe(
        404,
      );
    });

    it('counts expected and reported subjects per form, per town of the city', async () => {
      const res = await get(`/api/compliance?day=${DAY}&areaId=${tree.city.id}`, admin);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.area).toMatchObject({ id: tree.city.id });
      const form = (key: string) => body.forms.find((f: { formKey: string }) => f.formKey === key);
      expect(form('door_visit')).toBeUndefined();

      const enterprise = form('enterprise_daily');
      expect(enterprise).toMatchObject({ expected: 3, reported: 1, partly: 0, rate: 0.3333, perDay: 1 });
      expect(enterprise.areas).toEqual([
        expect.objectContaining({ areaId: tree.towns[0].id, expected: 2, reported: 1, rate: 0.5 }),
        expect.objectContaining({ areaId: tree.towns[1].id, expected: 1, reported: 0, rate: 0 }),
      ]);

      const screening = form('resident_screening');
      expect(screening).toMatchObject({ expected: 3, reported: 1 });

      const checkpoints = form('checkpoint_pass');
      expect(checkpoints).toMatchObject({ expected: 2, reported: 1, partly: 1, perDay: 2 });
      expect(checkpoints.areas).toEqual([
        expect.objectContaining({ areaId: tree.towns[0].id, expected: 1, reported: 0, partly: 1 }),
        expect.objectContaining({ areaId: tree.towns[1].id, expected: 1, reported: 1, partly: 0 }),
      ]);
      expect(form('venue_disinfection')).toMatchObject({ expected: 0, reported: 0, rate: null, areas: [] });
    });

    it('without a day, opens on the latest day anyone reported when nothing is reported today', async () => {
      const res = await get(`/api/compliance?areaId=${tree.city.id}`, admin);
      expect(res.statusCode).toBe(200);
      // The fixtures report in February 2020 only: the board opens there, not on an empty today.
      expect(res.json().day).toMatch(/^2020-0[1-3]-\d\d$/);
      expect(res.json().forms.some((f: { reported: number }) => f.reported > 0)).toBe(true);
    });

    it('a community worker’s board covers their community only, split by grid', async () => {
      const res = await get(`/api/compliance?day=${DAY}`, communityA);
      expect(res.statusCode).toBe(200);
      const screening = res.json().forms.find((f: { formKey: string }) => f.formKey === 'resident_screening');
      expect(screening).toMatchObject({ expected: 2, reported: 1 });
      expect(screening.areas).toEqual([
        expect.objectContaining({ areaId: tree.grids[0].id, areaName: tree.grids[0].name, expected: 2 }),
      ]);
    });
  });

  describe('GET /api/compliance/missing', () => {
    it('401, 403, 400 naming the field, 404 out of scope', async () => {
      const url = `/api/compliance/missing?formKey=enterprise_daily&day=${DAY}`;
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, liaisonRole)).statusCode).toBe(403);
      const noForm = await get(`/api/compliance/missing?day=${DAY}`, admin);
      expect(noForm.statusCode).toBe(400);
      expect(noForm.json().error.details[0].field).toBe('formKey');
      const noExpectation = await get(`/api/compliance/missing?formKey=door_visit&day=${DAY}`, admin);
      expect(noExpectation.statusCode).toBe(400);
      expect(noExpectation.json().error.details[0].field).toBe('formKey');
      const badCursor = await get(`${url}&cursor=nonsense`, admin);
      expect(badCursor.statusCode).toBe(400);
      expect(badCursor.json().error.details[0].field).toBe('cursor');
      expect((await get(`${url}&areaId=${tree.communities[1].id}`, communityA)).statusCode).toBe(404);
    });

    it('an enterprise that resumed and reported is not missing; one that resumed and did not is', async () => {
      const items = await missing(`formKey=enterprise_daily&day=${DAY}&areaId=${tree.towns[0].id}`);
      expect(names(items)).toEqual(['甲未报企业']);
      expect(items[0]).toMatchObject({
        subject: { kind: 'org', id: ids.resumedSilent },
        areaName: tree.grids[0].name,
        lastReportedDay: BEFORE,
        reportedCount: 0,
      });
    });

    it('a person under screening without a record is missing, with one is not', async () => {
      const items = await missing(`formKey=resident_screening&day=${DAY}&areaId=${tree.city.id}`);
      expect(names(items)).toEqual(['乙未报居民', '甲未报居民'].sort());
      expect(items.find((i) => i.subject.id === ids.screenedSilent)).toMatchObject({
        subject: { kind: 'person' },
        lastReportedDay: null,
      });
      // Coverage follows the screening periods: town B's began on the 8th, two ended on the 9th and 14th.
      expect(names(await missing('formKey=resident_screening&day=2020-02-07'))).toEqual(
        ['甲未报居民', '甲已报居民', '甲已解除居民'].sort(),
      );
      expect(names(await missing('formKey=resident_screening&day=2020-02-15'))).toEqual(
        ['乙未报居民', '甲已报居民'].sort(),
      );
    });

    it('a checkpoint with one of two shifts is on the list as partly reported', async () => {
      const items = await missing(`formKey=checkpoint_pass&day=${DAY}`);
      expect(items).toEqual([
        expect.objectContaining({
          subject: { kind: 'place', id: ids.checkpointA, name: tree.place.name },
          areaName: tree.grids[0].name,
          reportedCount: 1,
          perDay: 2,
        }),
      ]);
    });

    it('a community worker sees only their community’s subjects; q filters by name', async () => {
      expect(names(await missing(`formKey=resident_screening&day=${DAY}`, communityA))).toEqual([
        '甲未报居民',
      ]);
      expect(names(await missing(`formKey=enterprise_daily&day=${DAY}`, communityA))).toEqual(['甲未报企业']);
      expect(
        names(await missing(`formKey=resident_screening&day=${DAY}&q=${encodeURIComponent('乙')}`)),
      ).toEqual(['乙未报居民']);
    });

    it('pages by area then subject with a cursor, every subject once', async () => {
      const db = database().db;
      const community = await createPlace(db, tree.grids[0], 'residential_compound', '分页小区');
      for (let i = 0; i < 5; i++) {
        const p = await createPerson(db, community, { name: `分页居民${i}` });
        await createScreeningRow(db, p, '2020-03-01');
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(
          `/api/compliance/missing?formKey=resident_screening&day=2020-03-02&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          admin,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json() as { items: Missing[]; nextCursor: string | null };
        seen.push(...body.items.map((i) => i.subject.name));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      // The screened-from-February residents still covered on 2 March: the open-ended ones.
      expect(seen.filter((n) => n.startsWith('分页')).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `分页居民${i}`),
      );
      expect(new Set(seen).size).toBe(seen.length);
      expect(pages).toBeGreaterThanOrEqual(3);
    });
  });

  describe('POST /api/compliance/reminders', () => {
    const inbox = async (user: { username: string; password: string }) => {
      const s = await signIn(app, user);
      const res = await get('/api/notifications', s);
      expect(res.statusCode).toBe(200);
      return (res.json().items as { kind: string; title: string; body: string }[]).filter(
        (n) => n.kind === 'record_reminder',
      );
    };

    it('401, 403, 400 naming the field, 404 for an area out of scope', async () => {
      const body = { formKey: 'enterprise_daily', day: DAY, subjectIds: [ids.resumedSilent] };
      expect((await post('/api/compliance/reminders', body)).statusCode).toBe(401);
      expect((await post('/api/compliance/reminders', body, liaisonRole)).statusCode).toBe(403);
      const neither = await post(
        '/api/compliance/reminders',
        { formKey: 'enterprise_daily', day: DAY },
        admin,
      );
      expect(neither.statusCode).toBe(400);
      expect(neither.json().error.details[0].field).toBe('subjectIds');
      const future = await post('/api/compliance/reminders', { ...body, day: '2999-01-01' }, admin);
      expect(future.statusCode).toBe(400);
      expect(future.json().error.details[0].field).toBe('day');
      const badId = await post('/api/compliance/reminders', { ...body, subjectIds: ['x'] }, admin);
      expect(badId.statusCode).toBe(400);
      expect(badId.json().error.details[0].field).toContain('subjectIds');
      const out = await post(
        '/api/compliance/reminders',
        { formKey: 'enterprise_daily', day: DAY, areaId: tree.towns[1].id },
        communityA,
      );
      expect(out.statusCode).toBe(404);
    });

    it('reminds an enterprise once: its user and its liaison get it, a second click says already sent', async () => {
      const body = {
        formKey: 'enterprise_daily',
        day: DAY,
        subjectIds: [ids.resumedSilent, ids.resumedReported],
      };
      const first = await post('/api/compliance/reminders', body, townA);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ sent: 1, alreadySent: 0, skipped: 1, notifiedUsers: 2 });
      const second = await post('/api/compliance/reminders', body, townA);
      expect(second.json()).toMatchObject({ sent: 0, alreadySent: 1, notifiedUsers: 0 });

      for (const user of [enterpriseUser, liaisonUser]) {
        const messages = await inbox(user);
        expect(messages).toHaveLength(1);
        expect(messages[0]?.body).toContain('甲未报企业');
      }
      const [row] = await missing(`formKey=enterprise_daily&day=${DAY}&areaId=${tree.towns[0].id}`);
      expect(row?.remindedAt).not.toBeNull();

      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(
          and(eq(auditLog.action, 'record_reminder.send'), eq(auditLog.entityId, `enterprise_daily:${DAY}`)),
        );
      expect(audits).toHaveLength(2);
    });

    it('reminds a community’s residents: the grid worker hears; where no grid worker, the community worker', async () => {
      const res = await post(
        '/api/compliance/reminders',
        { formKey: 'resident_screening', day: DAY, areaId: tree.city.id },
        admin,
      );
      expect(res.json()).toMatchObject({ sent: 2, alreadySent: 0, notifiedUsers: 2 });
      const grid = await inbox(gridWorkerUser);
      expect(grid).toHaveLength(1);
      expect(grid[0]?.body).toContain('甲未报居民');
      expect(grid[0]?.body).not.toContain('乙未报居民');
      const fallback = await inbox(communityBWorker);
      expect(fallback).toHaveLength(1);
      expect(fallback[0]?.body).toContain('乙未报居民');
    });
  });

  describe('GET /api/compliance/rates', () => {
    it('401, 403, 400 naming the field', async () => {
      const url = `/api/compliance/rates?formKey=enterprise_daily&from=${BEFORE}&to=${DAY}`;
      expect((await get(url)).statusCode).toBe(401);
      expect((await get(url, liaisonRole)).statusCode).toBe(403);
      const backwards = await get(
        `/api/compliance/rates?formKey=enterprise_daily&from=${DAY}&to=${BEFORE}`,
        admin,
      );
      expect(backwards.statusCode).toBe(400);
      expect(backwards.json().error.details[0].field).toBe('from');
      const long = await get(
        '/api/compliance/rates?formKey=enterprise_daily&from=2020-01-01&to=2020-03-31',
        admin,
      );
      expect(long.statusCode).toBe(400);
      expect(long.json().error.details[0].field).toBe('to');
      const missingTo = await get('/api/compliance/rates?formKey=enterprise_daily&from=2020-01-01', admin);
      expect(missingTo.statusCode).toBe(400);
      expect(missingTo.json().error.details[0].field).toBe('to');
    });

    it('gives the rate per day and per child area', async () => {
      const res = await get(
        `/api/compliance/rates?formKey=enterprise_daily&areaId=${tree.city.id}&from=${BEFORE}&to=${DAY}`,
        admin,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      const point = (day: string, areaId: string) =>
        body.items.find((i: { day: string; areaId: string }) => i.day === day && i.areaId === areaId);
      expect(point(BEFORE, tree.towns[0].id)).toMatchObject({ expected: 2, reported: 1, rate: 0.5 });
      expect(point(DAY, tree.towns[0].id)).toMatchObject({ expected: 2, reported: 1, rate: 0.5 });
      expect(point(DAY, tree.towns[1].id)).toMatchObject({ expected: 1, reported: 0, rate: 0 });
      expect(body.totals).toEqual([
        expect.objectContaining({ day: BEFORE, expected: 3, reported: 1 }),
        expect.objectContaining({ day: DAY, expected: 3, reported: 1 }),
      ]);
      // Checkpoints: one of two shifts is partly, not reported.
      const cp = await get(`/api/compliance/rates?formKey=checkpoint_pass&from=${DAY}&to=${DAY}`, townA);
      expect(cp.json().items).toEqual([
        expect.objectContaining({
          areaId: tree.communities[0].id,
          expected: 1,
          reported: 0,
          partly: 1,
          rate: 0,
        }),
      ]);
    });
  });
});
