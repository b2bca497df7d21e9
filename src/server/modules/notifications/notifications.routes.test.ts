import { and, eq } from 'drizzle-orm';
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
import { notify } from './notify.ts';
import { notifications } from './notifications.tables.ts';

interface Item {
  id: number;
  kind: string;
  caseId: string | null;
  title: string;
  readAt: string | null;
}

describeEachDatabase('notifications: the inbox and settings', (database) => {
  let app: App;
  let tree: TestTree;
  let alice: Session & { user: { id: string } };
  let bob: Session & { user: { id: string } };
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    alice = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
    bob = await signInAs(app, database().db, 'enterprise_user', tree.communities[0].path);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const post = (url: string, s?: Session, payload?: object) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });
  const put = (url: string, s: Session | undefined, payload: object) =>
    app.inject({ method: 'PUT', url, headers: s?.headers ?? {}, payload });

  const tell = (userIds: string[], title: string, kind = 'case_assigned', caseId: string | null = null) =>
    notify(database().db, { userIds, kind, title, caseId, body: `${title} 正文` });

  it('401 without a session on every inbox route', async () => {
    expect((await get('/api/notifications')).statusCode).toBe(401);
    expect((await get('/api/notifications/unread-count')).statusCode).toBe(401);
    expect((await post('/api/notifications/1/read')).statusCode).toBe(401);
    expect((await post('/api/notifications/read-all')).statusCode).toBe(401);
    expect((await get('/api/notifications/settings')).statusCode).toBe(401);
    expect(
      (await put('/api/notifications/settings', undefined, { muted: [], webhook: true })).statusCode,
    ).toBe(401);
  });

  it('lists only the caller’s own messages, newest first, in pages', async () => {
    const caseId = crypto.randomUUID();
    await tell([alice.user.id, bob.user.id], '第一条', 'case_assigned', caseId);
    await tell([alice.user.id], '第二条');
    await tell([alice.user.id], '第三条');
    await tell([bob.user.id], '只给乙');

    const first = await get('/api/notifications?limit=2', alice);
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: Item[]; nextCursor: string | null };
    expect(page1.items.map((i) => i.title)).toEqual(['第三条', '第二条']);
    expect(page1.nextCursor).not.toBeNull();
    const second = await get(`/api/notifications?limit=2&cursor=${page1.nextCursor}`, alice);
    const page2 = second.json() as { items: Item[]; nextCursor: string | null };
    expect(page2.items.map((i) => i.title)).toEqual(['第一条']);
    expect(page2.items[0]).toMatchObject({ caseId, kind: 'case_assigned', readAt: null });
    expect(page2.nextCursor).toBeNull();

    const bobs = (await get('/api/notifications', bob)).json() as { items: Item[] };
    expect(bobs.items.map((i) => i.title)).toEqual(['只给乙', '第一条']);
  });

  it('400 for a forged cursor, a bad limit or an unknown parameter', async () => {
    const forged = await get('/api/notifications?cursor=nonsense', alice);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details[0].field).toBe('cursor');
    const text = Buffer.from(JSON.stringify([null, 'abc'])).toString('base64url');
    expect((await get(`/api/notifications?cursor=${text}`, alice)).statusCode).toBe(400);
    const limit = await get('/api/notifications?limit=0', alice);
    expect(limit.statusCode).toBe(400);
    expect(limit.json().error.details[0].field).toBe('limit');
    expect((await get('/api/notifications?foo=1', alice)).statusCode).toBe(400);
  });

  it('marks one read: the count drops, the unread filter hides it, reading twice keeps the first time', async () => {
    const session = await signInAs(app, database().db, 'volunteer', tree.grids[0].path);
    await tell([session.user.id], '甲');
    await tell([session.user.id], '乙');
    expect((await get('/api/notifications/unread-count', session)).json()).toEqual({ count: 2 });
    const items = ((await get('/api/notifications', session)).json() as { items: Item[] }).items;
    const target = items.find((i) => i.title === '甲');
    if (!target) throw new Error('missing');

    const read = await post(`/api/notifications/${target.id}/read`, session);
    expect(read.statusCode).toBe(200);
    const readAt = (read.json() as Item).readAt;
    expect(readAt).not.toBeNull();
    expect((await get('/api/notifications/unread-count', session)).json()).toEqual({ count: 1 });
    const unread = (await get('/api/notifications?unread=true', session)).json() as { items: Item[] };
    expect(unread.items.map((i) => i.title)).toEqual(['乙']);
    const again = await post(`/api/notifications/${target.id}/read`, session);
    expect((again.json() as Item).readAt).toBe(readAt);
  });

  it('another user’s message answers 404 and stays unread; a bad id is 400; no CSRF is 403', async () => {
    await tell([bob.user.id], '乙的私信');
    const [row] = await database()
      .db.select()
      .from(notifications)
      .where(and(eq(notifications.userId, bob.user.id), eq(notifications.title, '乙的私信')));
    if (!row) throw new Error('missing');
    expect((await post(`/api/notifications/${row.id}/read`, alice)).statusCode).toBe(404);
    expect((await post('/api/notifications/999999999/read', alice)).statusCode).toBe(404);
    const [still] = await database().db.select().from(notifications).where(eq(notifications.id, row.id));
    expect(still?.readAt).toBeNull();
    const bad = await post('/api/notifications/abc/read', alice);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('id');
    const noCsrf = await app.inject({
      method: 'POST',
      url: `/api/notifications/${row.id}/read`,
      headers: { cookie: bob.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('read-all clears only the caller’s unread messages', async () => {
    const mine = await signInAs(app, database().db, 'volunteer', tree.grids[0].path);
    await tell([mine.user.id, bob.user.id], '群发');
    await tell([mine.user.id], '再一条');
    const bobBefore = (await get('/api/notifications/unread-count', bob)).json().count as number;
    const all = await post('/api/notifications/read-all', mine);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ updated: 2 });
    expect((await get('/api/notifications/unread-count', mine)).json()).toEqual({ count: 0 });
    expect((await get('/api/notifications/unread-count', bob)).json().count).toBe(bobBefore);
    expect((await post('/api/notifications/read-all', mine)).json()).toEqual({ updated: 0 });
  });

  it('settings: defaults, saved per user and audited; a muted kind no longer reaches the inbox', async () => {
    const user = await signInAs(app, database().db, 'liaison', tree.towns[0].path);
    expect((await get('/api/notifications/settings', user)).json()).toEqual({ muted: [], webhook: true });
    const saved = await put('/api/notifications/settings', user, {
      muted: ['sla_warning', 'comment'],
      webhook: false,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ muted: ['comment', 'sla_warning'], webhook: false });
    expect((await get('/api/notifications/settings', user)).json()).toEqual({
      muted: ['comment', 'sla_warning'],
      webhook: false,
    });
    expect((await get('/api/notifications/settings', alice)).json()).toEqual({ muted: [], webhook: true });
    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notification_settings.update'), eq(auditLog.entityId, user.user.id)));
    expect(audits).toHaveLength(1);

    await notify(database().db, { userIds: [user.user.id, alice.user.id], kind: 'comment', title: '新评论' });
    await notify(database().db, { userIds: [user.user.id], kind: 'sla_breach', title: '已超时' });
    const items = ((await get('/api/notifications', user)).json() as { items: Item[] }).items;
    expect(items.map((i) => i.title)).toEqual(['已超时']);
    const alices = ((await get('/api/notifications?limit=1', alice)).json() as { items: Item[] }).items;
    expect(alices[0]?.title).toBe('新评论');
  });

  it('settings: 400 naming the field for a bad body, 403 without CSRF', async () => {
    const notArray = await put('/api/notifications/settings', alice, { muted: 'comment', webhook: true });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().error.details[0].field).toBe('muted');
    const missing = await put('/api/notifications/settings', alice, { muted: [] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('webhook');
    const badKind = await put('/api/notifications/settings', alice, { muted: ['DROP TABLE'], webhook: true });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.details[0].field).toMatch(/^muted/);
    const extra = await put('/api/notifications/settings', alice, { muted: [], webhook: true, x: 1 });
    expect(extra.statusCode).toBe(400);
    const noCsrf = await app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: { cookie: alice.cookie },
      payload: { muted: ['comment'], webhook: true },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await get('/api/notifications/settings', alice)).json()).toEqual({ muted: [], webhook: true });
  });

  it('notify inside a rolled-back transaction leaves no message', async () => {
    const user = await signInAs(app, database().db, 'volunteer', tree.grids[1].path);
    await expect(
      database().db.transaction(async (tx) => {
        await notify(tx, { userIds: [user.user.id], kind: 'comment', title: '不该出现' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await get('/api/notifications/unread-count', user)).json()).toEqual({ count: 0 });
  });
});
