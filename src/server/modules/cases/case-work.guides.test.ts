import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createUser, signIn, type Session } from '../../testing/factories.ts';
import {
  createCaseWorkApp,
  createCaseWorkPeople,
  type CaseWorkPeople,
} from '../../testing/case-work.factories.ts';

describeEachDatabase('guides', (database) => {
  let app: App;
  let filesDir: string;
  let p: CaseWorkPeople;
  let admin: Session;
  const db = () => database().db;

  beforeAll(async () => {
    ({ app, filesDir } = await createCaseWorkApp(database()));
    p = await createCaseWorkPeople(app, db());
    admin = await signIn(app, await createUser(db(), { role: 'admin', scopePath: null }));
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });
  const fields = (response: { json(): { error: { details: { field: string }[] } } }) =>
    response.json().error.details.map((d) => d.field);
  const gown = {
    title: '隔离衣备案指导',
    body: '一类医疗器械备案：向市场监管局提交产品技术要求、检验报告……',
    caseTypeCode: 'enterprise_problem',
    category: 'permits_filings',
    departmentCode: 'market_regulation',
  };

  it('401 without a session; 403 for a role that neither reads nor files cases', async () => {
    expect((await get('/api/guides')).statusCode).toBe(401);
    expect((await get('/api/guides', p.volunteer)).statusCode).toBe(403);
    expect((await get(`/api/guides/${crypto.randomUUID()}`, p.volunteer)).statusCode).toBe(403);
    expect((await send('POST', '/api/guides', undefined, gown)).statusCode).toBe(401);
    expect((await send('POST', '/api/guides', p.enterprise, gown)).statusCode).toBe(403);
    expect((await send('POST', '/api/guides', p.volunteer, gown)).statusCode).toBe(403);
  });

  it('400 naming the field: missing title, unknown type, category of another type, unknown department', async () => {
    const missing = await send('POST', '/api/guides', p.owner, { body: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(fields(missing)).toContain('title');
    const badType = await send('POST', '/api/guides', p.owner, { ...gown, caseTypeCode: 'no_such_type' });
    expect(badType.statusCode).toBe(400);
    expect(fields(badType)).toEqual(['caseTypeCode']);
    const badCategory = await send('POST', '/api/guides', p.owner, { ...gown, category: 'workforce_x' });
    expect(badCategory.statusCode).toBe(400);
    expect(fields(badCategory)).toEqual(['category']);
    const orphanCategory = await send('POST', '/api/guides', p.owner, {
      title: 't',
      body: 'b',
      category: 'workforce',
    });
    expect(orphanCategory.statusCode).toBe(400);
    expect(fields(orphanCategory)).toEqual(['category']);
    const badDept = await send('POST', '/api/guides', p.owner, { ...gown, departmentCode: 'no_such_dept' });
    expect(badDept.statusCode).toBe(400);
    expect(fields(badDept)).toEqual(['departmentCode']);
    const outsideArea = await send('POST', '/api/guides', p.owner, { ...gown, areaId: p.tree.towns[1].id });
    expect(outsideArea.statusCode).toBe(400);
    expect(fields(outsideArea)).toEqual(['areaId']);
    // an administrator (no area) must say where the guide applies
    const noArea = await send('POST', '/api/guides', admin, gown);
    expect(noArea.statusCode).toBe(400);
    expect(fields(noArea)).toEqual(['areaId']);
  });

  it('a handler writes a guide (audited); enterprises of the area read it; another town does not', async () => {
    const created = await send('POST', '/api/guides', p.owner, gown);
    expect(created.statusCode).toBe(201);
    const guide = created.json();
    expect(guide).toMatchObject({
      ...gown,
      areaPath: p.tree.towns[0].path,
      createdBy: { id: p.owner.user.id },
      version: 1,
      can: { update: true },
    });
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, guide.id), eq(auditLog.action, 'guide.create')));
    expect(audits).toHaveLength(1);

    const forEnterprise = await get(`/api/guides/${guide.id}`, p.enterprise);
    expect(forEnterprise.statusCode).toBe(200);
    expect(forEnterprise.json().can.update).toBe(false);
    const search = await get(
      `/api/guides?q=${encodeURIComponent('隔离衣')}&typeCode=enterprise_problem&category=permits_filings`,
      p.enterprise,
    );
    expect(search.statusCode).toBe(200);
    expect(search.json().items.map((g: { id: string }) => g.id)).toContain(guide.id);
    const otherCategory = await get(
      '/api/guides?typeCode=enterprise_problem&category=workforce',
      p.enterprise,
    );
    expect(otherCategory.json().items.map((g: { id: string }) => g.id)).not.toContain(guide.id);
    const noMatch = await get(`/api/guides?q=${encodeURIComponent('100%_不存在')}`, p.owner);
    expect(noMatch.json().items).toEqual([]);

    expect((await get(`/api/guides/${guide.id}`, p.outsider)).statusCode).toBe(404);
    const outsiderList = await get('/api/guides', p.outsider);
    expect(outsiderList.json().items.map((g: { id: string }) => g.id)).not.toContain(guide.id);
  });

  it('a city-wide guide reaches every town', async () => {
    const created = await send('POST', '/api/guides', admin, {
      ...gown,
      title: '全市复工指引',
      areaId: p.tree.city.id,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    for (const s of [p.outsider, p.owner, p.enterprise])
      expect((await get(`/api/guides/${id}`, s)).statusCode).toBe(200);
  });

  it('PATCH: the author with the version; a stale version is 409; another handler 403; out of sight 404', async () => {
    const guide = (
      await send('POST', '/api/guides', p.owner, { title: '通行证办理', body: '先联系交通局' })
    ).json();
    const url = `/api/guides/${guide.id}`;
    expect((await send('PATCH', url, undefined, { version: 1, title: 'x' })).statusCode).toBe(401);
    expect((await send('PATCH', url, p.enterprise, { version: 1, title: 'x' })).statusCode).toBe(403);
    expect((await send('PATCH', url, p.bystander, { version: 1, title: 'x' })).statusCode).toBe(403);
    expect((await send('PATCH', url, p.outsider, { version: 1, title: 'x' })).statusCode).toBe(404);
    const noVersion = await send('PATCH', url, p.owner, { title: 'x' });
    expect(noVersion.statusCode).toBe(400);
    expect(fields(noVersion)).toEqual(['version']);

    const patched = await send('PATCH', url, p.owner, {
      version: 1,
      body: '跨区域车辆通行证：直接联系对方区县交通局联系人',
      caseTypeCode: 'cross_region_coordination',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, caseTypeCode: 'cross_region_coordination' });
    const stale = await send('PATCH', url, p.owner, { version: 1, title: '旧' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'stale', details: [{ field: 'version' }] });
    // an administrator of the area may edit anyone's guide
    expect((await send('PATCH', url, admin, { version: 2, title: '跨区域通行证' })).statusCode).toBe(200);
  });

  it('pages guides by keyset without repeats, and rejects a forged cursor', async () => {
    for (let i = 0; i < 3; i++)
      await send('POST', '/api/guides', p.colleague, { title: `分页 ${i}`, body: '分页测试' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/api/guides?q=${encodeURIComponent('分页测试')}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        p.colleague,
      );
      expect(page.statusCode).toBe(200);
      seen.push(...page.json().items.map((g: { id: string }) => g.id));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const forged = await get(`/api/guides?cursor=${Buffer.from('["x","y"]').toString('base64url')}`, p.owner);
    expect(forged.statusCode).toBe(400);
    expect(fields(forged)).toEqual(['cursor']);
  });
});
