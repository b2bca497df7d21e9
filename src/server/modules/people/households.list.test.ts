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
import { encodeCursor } from '../../core/pagination.ts';
import { insertTenancy, type DwellingRow } from './people.repo.ts';

interface Item {
  id: string;
  areaName: string | null;
  memberCount: number;
  residentType: string;
  singleRenter: boolean;
  dwelling: { id: string; building: string; unit: string; room: string; label: string } | null;
  head: { id: string; name: string } | null;
  landlord: { id: string; name: string; idNumberMasked: string | null; phoneMasked: string | null } | null;
  can: { manage: boolean };
}

describeEachDatabase('GET /api/households', (database) => {
  let app: App;
  let tree: TestTree;
  let worker: Session;
  let dwelling: DwellingRow;
  let otherDwelling: DwellingRow;
  let outsideHousehold: string;
  const ids: string[] = [];
  const landlordIdNumber = '330482198001011233';
  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    tree = await createAreaTree(db);
    worker = await signInAs(app, db, 'community_worker', tree.communities[0].path);
    const compound = await createCompound(db, tree.grids[0], '甲小区');
    dwelling = await createDwelling(db, compound, { building: '1', unit: '1', room: '101' });
    for (let i = 0; i < 3; i++) {
      const household = await createHousehold(db, tree.grids[0], {
        dwellingId: dwelling.id,
        residentType: i === 2 ? 'renter' : 'registered',
        singleRenter: i === 2,
      });
      ids.push(household.id);
    }
    await createPerson(db, tree.grids[0], { name: '户主甲', householdId: ids[0], householdRole: 'head' });
    await createPerson(db, tree.grids[0], { householdId: ids[0], householdRole: 'member' });
    // The renters of ids[2] rent from a landlord: one ended tenancy (not shown) and one open.
    const landlord = await createPerson(db, tree.grids[0], {
      name: '房东乙',
      idNumber: landlordIdNumber,
      phone: '13912345678',
    });
    const formerLandlord = await createPerson(db, tree.grids[0], { name: '前房东' });
    const tenancy = { householdId: ids[2] as string, dwellingId: dwelling.id, areaPath: tree.grids[0].path };
    await insertTenancy(db, {
      ...tenancy,
      landlordId: formerLandlord.id,
      startDate: '2020-01-01',
      endDate: '2021-01-01',
    });
    await insertTenancy(db, { ...tenancy, landlordId: landlord.id, startDate: '2021-01-01' });
    // Elsewhere in scope, and outside the worker's community.
    otherDwelling = await createDwelling(db, await createCompound(db, tree.grids[1], '乙小区'));
    outsideHousehold = (await createHousehold(db, tree.grids[1], { dwellingId: otherDwelling.id })).id;
  });

  const list = (query: string, session: Session | null = worker) =>
    app.inject({ method: 'GET', url: `/api/households${query}`, headers: session?.headers ?? {} });
  const itemsOf = (res: Awaited<ReturnType<typeof list>>) => res.json().items as Item[];

  it('answers 401 without a session and 403 to a role without people:read', async () => {
    expect((await list('', null)).statusCode).toBe(401);
    const enterprise = await signInAs(app, database().db, 'enterprise_user', tree.communities[0].path);
    expect((await list('', enterprise)).statusCode).toBe(403);
  });

  it('lists the households of a dwelling with where they live, the head and the landlord', async () => {
    const res = await list(`?dwellingId=${dwelling.id}`);
    expect(res.statusCode).toBe(200);
    const items = itemsOf(res);
    expect(items.map((h) => h.id).sort()).toEqual([...ids].sort());
    const headed = items.find((h) => h.id === ids[0]);
    expect(headed).toMatchObject({
      memberCount: 2,
      head: { name: '户主甲' },
      landlord: null,
      can: { manage: true },
    });
    expect(headed?.areaName).toBeTruthy();
    expect(headed?.dwelling).toMatchObject({ id: dwelling.id, building: '1', unit: '1', room: '101' });
    const renters = items.find((h) => h.id === ids[2]);
    expect(renters).toMatchObject({ residentType: 'renter', singleRenter: true, head: null, memberCount: 0 });
    expect(renters?.landlord).toMatchObject({ name: '房东乙' });
    // Masked numbers only: the clear ones are behind the audited reveal.
    const body = res.body;
    expect(body).not.toContain(landlordIdNumber);
    expect(body).not.toContain('13912345678');
    expect(renters?.landlord?.idNumberMasked).toMatch(/\*/);
    expect(renters?.landlord?.phoneMasked).toMatch(/\*/);
  });

  it('filters by scope in the list: what lies outside it is not there', async () => {
    const all = itemsOf(await list(''));
    expect(all.map((h) => h.id).sort()).toEqual([...ids].sort());
    const underGrid = itemsOf(await list(`?areaId=${tree.grids[0].id}`));
    expect(underGrid).toHaveLength(3);
    const office = await signInAs(app, database().db, 'command_office', null);
    const everywhere = itemsOf(await list('?limit=200', office)).map((h) => h.id);
    expect(everywhere).toContain(outsideHousehold);
    expect(everywhere).toEqual(expect.arrayContaining(ids));
  });

  it('answers 404 for an area or dwelling outside scope, as for a missing one', async () => {
    expect((await list(`?areaId=${tree.grids[1].id}`)).statusCode).toBe(404);
    expect((await list(`?dwellingId=${otherDwelling.id}`)).statusCode).toBe(404);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await list(`?dwellingId=${missing}`)).statusCode).toBe(404);
    expect((await list(`?areaId=${missing}`)).statusCode).toBe(404);
  });

  it('pages with a cursor without repeats or gaps', async () => {
    const first = await list(`?dwellingId=${dwelling.id}&limit=2`);
    expect(itemsOf(first)).toHaveLength(2);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await list(`?dwellingId=${dwelling.id}&limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(second.statusCode).toBe(200);
    const seen = [...itemsOf(first), ...itemsOf(second)].map((h) => h.id);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(second.json().nextCursor).toBeNull();
  });

  it('answers 400 naming the field for a malformed id, limit or cursor', async () => {
    const bad = await list('?dwellingId=nope');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('dwellingId');
    for (const limit of ['0', '201', 'x']) {
      const res = await list(`?limit=${limit}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('limit');
    }
    expect((await list('?cursor=garbage')).json().error.details[0].field).toBe('cursor');
    // Well-formed but not a row id: still the caller's mistake, not a database error.
    const forged = await list(`?cursor=${encodeCursor(null, 'not-a-uuid')}`);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details[0].field).toBe('cursor');
    expect((await list('?colour=red')).statusCode).toBe(400);
  });
});
