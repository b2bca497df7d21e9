import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import {
  createCompound,
  createDwelling,
  createHousehold,
  createPerson,
} from '../../testing/people.factories.ts';
import type { DwellingRow } from './people.repo.ts';

describeEachDatabase('GET /api/households', (database) => {
  let app: App;
  let tree: TestTree;
  let worker: Session;
  let dwelling: DwellingRow;
  const ids: string[] = [];
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
    const compound = await createCompound(database().db, tree.grids[0], '甲小区');
    dwelling = await createDwelling(database().db, compound, { building: '1', unit: '1', room: '101' });
    for (let i = 0; i < 3; i++) {
      const household = await createHousehold(database().db, tree.grids[0], { dwellingId: dwelling.id });
      ids.push(household.id);
    }
    await createPerson(database().db, tree.grids[0], { householdId: ids[0], householdRole: 'head' });
    // One household elsewhere: outside the worker's community.
    await createHousehold(database().db, tree.grids[1]);
  });

  const list = (query: string, session: Session | null = worker) =>
    app.inject({ method: 'GET', url: `/api/households${query}`, headers: session?.headers ?? {} });

  it('answers 401 without a session and 403 to a role without people:read', async () => {
    expect((await list('', null)).statusCode).toBe(401);
    const enterprise = await signInAs(app, database().db, 'enterprise_user', tree.communities[0].path);
    expect((await list('', enterprise)).statusCode).toBe(403);
  });

  it('lists the households of a dwelling, only within scope', async () => {
    const res = await list(`?dwellingId=${dwelling.id}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; memberCount: number }>;
    expect(items.map((h) => h.id).sort()).toEqual([...ids].sort());
    expect(items.find((h) => h.id === ids[0])?.memberCount).toBe(1);
    const all = await list('');
    expect(all.json().items).toHaveLength(3);
  });

  it('pages with a cursor without repeats', async () => {
    const first = await list(`?dwellingId=${dwelling.id}&limit=2`);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await list(`?dwellingId=${dwelling.id}&limit=2&cursor=${encodeURIComponent(cursor)}`);
    const seen = [...first.json().items, ...second.json().items].map((h: { id: string }) => h.id);
    expect(new Set(seen).size).toBe(3);
    expect(second.json().nextCursor).toBeNull();
  });

  it('answers 404 for an area outside scope and 400 for a malformed id or cursor', async () => {
    expect((await list(`?areaId=${tree.grids[1].id}`)).statusCode).toBe(404);
    const bad = await list('?dwellingId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('dwellingId');
    expect((await list('?cursor=garbage')).json().error.details[0].field).toBe('cursor');
  });
});
