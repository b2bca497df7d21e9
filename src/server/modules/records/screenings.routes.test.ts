import { and, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { createPerson } from '../../testing/people.factories.ts';
import { ensureComplianceForms } from '../../testing/compliance.factories.ts';
import type { PersonRow } from '../people/people.repo.ts';

describeEachDatabase('Screenings: who is under daily screening', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let communityA: Session;
  let communityB: Session;
  let liaison: Session;
  let personA: PersonRow;
  let personB: PersonRow;

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    await ensureComplianceForms(db);
    admin = await signInAs(app, db, 'admin', null);
    communityA = await signInAs(app, db, 'community_worker', tree.communities[0].path);
    communityB = await signInAs(app, db, 'community_worker', tree.communities[1].path);
    liaison = await signInAs(app, db, 'liaison', tree.city.path);
    personA = await createPerson(db, tree.grids[0], { name: '排摸甲' });
    personB = await createPerson(db, tree.grids[1], { name: '排摸乙' });
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (url: string, payload: object, s?: Session) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });

  it('401 signed out and 403 without records:supervise on every route', async () => {
    const body = { personId: personA.id, fromDay: '2020-02-01', reason: '返乡' };
    expect((await get('/api/screenings')).statusCode).toBe(401);
    expect((await post('/api/screenings', body)).statusCode).toBe(401);
    expect((await post(`/api/screenings/${personA.id}/end`, { untilDay: '2020-02-02' })).statusCode).toBe(
      401,
    );
    expect((await get('/api/screenings', liaison)).statusCode).toBe(403);
    expect((await post('/api/screenings', body, liaison)).statusCode).toBe(403);
    expect(
      (await post(`/api/screenings/${personA.id}/end`, { untilDay: '2020-02-02' }, liaison)).statusCode,
    ).toBe(403);
  });

  it('400 naming the field for bad input', async () => {
    const field = async (payload: object) => {
      const res = await post('/api/screenings', payload, communityA);
      expect(res.statusCode).toBe(400);
      return res.json().error.details[0].field as string;
    };
    expect(await field({ personId: personA.id, reason: '返乡' })).toBe('fromDay');
    expect(await field({ personId: personA.id, fromDay: '2020-02-31', reason: '返乡' })).toBe('fromDay');
    expect(
      await field({ personId: personA.id, fromDay: '2020-02-10', untilDay: '2020-02-01', reason: '返乡' }),
    ).toBe('untilDay');
    expect(await field({ personId: personA.id, fromDay: '2020-02-10', reason: '' })).toBe('reason');
    expect(await field({ personId: 'nobody', fromDay: '2020-02-10', reason: '返乡' })).toBe('personId');
    const list = await get('/api/screenings?active=perhaps', communityA);
    expect(list.statusCode).toBe(400);
    expect(list.json().error.details[0].field).toBe('active');
    const end = await post(`/api/screenings/${personA.id}/end`, { untilDay: 'soon' }, communityA);
    expect(end.statusCode).toBe(400);
    expect(end.json().error.details[0].field).toBe('untilDay');
  });

  it('puts a person under screening once: an overlapping period is a 409; audited', async () => {
    const created = await post(
      '/api/screenings',
      { personId: personA.id, fromDay: '2020-02-01', untilDay: '2020-02-14', reason: '武汉返乡14天' },
      communityA,
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      person: { id: personA.id, name: '排摸甲' },
      areaName: tree.grids[0].name,
      fromDay: '2020-02-01',
      untilDay: '2020-02-14',
      reason: '武汉返乡14天',
      active: false,
    });
    const overlap = await post(
      '/api/screenings',
      { personId: personA.id, fromDay: '2020-02-14', reason: '居家隔离' },
      communityA,
    );
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error.details[0].field).toBe('fromDay');
    // The day after the period ends is free.
    const after = await post(
      '/api/screenings',
      { personId: personA.id, fromDay: '2020-02-15', untilDay: '2020-02-20', reason: '居家隔离' },
      communityA,
    );
    expect(after.statusCode).toBe(201);
    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'screening.create'), eq(auditLog.entityId, created.json().id)));
    expect(audits).toHaveLength(1);
  });

  it('a person out of scope answers 404 like a missing one', async () => {
    const res = await post(
      '/api/screenings',
      { personId: personB.id, fromDay: '2020-02-01', reason: '返乡' },
      communityA,
    );
    expect(res.statusCode).toBe(404);
    const missing = await post(
      '/api/screenings',
      { personId: crypto.randomUUID(), fromDay: '2020-02-01', reason: '返乡' },
      communityA,
    );
    expect(missing.statusCode).toBe(404);
  });

  it('lists the screenings in scope, active ones on request, by name, with keyset pages', async () => {
    const today = reportingDay(new Date());
    const open = await post(
      '/api/screenings',
      { personId: personB.id, fromDay: today, reason: '返乡' },
      communityB,
    );
    expect(open.statusCode).toBe(201);
    expect(open.json().active).toBe(true);

    const mine = await get('/api/screenings', communityA);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((s: { person: { name: string } }) => s.person.name)).toEqual([
      '排摸甲',
      '排摸甲',
    ]);
    const all = await get('/api/screenings', admin);
    expect(all.json().items).toHaveLength(3);
    expect(all.json().items[0].fromDay).toBe(today);
    const active = await get('/api/screenings?active=true', admin);
    expect(active.json().items.map((s: { id: string }) => s.id)).toEqual([open.json().id]);
    const inactive = await get('/api/screenings?active=false', admin);
    expect(inactive.json().items).toHaveLength(2);
    const byName = await get(`/api/screenings?q=${encodeURIComponent('乙')}`, admin);
    expect(byName.json().items).toHaveLength(1);
    const outside = await get(`/api/screenings?areaId=${tree.communities[1].id}`, communityA);
    expect(outside.statusCode).toBe(404);

    const first = await get('/api/screenings?limit=2', admin);
    expect(first.json().items).toHaveLength(2);
    const second = await get(`/api/screenings?limit=2&cursor=${first.json().nextCursor}`, admin);
    expect(second.json().items).toHaveLength(1);
    expect(second.json().nextCursor).toBeNull();
    const ids = [...first.json().items, ...second.json().items].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('ends a screening: may shorten it, not lengthen it nor end it before it began; 404 out of scope', async () => {
    const created = await post(
      '/api/screenings',
      { personId: personA.id, fromDay: '2020-03-01', reason: '返乡' },
      communityA,
    );
    const id = created.json().id as string;
    expect((await post(`/api/screenings/${id}/end`, { untilDay: '2020-03-05' }, communityB)).statusCode).toBe(
      404,
    );
    expect((await post(`/api/screenings/${crypto.randomUUID()}/end`, {}, communityA)).statusCode).toBe(404);
    const early = await post(`/api/screenings/${id}/end`, { untilDay: '2020-02-28' }, communityA);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details[0].field).toBe('untilDay');

    const ended = await post(`/api/screenings/${id}/end`, { untilDay: '2020-03-10' }, communityA);
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id, untilDay: '2020-03-10', active: false });
    const shorter = await post(`/api/screenings/${id}/end`, { untilDay: '2020-03-08' }, communityA);
    expect(shorter.json().untilDay).toBe('2020-03-08');
    const longer = await post(`/api/screenings/${id}/end`, { untilDay: '2020-03-20' }, communityA);
    expect(longer.statusCode).toBe(409);
    expect(longer.json().error.details[0].field).toBe('untilDay');

    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'screening.end'), eq(auditLog.entityId, id)))
      .orderBy(auditLog.id);
    expect(audits.map((a) => a.after)).toEqual([{ untilDay: '2020-03-10' }, { untilDay: '2020-03-08' }]);
  });
});
