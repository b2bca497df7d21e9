import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { createPerson, randomMobile, randomResidentId } from '../../testing/people.factories.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { maskIdNumber, maskPhone } from '../../../shared/identifiers.ts';

interface Item {
  id: string;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  version: number;
  can: { update: boolean; reveal: boolean };
}

const toFullWidth = (text: string) =>
  text.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describeEachDatabase('people routes', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let worker: Session & { user: { id: string } }; // community worker of community A: people:manage and pii:read there
  let office: Session; // command office, whole city: people:read only
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
    worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
    office = await signInAs(app, database().db, 'command_office', null);
  });

  const get = (session: Session, url: string, lang?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...session.headers, ...(lang ? { 'accept-language': lang } : {}) },
    });
  const post = (session: Session, url: string, payload: unknown, lang?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...session.headers, ...(lang ? { 'accept-language': lang } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const list = async (session: Session, query: string) => {
    const res = await get(session, `/api/people?${query}`);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };

  describe('who may call', () => {
    it('answers 401 without a session', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/people' })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/people', payload: {} })).statusCode).toBe(401);
    });

    it('answers 403 to a role without people:read', async () => {
      const s = await signInAs(app, database().db, 'department_staff', null);
      expect((await get(s, '/api/people')).statusCode).toBe(403);
      expect((await get(s, '/api/people/export')).statusCode).toBe(403);
    });

    it('answers 403 to a reader who tries to write', async () => {
      const res = await post(office, '/api/people', { name: '张三', areaId: tree.grids[0].id });
      expect(res.statusCode).toBe(403);
    });

    it('answers 404 for a person outside scope, exactly as for a missing one', async () => {
      const outsider = await createPerson(database().db, tree.grids[1]);
      const outside = await get(worker, `/api/people/${outsider.id}`);
      const missing = await get(worker, `/api/people/${crypto.randomUUID()}`);
      expect(outside.statusCode).toBe(404);
      expect(outside.body).toBe(missing.body);
      const patch = await app.inject({
        method: 'PATCH',
        url: `/api/people/${outsider.id}`,
        headers: worker.headers,
        payload: { version: 1, name: '改名' },
      });
      expect(patch.statusCode).toBe(404);
    });
  });

  describe('registering and changing', () => {
    it('creates a person with derived birth date and gender, masked numbers, and an audit row', async () => {
      const idNumber = randomResidentId('1956-08-20');
      const phone = randomMobile();
      const res = await post(worker, '/api/people', {
        name: '陈建国',
        idNumber,
        phone,
        areaId: tree.grids[0].id,
        residentType: 'registered',
        specialGroups: ['elderly'],
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        name: '陈建国',
        idType: 'resident_id',
        idNumberMasked: maskIdNumber(idNumber),
        phoneMasked: maskPhone(phone),
        birthDate: '1956-08-20',
        gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
        areaName: '甲社区第1网格',
        specialGroups: ['elderly'],
        version: 1,
        can: { update: true, reveal: true },
      });
      expect(body.age).toBeGreaterThanOrEqual(67);
      expect(res.body).not.toContain(idNumber);
      expect(res.body).not.toContain(phone);

      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, body.id), eq(auditLog.action, 'person.create')));
      expect(audits).toHaveLength(1);
      expect(JSON.stringify(audits[0])).not.toContain(idNumber);
    });

    it('never stores the clear ID or phone in any column', async () => {
      const idNumber = randomResidentId();
      const phone = randomMobile();
      const res = await post(worker, '/api/people', {
        name: '存储检查',
        idNumber,
        phone,
        areaId: tree.grids[0].id,
      });
      expect(res.statusCode).toBe(201);
      const raw = await database().db.execute(sql`select * from people where id = ${res.json().id}`);
      const rows = (raw as unknown as { rows: Record<string, unknown>[] }).rows;
      expect(rows).toHaveLength(1);
      const text = JSON.stringify(rows[0]);
      expect(text).not.toContain(idNumber);
      expect(text).not.toContain(phone);
      expect(text).not.toContain(idNumber.slice(6, 14) + idNumber.slice(14));
      expect(rows[0]?.id_number_enc).toMatch(/^v1:/);
      expect(rows[0]?.id_number_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('explains a wrong resident ID: length, birth date, check digit (in English when asked)', async () => {
      const valid = randomResidentId('1990-01-15');
      const wrongCheck = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
      const badDate = `${valid.slice(0, 10)}1332${valid.slice(14)}`;
      const cases: [string, string][] = [
        [valid.slice(0, 16), 'has 16'],
        [badDate, 'not a real date'],
        [wrongCheck, 'check digit'],
      ];
      for (const [idNumber, reason] of cases) {
        const res = await post(
          worker,
          '/api/people',
          { name: '错号', idNumber, areaId: tree.grids[0].id },
          'en-US',
        );
        expect(res.statusCode).toBe(400);
        const detail = res.json().error.details[0];
        expect(detail.field).toBe('idNumber');
        expect(detail.reason).toContain(reason);
      }
      const zh = await post(worker, '/api/people', {
        name: '错号',
        idNumber: wrongCheck,
        areaId: tree.grids[0].id,
      });
      expect(zh.json().error.details[0].reason).toContain('校验位');
    });

    it('answers 400 for unknown fields, a bad phone and an area that is no grid or place', async () => {
      const res = await post(worker, '/api/people', { name: '甲', areaId: tree.grids[0].id, colour: 'red' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('colour');
      const phone = await post(worker, '/api/people', {
        name: '甲',
        phone: '12345',
        areaId: tree.grids[0].id,
      });
      expect(phone.json().error.details[0].field).toBe('phone');
      const level = await post(worker, '/api/people', { name: '甲', areaId: tree.communities[0].id });
      expect(level.statusCode).toBe(400);
      expect(level.json().error.details[0].field).toBe('areaId');
      const outside = await post(worker, '/api/people', { name: '甲', areaId: tree.grids[1].id });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details[0].field).toBe('areaId');
    });

    it('answers 409 on idNumber for a number already registered, however it is typed', async () => {
      const idNumber = randomResidentId();
      expect(
        (await post(worker, '/api/people', { name: '原有', idNumber, areaId: tree.grids[0].id })).statusCode,
      ).toBe(201);
      const again = await post(admin, '/api/people', {
        name: '重复',
        idNumber: ` ${toFullWidth(idNumber)} `,
        areaId: tree.grids[1].id,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details[0].field).toBe('idNumber');
    });

    it('takes a passport as free text and keeps typed birth data', async () => {
      const res = await post(worker, '/api/people', {
        name: 'Anna Müller',
        idType: 'passport',
        idNumber: `C${String(Date.now()).slice(-8)}`,
        birthDate: '1988-04-02',
        gender: 'female',
        areaId: tree.place.id,
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ birthDate: '1988-04-02', gender: 'female', idType: 'passport' });
      const short = await post(worker, '/api/people', {
        name: 'Short',
        idType: 'passport',
        idNumber: 'C12',
        areaId: tree.place.id,
      });
      expect(short.json().error.details[0].field).toBe('idNumber');
    });

    it('updates at the current version and answers 409 naming version when stale', async () => {
      const person = await createPerson(database().db, tree.grids[0], { name: '待改' });
      const phone = randomMobile();
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/people/${person.id}`,
        headers: worker.headers,
        payload: { version: 1, name: '已改', phone, specialGroups: ['disabled'] },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: '已改', version: 2, phoneMasked: maskPhone(phone) });
      expect(res.json().idNumberMasked).toBe(person.idNumberMasked);
      const stale = await app.inject({
        method: 'PATCH',
        url: `/api/people/${person.id}`,
        headers: worker.headers,
        payload: { version: 1, name: '再改' },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
      const bad = await app.inject({
        method: 'PATCH',
        url: `/api/people/${person.id}`,
        headers: worker.headers,
        payload: { version: 2, idNumber: '123' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('idNumber');
    });

    it('answers 409 when an update takes someone else’s number', async () => {
      const a = await createPerson(database().db, tree.grids[0]);
      const idNumber = randomResidentId();
      await createPerson(database().db, tree.grids[0], { idNumber });
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/people/${a.id}`,
        headers: worker.headers,
        payload: { version: 1, idNumber },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details[0].field).toBe('idNumber');
    });
  });

  describe('finding', () => {
    it('finds a person by exact resident ID (typed full-width) and by exact phone', async () => {
      const idNumber = randomResidentId();
      const phone = randomMobile();
      const person = await createPerson(database().db, tree.grids[0], { name: '精确查找', idNumber, phone });
      await createPerson(database().db, tree.grids[0], { name: '精确查找' });
      const byId = await list(worker, `q=${encodeURIComponent(toFullWidth(idNumber))}`);
      expect(byId.items.map((i) => i.id)).toEqual([person.id]);
      const byPhone = await list(worker, `q=${encodeURIComponent(`${phone.slice(0, 3)} ${phone.slice(3)}`)}`);
      expect(byPhone.items.map((i) => i.id)).toEqual([person.id]);
      const partial = await list(worker, `q=${idNumber.slice(0, 14)}`);
      expect(partial.items).toEqual([]);
      const byName = await list(worker, `q=${encodeURIComponent('确查')}`);
      expect(byName.items.length).toBe(2);
    });

    it('lists only people within the caller’s scope', async () => {
      const inside = await createPerson(database().db, tree.grids[0], { name: '范围内人员' });
      const outside = await createPerson(database().db, tree.grids[1], { name: '范围外人员' });
      const mine = await list(worker, `q=${encodeURIComponent('范围')}`);
      expect(mine.items.map((i) => i.id)).toEqual([inside.id]);
      const all = await list(office, `q=${encodeURIComponent('范围')}`);
      expect(all.items.map((i) => i.id).sort()).toEqual([inside.id, outside.id].sort());
      expect(all.items[0]?.can).toEqual({ update: false, reveal: false });
      const outsideFilter = await get(worker, `/api/people?areaId=${tree.grids[1].id}`);
      expect(outsideFilter.statusCode).toBe(404);
    });

    it('filters by area subtree, resident type and special group', async () => {
      const a = await createPerson(database().db, tree.place, {
        name: '筛选甲',
        residentType: 'migrant',
        specialGroups: ['pregnant'],
      });
      await createPerson(database().db, tree.grids[0], { name: '筛选乙', residentType: 'registered' });
      const q = encodeURIComponent('筛选');
      expect((await list(admin, `q=${q}&areaId=${tree.place.id}`)).items.map((i) => i.id)).toEqual([a.id]);
      expect((await list(admin, `q=${q}&areaId=${tree.towns[0].id}`)).items).toHaveLength(2);
      expect((await list(admin, `q=${q}&residentType=migrant`)).items.map((i) => i.id)).toEqual([a.id]);
      expect((await list(admin, `q=${q}&specialGroup=pregnant`)).items.map((i) => i.id)).toEqual([a.id]);
      const bad = await get(admin, '/api/people?residentType=alien');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('residentType');
    });

    it('pages with keyset cursors by name and by last change, without gaps or repeats', async () => {
      const names = ['翻页甲', '翻页乙', '翻页丙', '翻页丁', '翻页戊'];
      for (const name of names) await createPerson(database().db, tree.grids[1], { name });
      for (const sort of ['name', 'updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: Item[]; nextCursor: string | null } = await list(
            admin,
            `q=${encodeURIComponent('翻页')}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...page.items.map((i) => i.name));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect([...seen].sort()).toEqual([...names].sort());
        if (sort === 'name') expect(seen).toEqual([...names].sort());
      }
      const bad = await get(admin, '/api/people?cursor=nonsense');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('cursor');
    });
  });

  describe('detail and reveal', () => {
    it('shows a masked detail; reveal gives the clear numbers and writes an audit row each time', async () => {
      const idNumber = randomResidentId();
      const phone = randomMobile();
      const person = await createPerson(database().db, tree.grids[0], { idNumber, phone });
      const detail = await get(worker, `/api/people/${person.id}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().person).toMatchObject({
        idNumberMasked: maskIdNumber(idNumber),
        can: { reveal: true },
      });
      expect(detail.json()).toMatchObject({ household: null, dwelling: null, tenancy: null });
      expect(detail.body).not.toContain(idNumber);

      const res = await post(worker, `/api/people/${person.id}/reveal`, undefined);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ idNumber, phone });
      await post(worker, `/api/people/${person.id}/reveal`, undefined);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, person.id), eq(auditLog.action, 'person.reveal')));
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({
        actorId: worker.user.id,
        entityType: 'person',
        areaPath: tree.grids[0].path,
      });
      expect(JSON.stringify(audits)).not.toContain(idNumber);
    });

    it('refuses reveal without pii:read (403) and outside scope (404), and audits neither', async () => {
      const person = await createPerson(database().db, tree.grids[1]);
      const denied = await post(office, `/api/people/${person.id}/reveal`, undefined);
      expect(denied.statusCode).toBe(403);
      const outside = await post(worker, `/api/people/${person.id}/reveal`, undefined);
      expect(outside.statusCode).toBe(404);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, person.id), eq(auditLog.action, 'person.reveal')));
      expect(audits).toHaveLength(0);
    });
  });

  describe('export', () => {
    it('exports xlsx with masked numbers only, within scope', async () => {
      const idNumber = randomResidentId();
      const phone = randomMobile();
      await createPerson(database().db, tree.grids[0], { name: '导出人员', idNumber, phone });
      await createPerson(database().db, tree.grids[1], { name: '导出范围外' });
      const res = await get(worker, `/api/people/export?format=xlsx&q=${encodeURIComponent('导出')}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('no sheet');
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
      expect(rows[0]?.slice(0, 4)).toEqual(['姓名', '证件类型', '证件号码', '联系电话']);
      expect(rows).toHaveLength(2);
      expect(rows[1]?.slice(0, 4)).toEqual([
        '导出人员',
        '居民身份证',
        maskIdNumber(idNumber),
        maskPhone(phone),
      ]);
      expect(JSON.stringify(rows)).not.toContain(idNumber);
    });

    it('exports CSV with English headers when asked', async () => {
      const res = await get(admin, `/api/people/export?format=csv&q=${encodeURIComponent('导出')}`, 'en-US');
      expect(res.statusCode).toBe(200);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]?.startsWith('Name,ID type,ID number,Phone')).toBe(true);
      expect(lines).toHaveLength(3);
      const bad = await get(admin, '/api/people/export?format=pdf');
      expect(bad.statusCode).toBe(400);
    });
  });
});
