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
import { findUserById } from '../../core/auth/auth.repo.ts';

describeEachDatabase('areas routes', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
  });

  describe('who may call', () => {
    it('answers 401 to an anonymous caller', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/areas/${tree.city.id}` });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    });

    it('answers 403 to a role without areas:read', async () => {
      const s = await signInAs(app, database().db, 'enterprise_user', tree.towns[0].path);
      const res = await app.inject({ method: 'GET', url: '/api/areas', headers: s.headers });
      expect(res.statusCode).toBe(403);
    });

    it('answers 403 when a reader tries to create', async () => {
      const s = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: s.headers,
        payload: {
          parentId: tree.grids[0].id,
          code: 'P099',
          name: '新卡点',
          level: 'place',
          kind: 'checkpoint',
        },
      });
      expect(res.statusCode).toBe(403);
    });

    it('refuses a write without the CSRF token', async () => {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/areas/${tree.place.id}`,
        headers: { cookie: admin.cookie },
        payload: { version: 1, name: 'x' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
    });

    it('answers 404 for an area outside the caller’s scope, exactly as for a missing one', async () => {
      const s = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
      const outside = await app.inject({
        method: 'GET',
        url: `/api/areas/${tree.towns[1].id}`,
        headers: s.headers,
      });
      const missing = await app.inject({
        method: 'GET',
        url: `/api/areas/${crypto.randomUUID()}`,
        headers: s.headers,
      });
      expect(outside.statusCode).toBe(404);
      expect(outside.body).toBe(missing.body);
    });
  });

  describe('reading', () => {
    it('lists a town worker’s own town as the only root', async () => {
      const s = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
      const res = await app.inject({ method: 'GET', url: '/api/areas', headers: s.headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().items.map((a: { name: string }) => a.name)).toEqual(['甲街道']);
      expect(res.json().items[0].can).toMatchObject({
        update: true,
        move: false,
        deactivate: false,
        createChild: true,
      });
    });

    it('lists children with their child counts', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/areas?parentId=${tree.city.id}`,
        headers: admin.headers,
      });
      expect(
        res.json().items.map((a: { name: string; childCount: number }) => [a.name, a.childCount]),
      ).toEqual([
        ['甲街道', 1],
        ['乙镇', 1],
      ]);
    });

    it('returns a detail with ancestors and counts below', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/areas/${tree.communities[0].id}`,
        headers: admin.headers,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.ancestors.map((a: { name: string }) => a.name)).toEqual(['测试市', '甲街道']);
      expect(body.counts).toEqual({ town: 0, community: 0, grid: 1, place: 1 });
    });

    it('returns a subtree ordered by path', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/areas/${tree.towns[0].id}/subtree`,
        headers: admin.headers,
      });
      expect(res.json().items.map((a: { name: string }) => a.name)).toEqual([
        '甲街道',
        '甲社区',
        '甲社区第1网格',
        '甲社区卡点',
      ]);
    });

    it('finds a grid by a name fragment, within scope only, with its ancestors', async () => {
      const s = await signInAs(app, database().db, 'town_staff', tree.towns[1].path);
      const res = await app.inject({
        method: 'GET',
        url: `/api/areas/search?q=${encodeURIComponent('第1网格')}`,
        headers: s.headers,
      });
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ name: string; ancestors: Array<{ name: string }> }>;
      expect(items.map((i) => i.name)).toEqual(['乙村第1网格']);
      expect(items[0]?.ancestors.map((a) => a.name)).toEqual(['乙镇', '乙村']);
    });

    it('pages search results with a cursor', async () => {
      const first = await app.inject({
        method: 'GET',
        url: `/api/areas/search?q=${encodeURIComponent('网格')}&limit=1`,
        headers: admin.headers,
      });
      const cursor = first.json().nextCursor as string;
      expect(cursor).toBeTruthy();
      const second = await app.inject({
        method: 'GET',
        url: `/api/areas/search?q=${encodeURIComponent('网格')}&limit=1&cursor=${encodeURIComponent(cursor)}`,
        headers: admin.headers,
      });
      expect(second.json().items[0].name).not.toBe(first.json().items[0].name);
    });

    it('rejects a search without q, naming the field', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/areas/search', headers: admin.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('q');
    });

    it('rejects a malformed id with 400', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/areas/not-a-uuid', headers: admin.headers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('id');
    });
  });

  describe('writing', () => {
    it('creates a place and audits it', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: admin.headers,
        payload: {
          parentId: tree.grids[1].id,
          code: 'P010',
          name: '乙村卡点',
          level: 'place',
          kind: 'checkpoint',
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().path).toBe(`${tree.grids[1].path}.P010`);
      const audit = await app.inject({
        method: 'GET',
        url: `/api/audit?entityId=${res.json().id}`,
        headers: admin.headers,
      });
      expect(audit.json().items[0]).toMatchObject({ action: 'area.create', entityType: 'area' });
    });

    it('answers 409 for a duplicate code under the same parent', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: admin.headers,
        payload: {
          parentId: tree.grids[0].id,
          code: 'P001',
          name: '重复',
          level: 'place',
          kind: 'checkpoint',
        },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details[0].field).toBe('code');
    });

    it('answers 400 naming each bad field, in English when asked', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: { ...admin.headers, 'accept-language': 'en-US' },
        payload: {
          parentId: tree.grids[0].id,
          code: 'a b',
          name: '',
          level: 'place',
          kind: 'checkpoint',
          colour: 'red',
        },
      });
      expect(res.statusCode).toBe(400);
      const fields = res
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort();
      expect(fields).toEqual(['code', 'colour', 'name']);
      expect(res.json().error.details.find((d: { field: string }) => d.field === 'colour').reason).toBe(
        'is not an allowed field',
      );
    });

    it('answers 400 in Chinese by default, for a level that cannot sit under the parent', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: admin.headers,
        payload: { parentId: tree.city.id, code: '09', name: '网格', level: 'grid', kind: 'grid' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0]).toEqual({ field: 'level', reason: '市下不能直接设立网格' });
    });

    it('answers 400 for a number sent as a string in a JSON body', async () => {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/areas/${tree.place.id}`,
        headers: admin.headers,
        payload: { version: '1', name: 'x' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('version');
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: '{"parentId": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('malformed_request');
    });

    it('renames with the current version and refuses a stale one with 409', async () => {
      const fresh = await app.inject({
        method: 'GET',
        url: `/api/areas/${tree.grids[1].id}`,
        headers: admin.headers,
      });
      const version = fresh.json().area.version as number;
      const ok = await app.inject({
        method: 'PATCH',
        url: `/api/areas/${tree.grids[1].id}`,
        headers: admin.headers,
        payload: { version, name: '乙村一网格' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ name: '乙村一网格', version: version + 1 });
      const stale = await app.inject({
        method: 'PATCH',
        url: `/api/areas/${tree.grids[1].id}`,
        headers: admin.headers,
        payload: { version, name: '旧' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
    });
  });

  describe('moving and deactivating', () => {
    it('refuses to move an area under its own descendant with 400', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/api/areas/${tree.communities[0].id}/move`,
        headers: admin.headers,
        payload: { version: 1, newParentId: tree.grids[0].id },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('newParentId');
    });

    it('moves a community to another town, rewriting the whole subtree and the scopes that point into it', async () => {
      const local = await createAreaTree(database().db);
      const worker = await createUser(database().db, {
        role: 'community_worker',
        scopePath: local.grids[0].path,
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/areas/${local.communities[0].id}/move`,
        headers: admin.headers,
        payload: { version: 1, newParentId: local.towns[1].id },
      });
      expect(res.statusCode).toBe(200);
      const newPath = `${local.towns[1].path}.${local.communities[0].code}`;
      expect(res.json().path).toBe(newPath);
      const subtree = await app.inject({
        method: 'GET',
        url: `/api/areas/${local.communities[0].id}/subtree`,
        headers: admin.headers,
      });
      expect(subtree.json().items.map((a: { path: string; depth: number }) => [a.path, a.depth])).toEqual([
        [newPath, 2],
        [`${newPath}.0001`, 3],
        [`${newPath}.0001.P001`, 4],
      ]);
      expect((await findUserById(database().db, worker.id))?.scopePath).toBe(`${newPath}.0001`);
    });

    it('answers 409 when the target parent already has a child with that code', async () => {
      const local = await createAreaTree(database().db);
      const twin = await app.inject({
        method: 'POST',
        url: '/api/areas',
        headers: admin.headers,
        payload: {
          parentId: local.towns[1].id,
          code: local.communities[0].code,
          name: '同码社区',
          level: 'community',
          kind: 'community',
        },
      });
      expect(twin.statusCode).toBe(201);
      const clash = await app.inject({
        method: 'POST',
        url: `/api/areas/${local.communities[0].id}/move`,
        headers: admin.headers,
        payload: { version: 1, newParentId: local.towns[1].id },
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().error.details[0].field).toBe('code');
    });

    it('deactivates a subtree and undoes it', async () => {
      const local = await createAreaTree(database().db);
      const off = await app.inject({
        method: 'POST',
        url: `/api/areas/${local.communities[0].id}/deactivate`,
        headers: admin.headers,
        payload: { version: 1 },
      });
      expect(off.statusCode).toBe(200);
      expect(off.json()).toMatchObject({ active: false, can: { reactivate: true, deactivate: false } });
      const children = await app.inject({
        method: 'GET',
        url: `/api/areas?parentId=${local.towns[0].id}`,
        headers: admin.headers,
      });
      expect(children.json().items).toEqual([]);
      const on = await app.inject({
        method: 'POST',
        url: `/api/areas/${local.communities[0].id}/reactivate`,
        headers: admin.headers,
        payload: { version: off.json().version },
      });
      expect(on.statusCode).toBe(200);
      const subtree = await app.inject({
        method: 'GET',
        url: `/api/areas/${local.communities[0].id}/subtree`,
        headers: admin.headers,
      });
      expect(subtree.json().items).toHaveLength(3);
    });

    it('does not let a town worker deactivate its own town', async () => {
      const s = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
      const res = await app.inject({
        method: 'POST',
        url: `/api/areas/${tree.towns[0].id}/deactivate`,
        headers: s.headers,
        payload: { version: 1 },
      });
      expect(res.statusCode).toBe(403);
    });
  });

  it('signs in users with factories', async () => {
    const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
    const session = await signIn(app, user);
    expect(session.csrfToken).toHaveLength(43);
  });
});
