import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../core/audit/audit.ts';
import { queryRows } from '../../core/db/migrations.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createTestApp, createUser, signIn, signInAs, type Session } from '../../testing/factories.ts';

interface Entry {
  id: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actorId: string | null;
}

describeEachDatabase('audit routes', (database) => {
  let app: App;
  let admin: Session;
  const marker = `m${Date.now().toString(36)}`;
  beforeAll(async () => {
    app = await createTestApp(database());
    admin = await signInAs(app, database().db, 'admin', null);
    await recordAudit(
      database().db,
      SYSTEM_ACTOR,
      Array.from({ length: 5 }, (_, i) => ({
        action: 'test.event',
        entityType: 'widget',
        entityId: `${marker}-${i}`,
        after: { note: `${marker} number ${i}` },
      })),
    );
  });

  const get = (url: string, headers: Record<string, string> = admin.headers) =>
    app.inject({ method: 'GET', url, headers });

  describe('who may read', () => {
    it('answers 401 to an anonymous caller', async () => {
      const res = await get('/api/audit', {});
      expect(res.statusCode).toBe(401);
    });

    it('answers 403 to the command office, which lacks audit:read', async () => {
      const s = await signInAs(app, database().db, 'command_office', null);
      const res = await get('/api/audit', s.headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    });
  });

  describe('searching', () => {
    it('finds rows by free text', async () => {
      const res = await get(`/api/audit?q=${marker}`);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Entry[];
      expect(items.map((e) => e.entityId)).toEqual([4, 3, 2, 1, 0].map((i) => `${marker}-${i}`));
    });

    it('treats % and _ in the text literally', async () => {
      const res = await get(`/api/audit?q=${encodeURIComponent('%_%')}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    });

    it('filters by action and entity type', async () => {
      const byAction = await get('/api/audit?action=test.event&limit=200');
      expect((byAction.json().items as Entry[]).every((e) => e.action === 'test.event')).toBe(true);
      expect(byAction.json().items.length).toBeGreaterThanOrEqual(5);
      const byType = await get('/api/audit?entityType=widget&limit=200');
      expect((byType.json().items as Entry[]).every((e) => e.entityType === 'widget')).toBe(true);
      const none = await get('/api/audit?entityType=no-such-type');
      expect(none.json()).toEqual({ items: [], nextCursor: null });
    });

    it('pages newest first with a cursor, without repeats or gaps', async () => {
      const first = await get(`/api/audit?q=${marker}&limit=2`);
      const cursor = first.json().nextCursor as number;
      expect(cursor).toBeTypeOf('number');
      const second = await get(`/api/audit?q=${marker}&limit=2&cursor=${cursor}`);
      const third = await get(`/api/audit?q=${marker}&limit=2&cursor=${second.json().nextCursor}`);
      const ids = [first, second, third].flatMap((r) => (r.json().items as Entry[]).map((e) => e.entityId));
      expect(ids).toEqual([4, 3, 2, 1, 0].map((i) => `${marker}-${i}`));
      expect(third.json().nextCursor).toBeNull();
    });

    it('filters by time range', async () => {
      const future = await get(`/api/audit?q=${marker}&from=${encodeURIComponent('2999-01-01T00:00:00Z')}`);
      expect(future.json().items).toEqual([]);
      const past = await get(`/api/audit?q=${marker}&from=${encodeURIComponent('2000-01-01T00:00:00Z')}`);
      expect(past.json().items).toHaveLength(5);
    });

    it('records a login as auth.login by the user', async () => {
      const user = await createUser(database().db, { role: 'admin', scopePath: null });
      await signIn(app, user);
      const res = await get(`/api/audit?action=auth.login&actorId=${user.id}`);
      expect(res.json().items).toHaveLength(1);
      expect(res.json().items[0]).toMatchObject({
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        actorId: user.id,
      });
    });

    it.each([
      ['limit', 'limit=0'],
      ['limit', 'limit=201'],
      ['from', 'from=not-a-date'],
      ['cursor', 'cursor=abc'],
      ['actorId', 'actorId=nope'],
      ['colour', 'colour=red'],
    ])('answers 400 naming %s for %s', async (field, query) => {
      const res = await get(`/api/audit?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('append-only', () => {
    it('refuses to update an audit row, even through raw SQL', async () => {
      await expect(
        database().db.execute(sql`update audit_log set action = 'x' where entity_type = 'widget'`),
      ).rejects.toThrow();
      const rows = await queryRows<{ n: number | string }>(
        database(),
        sql`select count(*) as n from audit_log where action = 'x'`,
      );
      expect(Number(rows[0]?.n)).toBe(0);
    });

    it('refuses to delete or truncate audit rows', async () => {
      const before = await queryRows<{ n: number | string }>(
        database(),
        sql`select count(*) as n from audit_log`,
      );
      await expect(database().db.execute(sql`delete from audit_log`)).rejects.toThrow();
      await expect(database().db.execute(sql`truncate audit_log`)).rejects.toThrow();
      const after = await queryRows<{ n: number | string }>(
        database(),
        sql`select count(*) as n from audit_log`,
      );
      expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
      expect(Number(after[0]?.n)).toBeGreaterThan(0);
    });
  });
});
