import { beforeAll, describe, expect, it } from 'vitest';
import type { AreaRow } from '../areas/areas.repo.ts';
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

describeEachDatabase('households, dwellings and tenancies routes', (database) => {
  let app: App;
  let tree: TestTree;
  let worker: Session;
  let office: Session;
  let compound: AreaRow;
  let otherCompound: AreaRow;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
    office = await signInAs(app, database().db, 'command_office', null);
    compound = await createCompound(database().db, tree.grids[0], '甲小区');
    otherCompound = await createCompound(database().db, tree.grids[1], '乙小区');
  });

  const get = (session: Session, url: string) => app.inject({ method: 'GET', url, headers: session.headers });
  const post = (session: Session, url: string, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url, headers: session.headers, payload });

  describe('dwellings', () => {
    it('answers 401, and 403 to a reader who tries to register one', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/dwellings' })).statusCode).toBe(401);
      const res = await post(office, '/api/dwellings', {
        compoundAreaId: compound.id,
        building: '1',
        room: '101',
      });
      expect(res.statusCode).toBe(403);
    });

    it('registers a dwelling in a compound and answers 409 on room for the same one again', async () => {
      const body = { compoundAreaId: compound.id, building: '3幢', unit: '2单元', room: '501' };
      const res = await post(worker, '/api/dwellings', body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ compoundName: '甲小区', label: '3幢-2单元-501' });
      const again = await post(worker, '/api/dwellings', { ...body, room: ' 501 ' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details[0].field).toBe('room');
    });

    it('answers 400 on compoundAreaId for an area that is no compound, or outside scope', async () => {
      const grid = await post(worker, '/api/dwellings', {
        compoundAreaId: tree.grids[0].id,
        building: '1',
        room: '1',
      });
      expect(grid.statusCode).toBe(400);
      expect(grid.json().error.details[0].field).toBe('compoundAreaId');
      const outside = await post(worker, '/api/dwellings', {
        compoundAreaId: otherCompound.id,
        building: '1',
        room: '1',
      });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details[0].field).toBe('compoundAreaId');
      const blank = await post(worker, '/api/dwellings', {
        compoundAreaId: compound.id,
        building: '',
        room: '1',
      });
      expect(blank.statusCode).toBe(400);
      expect(blank.json().error.details[0].field).toBe('building');
    });

    it('lists a compound’s dwellings page by page, and 404 for a compound outside scope', async () => {
      const c = await createCompound(database().db, tree.grids[0], '分页小区');
      for (const room of ['101', '102', '201'])
        await createDwelling(database().db, c, { building: '1', unit: '1', room });
      const first = await get(worker, `/api/dwellings?compoundAreaId=${c.id}&limit=2`);
      expect(first.statusCode).toBe(200);
      expect(first.json().items.map((d: { room: string }) => d.room)).toEqual(['101', '102']);
      const second = await get(
        worker,
        `/api/dwellings?compoundAreaId=${c.id}&limit=2&cursor=${first.json().nextCursor as string}`,
      );
      expect(second.json()).toMatchObject({ items: [{ room: '201' }], nextCursor: null });
      expect((await get(worker, `/api/dwellings?compoundAreaId=${otherCompound.id}`)).statusCode).toBe(404);
    });
  });

  describe('households', () => {
    it('registers a household and adds a head and a member', async () => {
      const dwelling = await createDwelling(database().db, compound);
      const res = await post(worker, '/api/households', {
        areaId: tree.grids[0].id,
        dwellingId: dwelling.id,
        residentType: 'registered',
        singleRenter: false,
      });
      expect(res.statusCode).toBe(201);
      const id = res.json().id as string;
      const head = await createPerson(database().db, tree.grids[0], { name: '户主甲' });
      const member = await createPerson(database().db, tree.grids[0], { name: '成员乙' });
      expect(
        (await post(worker, `/api/households/${id}/members`, { personId: member.id, role: 'member' }))
          .statusCode,
      ).toBe(200);
      const added = await post(worker, `/api/households/${id}/members`, { personId: head.id, role: 'head' });
      expect(added.statusCode).toBe(200);
      expect(
        added.json().members.map((m: { name: string; householdRole: string }) => [m.name, m.householdRole]),
      ).toEqual([
        ['户主甲', 'head'],
        ['成员乙', 'member'],
      ]);
      expect(added.json().dwelling.id).toBe(dwelling.id);

      const second = await createPerson(database().db, tree.grids[0]);
      const twoHeads = await post(worker, `/api/households/${id}/members`, {
        personId: second.id,
        role: 'head',
      });
      expect(twoHeads.statusCode).toBe(409);
      expect(twoHeads.json().error.details[0].field).toBe('role');

      const detail = await get(worker, `/api/people/${head.id}`);
      expect(detail.json()).toMatchObject({
        household: { id, memberCount: 2 },
        dwelling: { id: dwelling.id },
        tenancy: null,
      });
    });

    it('answers 400 for a bad area or dwelling and for a person outside scope', async () => {
      const area = await post(worker, '/api/households', {
        areaId: tree.towns[0].id,
        residentType: 'registered',
        singleRenter: false,
      });
      expect(area.statusCode).toBe(400);
      expect(area.json().error.details[0].field).toBe('areaId');
      const foreign = await createDwelling(database().db, otherCompound);
      const dwelling = await post(worker, '/api/households', {
        areaId: tree.grids[0].id,
        dwellingId: foreign.id,
        residentType: 'tenant',
        singleRenter: true,
      });
      expect(dwelling.json().error.details[0].field).toBe('dwellingId');
      const household = await createHousehold(database().db, tree.grids[0]);
      const outsider = await createPerson(database().db, tree.grids[1]);
      const res = await post(worker, `/api/households/${household.id}/members`, {
        personId: outsider.id,
        role: 'member',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('personId');
    });

    it('answers 404 for a household outside scope and 403 to a reader adding members', async () => {
      const household = await createHousehold(database().db, tree.grids[1]);
      const outside = await get(worker, `/api/households/${household.id}`);
      const missing = await get(worker, `/api/households/${crypto.randomUUID()}`);
      expect(outside.statusCode).toBe(404);
      expect(outside.body).toBe(missing.body);
      const person = await createPerson(database().db, tree.grids[1]);
      const res = await post(office, `/api/households/${household.id}/members`, {
        personId: person.id,
        role: 'member',
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('tenancies', () => {
    it('ties a tenant household to a landlord once, ends it, and lists the landlord’s tenants', async () => {
      const landlord = await createPerson(database().db, tree.grids[0], { name: '房东' });
      const dwelling = await createDwelling(database().db, compound);
      const household = await createHousehold(database().db, tree.grids[0], {
        dwellingId: dwelling.id,
        residentType: 'tenant',
        singleRenter: true,
      });
      const tenant = await createPerson(database().db, tree.grids[0], {
        name: '租客',
        residentType: 'tenant',
        householdId: household.id,
        householdRole: 'head',
      });
      const res = await post(worker, '/api/tenancies', {
        landlordId: landlord.id,
        householdId: household.id,
        startDate: '2024-03-01',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        dwellingId: dwelling.id,
        endDate: null,
        landlord: { id: landlord.id, name: '房东', phoneMasked: landlord.phoneMasked },
        can: { end: true },
      });
      const tenancyId = res.json().id as string;

      const second = await post(worker, '/api/tenancies', {
        landlordId: landlord.id,
        householdId: household.id,
        startDate: '2024-04-01',
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.details[0].field).toBe('householdId');

      const tenants = await get(worker, `/api/people/${landlord.id}/tenants`);
      expect(tenants.json().items).toMatchObject([
        {
          tenancyId,
          householdId: household.id,
          singleRenter: true,
          memberCount: 1,
          dwelling: { id: dwelling.id },
        },
      ]);
      const tenantDetail = await get(worker, `/api/people/${tenant.id}`);
      expect(tenantDetail.json().tenancy.landlord).toMatchObject({
        id: landlord.id,
        idNumberMasked: landlord.idNumberMasked,
      });
      expect((await get(worker, `/api/people/${landlord.id}`)).json().tenantHouseholdCount).toBe(1);
      const household2 = await get(worker, `/api/households/${household.id}`);
      expect(household2.json().tenancy.landlord.name).toBe('房东');

      const early = await post(worker, `/api/tenancies/${tenancyId}/end`, { endDate: '2024-02-01' });
      expect(early.statusCode).toBe(400);
      expect(early.json().error.details[0].field).toBe('endDate');
      const ended = await post(worker, `/api/tenancies/${tenancyId}/end`, { endDate: '2024-09-30' });
      expect(ended.statusCode).toBe(200);
      expect(ended.json()).toMatchObject({ endDate: '2024-09-30', can: { end: false } });
      const again = await post(worker, `/api/tenancies/${tenancyId}/end`, { endDate: '2024-10-01' });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details[0].field).toBe('endDate');

      expect((await get(worker, `/api/people/${landlord.id}/tenants`)).json().items).toEqual([]);
      expect(
        (await get(worker, `/api/people/${landlord.id}/tenants?includeEnded=true`)).json().items,
      ).toHaveLength(1);
      const next = await post(worker, '/api/tenancies', {
        landlordId: landlord.id,
        householdId: household.id,
        startDate: '2024-10-01',
      });
      expect(next.statusCode).toBe(201);
    });

    it('refuses a landlord from the household itself, a landlord outside scope, and an impossible date', async () => {
      const household = await createHousehold(database().db, tree.grids[0], { residentType: 'tenant' });
      const member = await createPerson(database().db, tree.grids[0], {
        householdId: household.id,
        householdRole: 'head',
      });
      const own = await post(worker, '/api/tenancies', {
        landlordId: member.id,
        householdId: household.id,
        startDate: '2024-01-01',
      });
      expect(own.statusCode).toBe(400);
      expect(own.json().error.details[0].field).toBe('landlordId');
      const outsider = await createPerson(database().db, tree.grids[1]);
      const far = await post(worker, '/api/tenancies', {
        landlordId: outsider.id,
        householdId: household.id,
        startDate: '2024-01-01',
      });
      expect(far.json().error.details[0].field).toBe('landlordId');
      const landlord = await createPerson(database().db, tree.grids[0]);
      const date = await post(worker, '/api/tenancies', {
        landlordId: landlord.id,
        householdId: household.id,
        startDate: '2024-02-30',
      });
      expect(date.statusCode).toBe(400);
      expect(date.json().error.details[0].field).toBe('startDate');
    });

    it('answers 404 for a tenancy outside scope, 403 to a reader, 401 without a session', async () => {
      const landlord = await createPerson(database().db, tree.grids[1]);
      const household = await createHousehold(database().db, tree.grids[1], { residentType: 'tenant' });
      const admin = await signInAs(app, database().db, 'admin', null);
      const created = await post(admin, '/api/tenancies', {
        landlordId: landlord.id,
        householdId: household.id,
        startDate: '2024-01-01',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      expect((await post(worker, `/api/tenancies/${id}/end`, { endDate: '2024-05-01' })).statusCode).toBe(
        404,
      );
      expect((await post(office, `/api/tenancies/${id}/end`, { endDate: '2024-05-01' })).statusCode).toBe(
        403,
      );
      expect(
        (
          await app.inject({
            method: 'POST',
            url: `/api/tenancies/${id}/end`,
            payload: { endDate: '2024-05-01' },
          })
        ).statusCode,
      ).toBe(401);
      expect((await get(worker, `/api/people/${landlord.id}/tenants`)).statusCode).toBe(404);
    });
  });
});
