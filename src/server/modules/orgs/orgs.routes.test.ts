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
import { createOrg, randomCreditCode, randomMobile } from '../../testing/orgs.factories.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { maskPhone } from '../../../shared/identifiers.ts';
import { orgStatusHistory } from './orgs.tables.ts';

interface Item {
  id: string;
  name: string;
  creditCode: string | null;
  contactPhoneMasked: string | null;
  areaName: string | null;
  status: string;
  version: number;
  can: { update: boolean; changeStatus: boolean; reveal: boolean };
}

const toFullWidth = (text: string) =>
  text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describeEachDatabase('orgs routes', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let town: Session & { user: { id: string; username: string } }; // town staff of town A: orgs:manage, pii:read
  let office: Session; // command office, whole city: orgs:read only
  let worker: Session; // community worker of community A: orgs:read and pii:read, no orgs:manage
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
    town = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
    office = await signInAs(app, database().db, 'command_office', null);
    worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
  });

  const get = (session: Session, url: string, lang?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: { ...session.headers, ...(lang ? { 'accept-language': lang } : {}) },
    });
  const send = (method: 'POST' | 'PATCH', session: Session, url: string, payload: unknown, lang?: string) =>
    app.inject({
      method,
      url,
      headers: { ...session.headers, ...(lang ? { 'accept-language': lang } : {}) },
      payload: payload as Record<string, unknown>,
    });
  const post = (session: Session, url: string, payload: unknown, lang?: string) =>
    send('POST', session, url, payload, lang);
  const list = async (session: Session, query: string) => {
    const res = await get(session, `/api/orgs?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  describe('who may call', () => {
    it('answers 401 without a session', async () => {
      for (const [method, url] of [
        ['GET', '/api/orgs'],
        ['GET', '/api/orgs/export'],
        ['GET', `/api/orgs/${crypto.randomUUID()}`],
        ['POST', '/api/orgs'],
        ['PATCH', `/api/orgs/${crypto.randomUUID()}`],
        ['POST', `/api/orgs/${crypto.randomUUID()}/status`],
        ['POST', `/api/orgs/${crypto.randomUUID()}/reveal`],
      ] as const) {
        expect(
          (await app.inject({ method, url, payload: method === 'GET' ? undefined : {} })).statusCode,
        ).toBe(401);
      }
    });

    it('answers 403 to a role without orgs:read', async () => {
      const s = await signInAs(app, database().db, 'volunteer', tree.communities[0].path);
      expect((await get(s, '/api/orgs')).statusCode).toBe(403);
      expect((await get(s, '/api/orgs/export')).statusCode).toBe(403);
      const org = await createOrg(database().db, tree.grids[0]);
      expect((await get(s, `/api/orgs/${org.id}`)).statusCode).toBe(403);
    });

    it('answers 403 to a reader who tries to write', async () => {
      const org = await createOrg(database().db, tree.grids[0]);
      expect(
        (await post(worker, '/api/orgs', { kind: 'merchant', name: '小店', areaId: tree.grids[0].id }))
          .statusCode,
      ).toBe(403);
      expect(
        (await send('PATCH', worker, `/api/orgs/${org.id}`, { version: 1, name: '改' })).statusCode,
      ).toBe(403);
      const status = await post(worker, `/api/orgs/${org.id}/status`, {
        status: 'suspended',
        effectiveDate: '2020-01-25',
        version: 1,
      });
      expect(status.statusCode).toBe(403);
    });

    it('answers 404 for an org outside scope, exactly as for a missing one', async () => {
      const outsider = await createOrg(database().db, tree.grids[1]);
      const outside = await get(town, `/api/orgs/${outsider.id}`);
      const missing = await get(town, `/api/orgs/${crypto.randomUUID()}`);
      expect(outside.statusCode).toBe(404);
      expect(outside.body).toBe(missing.body);
      expect(
        (await send('PATCH', town, `/api/orgs/${outsider.id}`, { version: 1, name: '改' })).statusCode,
      ).toBe(404);
      const status = await post(town, `/api/orgs/${outsider.id}/status`, {
        status: 'suspended',
        effectiveDate: '2020-01-25',
        version: 1,
      });
      expect(status.statusCode).toBe(404);
    });
  });

  it('answers 400 naming id for a malformed id, and 404 for an export filtered on an area outside scope', async () => {
    for (const res of [
      await get(town, '/api/orgs/not-a-uuid'),
      await post(town, '/api/orgs/not-a-uuid/reveal', undefined),
      await post(town, '/api/orgs/not-a-uuid/status', {
        status: 'suspended',
        effectiveDate: '2020-01-25',
        version: 1,
      }),
    ]) {
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('id');
    }
    expect((await get(town, `/api/orgs/export?areaId=${tree.grids[1].id}`)).statusCode).toBe(404);
  });

  describe('registering and changing', () => {
    it('creates an org with a masked phone, a normalised code and an audit row', async () => {
      const creditCode = randomCreditCode();
      const phone = randomMobile();
      const res = await post(town, '/api/orgs', {
        kind: 'enterprise',
        name: '平湖市测试化工有限公司',
        creditCode: ` ${toFullWidth(creditCode)} `,
        aboveScale: true,
        industry: 'C',
        areaId: tree.grids[0].id,
        address: '平湖市经济开发区新凯路 1 号',
        contactName: '王经理',
        contactPhone: phone,
        tags: ['key_enterprise'],
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({
        creditCode,
        contactPhoneMasked: maskPhone(phone),
        areaName: '甲社区第1网格',
        status: 'operating',
        statusSince: null,
        version: 1,
        can: { update: true, changeStatus: true, reveal: true },
      });
      expect(res.body).not.toContain(phone);
      const raw = await database().db.execute(sql`select * from orgs where id = ${body.id}`);
      const stored = JSON.stringify((raw as unknown as { rows: unknown[] }).rows);
      expect(stored).not.toContain(phone);
      expect(stored).toContain('v1:');
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, body.id), eq(auditLog.action, 'org.create')));
      expect(audits).toHaveLength(1);
      expect(JSON.stringify(audits[0])).not.toContain(phone);
    });

    it('files an org under a town or community, but not the city', async () => {
      const community = await post(admin, '/api/orgs', {
        kind: 'social_org',
        name: '甲社区友邻中心',
        areaId: tree.communities[0].id,
      });
      expect(community.statusCode).toBe(201);
      const city = await post(admin, '/api/orgs', { kind: 'merchant', name: '全市', areaId: tree.city.id });
      expect(city.statusCode).toBe(400);
      expect(city.json().error.details[0].field).toBe('areaId');
    });

    it('explains a wrong credit code: length apart from the check character (English when asked)', async () => {
      const valid = randomCreditCode();
      const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
      const base = { kind: 'enterprise', name: '错码', areaId: tree.grids[0].id };
      const short = await post(town, '/api/orgs', { ...base, creditCode: valid.slice(0, 15) }, 'en-US');
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details[0]).toEqual({
        field: 'creditCode',
        reason: 'a credit code has 18 characters; this one has 15',
      });
      const check = await post(town, '/api/orgs', { ...base, creditCode: wrongCheck }, 'en-US');
      expect(check.json().error.details[0].reason).toContain('the check character is wrong');
      const zh = await post(town, '/api/orgs', { ...base, creditCode: wrongCheck });
      expect(zh.json().error.details[0].reason).toContain('统一社会信用代码校验位不正确');
    });

    it('answers 400 for unknown fields, a bad phone, a bad kind, and an area outside scope', async () => {
      const base = { kind: 'merchant', name: '甲', areaId: tree.grids[0].id };
      const unknown = await post(town, '/api/orgs', { ...base, colour: 'red' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error.details[0].field).toBe('colour');
      const phone = await post(town, '/api/orgs', { ...base, contactPhone: '12345' });
      expect(phone.json().error.details[0].field).toBe('contactPhone');
      const kind = await post(town, '/api/orgs', { ...base, kind: 'factory' });
      expect(kind.statusCode).toBe(400);
      expect(kind.json().error.details[0].field).toBe('kind');
      const outside = await post(town, '/api/orgs', { ...base, areaId: tree.grids[1].id });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().error.details[0].field).toBe('areaId');
    });

    it('answers 409 on creditCode for a code already registered, on create and on update', async () => {
      const creditCode = randomCreditCode();
      await createOrg(database().db, tree.grids[1], { creditCode });
      const again = await post(town, '/api/orgs', {
        kind: 'enterprise',
        name: '重复',
        creditCode: creditCode.toLowerCase(),
        areaId: tree.grids[0].id,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.details[0].field).toBe('creditCode');
      const mine = await createOrg(database().db, tree.grids[0]);
      const patch = await send('PATCH', town, `/api/orgs/${mine.id}`, { version: 1, creditCode });
      expect(patch.statusCode).toBe(409);
      expect(patch.json().error.details[0].field).toBe('creditCode');
    });

    it('updates at the current version, and answers 409 naming version when stale', async () => {
      const org = await createOrg(database().db, tree.grids[0], { name: '待改企业' });
      const phone = randomMobile();
      const res = await send('PATCH', town, `/api/orgs/${org.id}`, {
        version: 1,
        name: '已改企业',
        contactPhone: phone,
        areaId: tree.place.id,
        tags: ['exporter'],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        name: '已改企业',
        version: 2,
        contactPhoneMasked: maskPhone(phone),
        areaName: '甲社区卡点',
        tags: ['exporter'],
        creditCode: org.creditCode,
      });
      const stale = await send('PATCH', town, `/api/orgs/${org.id}`, { version: 1, name: '再改' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
      const bad = await send('PATCH', town, `/api/orgs/${org.id}`, { version: 2, creditCode: '123' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('creditCode');
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, org.id), eq(auditLog.action, 'org.update')));
      expect(audits).toHaveLength(1);
    });
  });

  describe('operating status', () => {
    it('suspends, resumes on 2020-02-10, writes history and shows it newest first', async () => {
      const org = await createOrg(database().db, tree.grids[0], { name: '复工企业' });
      const suspended = await post(town, `/api/orgs/${org.id}/status`, {
        status: 'suspended',
        effectiveDate: '2020-01-25',
        note: '春节停工',
        version: 1,
      });
      expect(suspended.statusCode, suspended.body).toBe(200);
      expect(suspended.json().org).toMatchObject({
        status: 'suspended',
        statusSince: '2020-01-25',
        version: 2,
      });
      expect(suspended.json().allowedStatuses).toEqual(['resumed', 'closed']);
      const resumed = await post(town, `/api/orgs/${org.id}/status`, {
        status: 'resumed',
        effectiveDate: '2020-02-10',
        version: 2,
      });
      expect(resumed.statusCode).toBe(200);
      const detail = await get(town, `/api/orgs/${org.id}`);
      expect(detail.json().org).toMatchObject({ status: 'resumed', statusSince: '2020-02-10', version: 3 });
      expect(
        detail
          .json()
          .history.map((h: { status: string; effectiveDate: string }) => [h.status, h.effectiveDate]),
      ).toEqual([
        ['resumed', '2020-02-10'],
        ['suspended', '2020-01-25'],
      ]);
      expect(detail.json().history[1]).toMatchObject({ note: '春节停工' });
      expect(detail.json().history[0].actorName).toContain(town.user.username);
      const rows = await database()
        .db.select()
        .from(orgStatusHistory)
        .where(eq(orgStatusHistory.orgId, org.id));
      expect(rows).toHaveLength(2);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, org.id), eq(auditLog.action, 'org.status_change')));
      expect(audits).toHaveLength(2);
    });

    it('refuses any move out of closed with 409 listing none allowed, and a resumption without suspension', async () => {
      const closed = await createOrg(database().db, tree.grids[0], {
        status: 'closed',
        statusSince: '2020-01-01',
      });
      const res = await post(
        town,
        `/api/orgs/${closed.id}/status`,
        { status: 'resumed', effectiveDate: '2020-02-10', version: 1 },
        'en-US',
      );
      expect(res.statusCode).toBe(409);
      expect(res.json().error.details[0]).toMatchObject({ field: 'status' });
      expect(res.json().error.details[0].reason).toContain('final');
      const operating = await createOrg(database().db, tree.grids[0]);
      const early = await post(
        town,
        `/api/orgs/${operating.id}/status`,
        { status: 'resumed', effectiveDate: '2020-02-10', version: 1 },
        'en-US',
      );
      expect(early.statusCode).toBe(409);
      expect(early.json().error.details[0].reason).toContain('allowed moves: suspended, closed');
      const detail = await get(town, `/api/orgs/${closed.id}`);
      expect(detail.json().org.can.changeStatus).toBe(false);
      expect(detail.json().allowedStatuses).toEqual([]);
    });

    it('answers 400 for a bad effective date and 409 for a stale version', async () => {
      const org = await createOrg(database().db, tree.grids[0], {
        status: 'suspended',
        statusSince: '2020-01-25',
      });
      const before = await post(town, `/api/orgs/${org.id}/status`, {
        status: 'resumed',
        effectiveDate: '2020-01-20',
        version: 1,
      });
      expect(before.statusCode).toBe(400);
      expect(before.json().error.details[0].field).toBe('effectiveDate');
      const shape = await post(town, `/api/orgs/${org.id}/status`, {
        status: 'resumed',
        effectiveDate: '10/02/2020',
        version: 1,
      });
      expect(shape.statusCode).toBe(400);
      expect(shape.json().error.details[0].field).toBe('effectiveDate');
      const stale = await post(town, `/api/orgs/${org.id}/status`, {
        status: 'resumed',
        effectiveDate: '2020-02-10',
        version: 7,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.details[0].field).toBe('version');
    });
  });

  describe('finding', () => {
    it('finds an org by exact credit code (typed full-width), by exact phone, and by name fragment', async () => {
      const creditCode = randomCreditCode();
      const phone = randomMobile();
      const org = await createOrg(database().db, tree.grids[0], {
        name: '精确查找纺织',
        creditCode,
        contactPhone: phone,
      });
      await createOrg(database().db, tree.grids[0], { name: '精确查找服装' });
      expect((await list(town, q(toFullWidth(creditCode)))).items.map((i) => i.id)).toEqual([org.id]);
      expect((await list(town, q(`${phone.slice(0, 3)} ${phone.slice(3)}`))).items.map((i) => i.id)).toEqual([
        org.id,
      ]);
      expect((await list(town, q(creditCode.slice(0, 12)))).items).toEqual([]);
      expect((await list(town, q('确查找'))).items).toHaveLength(2);
      const item = (await list(town, q('精确查找纺织'))).items[0];
      expect(item).toMatchObject({ contactPhoneMasked: maskPhone(phone), areaName: '甲社区第1网格' });
    });

    it('lists only orgs within the caller’s scope, with `can` per caller', async () => {
      const inside = await createOrg(database().db, tree.grids[0], { name: '范围内企业' });
      const outside = await createOrg(database().db, tree.grids[1], { name: '范围外企业' });
      expect((await list(town, q('范围'))).items.map((i) => i.id)).toEqual([inside.id]);
      const all = await list(office, q('范围'));
      expect(all.items.map((i) => i.id).sort()).toEqual([inside.id, outside.id].sort());
      expect(all.items[0]?.can).toEqual({ update: false, changeStatus: false, reveal: false });
      expect((await list(worker, q('范围'))).items[0]?.can).toEqual({
        update: false,
        changeStatus: false,
        reveal: true,
      });
      expect((await get(town, `/api/orgs?areaId=${tree.grids[1].id}`)).statusCode).toBe(404);
    });

    it('filters by kind, status, tag, above-scale, industry and area subtree', async () => {
      const a = await createOrg(database().db, tree.place, {
        name: '筛选甲',
        kind: 'logistics',
        status: 'suspended',
        tags: ['exporter', 'key_enterprise'],
        aboveScale: true,
        industry: 'G',
      });
      const b = await createOrg(database().db, tree.grids[1], {
        name: '筛选乙',
        kind: 'merchant',
        industry: 'F',
      });
      const ids = async (query: string) =>
        (await list(admin, `${q('筛选')}&${query}`)).items.map((i) => i.id);
      expect(await ids('kind=logistics')).toEqual([a.id]);
      expect(await ids('status=suspended')).toEqual([a.id]);
      expect(await ids('tag=key_enterprise')).toEqual([a.id]);
      expect(await ids('aboveScale=true')).toEqual([a.id]);
      expect(await ids('aboveScale=false')).toEqual([b.id]);
      expect(await ids('industry=F')).toEqual([b.id]);
      expect(await ids(`areaId=${tree.communities[0].id}`)).toEqual([a.id]);
      expect((await ids(`areaId=${tree.city.id}`)).sort()).toEqual([a.id, b.id].sort());
      const bad = await get(admin, '/api/orgs?tag=vip');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('tag');
    });

    it('pages with keyset cursors across three pages by name and by last change, without gaps or repeats', async () => {
      const names = ['翻页企业甲', '翻页企业乙', '翻页企业丙', '翻页企业丁', '翻页企业戊'];
      for (const name of names) await createOrg(database().db, tree.grids[1], { name });
      for (const sort of ['name', 'updatedAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: Item[]; nextCursor: string | null } = await list(
            admin,
            `${q('翻页企业')}&sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...page.items.map((i) => i.name));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect([...seen].sort()).toEqual([...names].sort());
        if (sort === 'name') expect(seen).toEqual([...names].sort());
      }
      const bad = await get(admin, '/api/orgs?cursor=nonsense');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('cursor');
      expect((await get(admin, '/api/orgs?limit=101')).statusCode).toBe(400);
    });
  });

  describe('detail', () => {
    it('shows the area’s ancestors within the caller’s scope, root first', async () => {
      const org = await createOrg(database().db, tree.place);
      const byAdmin = await get(admin, `/api/orgs/${org.id}`);
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
        '测试市',
        '甲街道',
        '甲社区',
        '甲社区第1网格',
        '甲社区卡点',
      ]);
      const byTown = await get(town, `/api/orgs/${org.id}`);
      expect(byTown.json().ancestors.map((a: { name: string }) => a.name)).toEqual([
        '甲街道',
        '甲社区',
        '甲社区第1网格',
        '甲社区卡点',
      ]);
    });
  });
  describe('reveal', () => {
    it('gives the clear phone to pii:read in scope and writes an audit row each time', async () => {
      const phone = randomMobile();
      const org = await createOrg(database().db, tree.grids[0], { contactPhone: phone });
      const detail = await get(worker, `/api/orgs/${org.id}`);
      expect(detail.json().org).toMatchObject({
        contactPhoneMasked: maskPhone(phone),
        can: { reveal: true },
      });
      expect(detail.body).not.toContain(phone);
      const res = await post(worker, `/api/orgs/${org.id}/reveal`, undefined);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ contactPhone: phone });
      await post(town, `/api/orgs/${org.id}/reveal`, undefined);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, org.id), eq(auditLog.action, 'org.reveal_contact')));
      expect(audits).toHaveLength(2);
      expect(audits[0]).toMatchObject({ entityType: 'org', areaPath: tree.grids[0].path });
      expect(JSON.stringify(audits)).not.toContain(phone);
    });

    it('refuses reveal without pii:read (403) and outside scope (404), and audits neither', async () => {
      const org = await createOrg(database().db, tree.grids[1]);
      expect((await post(office, `/api/orgs/${org.id}/reveal`, undefined)).statusCode).toBe(403);
      expect((await post(town, `/api/orgs/${org.id}/reveal`, undefined)).statusCode).toBe(404);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, org.id), eq(auditLog.action, 'org.reveal_contact')));
      expect(audits).toHaveLength(0);
    });
  });

  describe('export', () => {
    const sheetRows = async (payload: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(payload as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) throw new Error('no sheet');
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };

    it('exports the filtered list as xlsx: Chinese headers, masked phones, formulas neutralised, scope kept', async () => {
      const phone = randomMobile();
      const creditCode = randomCreditCode();
      await createOrg(database().db, tree.grids[0], {
        name: '=HYPERLINK("http://evil.example","导出企业")',
        creditCode,
        contactPhone: phone,
        kind: 'logistics',
        status: 'resumed',
        statusSince: '2020-02-10',
        tags: ['exporter'],
      });
      await createOrg(database().db, tree.grids[0], { name: '导出企业乙', kind: 'merchant' });
      await createOrg(database().db, tree.grids[1], { name: '导出企业范围外', kind: 'logistics' });
      const res = await get(town, `/api/orgs/export?format=xlsx&${q('导出企业')}&kind=logistics`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('企业与主体名录'));
      const rows = await sheetRows(res.rawPayload);
      expect(rows[0]).toEqual([
        '名称',
        '统一社会信用代码',
        '类型',
        '行业门类',
        '规上企业',
        '所属区域',
        '地址',
        '联系人',
        '联系电话',
        '标签',
        '经营状态',
        '状态日期',
      ]);
      expect(rows).toHaveLength(2);
      const row = rows[1] ?? [];
      expect(row[0]).toBe('\'=HYPERLINK("http://evil.example","导出企业")');
      expect(row.slice(1, 3)).toEqual([creditCode, '物流企业']);
      expect(row[8]).toBe(maskPhone(phone));
      expect(row.slice(9, 12)).toEqual(['出口企业', '复工', '2020-02-10']);
      expect(JSON.stringify(rows)).not.toContain(phone);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, town.user.id), eq(auditLog.action, 'org.export')));
      expect(audits).toHaveLength(1);
    });

    it('exports CSV with English headers when asked, and refuses an unknown format', async () => {
      const res = await get(admin, `/api/orgs/export?format=csv&${q('导出企业')}`, 'en-US');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]?.startsWith('Name,Credit code,Kind,Industry,Above scale,Area')).toBe(true);
      expect(lines).toHaveLength(4);
      expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""导出企业"")"`);
      const bad = await get(admin, '/api/orgs/export?format=pdf');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('format');
    });
  });
});
