import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, signInAs, type Session, type TestTree } from '../../testing/factories.ts';
import {
  capturingSender,
  createOpen311TestApp,
  createPublicCaseType,
  setCaseStatus,
} from '../../testing/open311.factories.ts';
import { apiKeys, cases } from '../cases/cases.tables.ts';

describeEachDatabase('Open311 GeoReport v2 and its API keys', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let key: string;
  let serviceCode: string;
  let typeCode: string;
  let hiddenType: string;

  beforeAll(async () => {
    app = await createOpen311TestApp(database(), capturingSender());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
    const type = await createPublicCaseType(database().db, {
      fields: [
        { key: 'floor', label: { zh: '楼层', en: 'Floor' }, type: 'number', required: true },
        {
          key: 'kind',
          label: { zh: '类型', en: 'Kind' },
          type: 'select',
          required: false,
          options: [{ value: 'light', label: { zh: '路灯', en: 'Street light' } }],
        },
      ],
    });
    serviceCode = type.open311Code ?? '';
    typeCode = type.code;
    hiddenType = (await createPublicCaseType(database().db, { open311: false })).code;
    const created = await app.inject({
      method: 'POST',
      url: '/api/open311/keys',
      headers: admin.headers,
      payload: { name: 'city app' },
    });
    key = created.json().key;
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const postForm = (url: string, form: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const file = async (extra: Record<string, string> = {}) => {
    const response = await postForm('/open311/v2/requests.json', {
      api_key: key,
      service_code: serviceCode,
      lat: '30.51',
      long: '120.93',
      address_string: '平湖市当湖街道 1 号',
      description: '井盖缺失',
      first_name: '明',
      last_name: '李',
      phone: '13812345678',
      'attribute[floor]': '3',
      ...extra,
    });
    expect(response.statusCode).toBe(201);
    return response.json()[0] as { service_request_id: string; token: string };
  };

  describe('API keys', () => {
    it('issue the key once, list prefixes only, revoke; audited', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/open311/keys',
        headers: admin.headers,
        payload: { name: 'partner' },
      });
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(body.key).toMatch(/^gl311_/);
      expect(body.key.startsWith(body.keyPrefix)).toBe(true);
      const [stored] = await database().db.select().from(apiKeys).where(eq(apiKeys.id, body.id));
      expect(stored?.keyHash).not.toBe(body.key);
      expect(stored?.keyHash).toMatch(/^[0-9a-f]{64}$/);

      const list = await get('/api/open311/keys', admin.headers);
      expect(list.statusCode).toBe(200);
      expect(list.body).not.toContain(body.key);
      expect(list.json().items.some((k: { id: string }) => k.id === body.id)).toBe(true);

      const revoked = await app.inject({
        method: 'POST',
        url: `/api/open311/keys/${body.id}/revoke`,
        headers: admin.headers,
      });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json().active).toBe(false);
      const audit = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, body.id), eq(auditLog.entityType, 'api_key')));
      expect(audit.map((a) => a.action).sort()).toEqual(['open311_key.create', 'open311_key.revoke']);

      // a revoked key files nothing
      const refused = await postForm('/open311/v2/requests.json', {
        api_key: body.key,
        service_code: serviceCode,
        address_string: 'x',
        description: 'x',
      });
      expect(refused.statusCode).toBe(403);
    });

    it('401 signed out, 403 without cases:admin, 404 unknown key, 400 bad body', async () => {
      expect((await get('/api/open311/keys')).statusCode).toBe(401);
      const worker = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);
      expect((await get('/api/open311/keys', worker.headers)).statusCode).toBe(403);
      const unknown = await app.inject({
        method: 'POST',
        url: `/api/open311/keys/${crypto.randomUUID()}/revoke`,
        headers: admin.headers,
      });
      expect(unknown.statusCode).toBe(404);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/open311/keys',
        headers: admin.headers,
        payload: {},
      });
      expect(bad.statusCode).toBe(400);
    });
  });

  describe('discovery and services', () => {
    it('discovery in JSON and XML', async () => {
      const json = await get('/open311/v2/discovery.json');
      expect(json.statusCode).toBe(200);
      expect(json.json().endpoints[0]).toMatchObject({
        specification: 'http://wiki.open311.org/GeoReport_v2',
        formats: ['text/xml', 'application/json'],
      });
      expect(json.json().endpoints[0].url).toMatch(/\/open311\/v2$/);
      const xml = await get('/open311/v2/discovery.xml');
      expect(xml.headers['content-type']).toContain('text/xml');
      expect(xml.body).toContain('<discovery><changeset>');
      expect(xml.body).toContain(
        '<formats><format>text/xml</format><format>application/json</format></formats>',
      );
    });

    it('lists published types only, in JSON and XML', async () => {
      const json = await get('/open311/v2/services.json');
      expect(json.statusCode).toBe(200);
      const services = json.json() as { service_code: string }[];
      const mine = services.find((s) => s.service_code === serviceCode);
      expect(mine).toMatchObject({ metadata: false, type: 'realtime' });
      expect(services.some((s) => s.service_code === hiddenType)).toBe(false);
      const en = await get('/open311/v2/services.json', { 'accept-language': 'en' });
      expect(
        en.json().find((s: { service_code: string }) => s.service_code === serviceCode).service_name,
      ).toMatch(/^Resident request/);
      const xml = await get('/open311/v2/services.xml');
      expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service>/);
      expect(xml.body).toContain(`<service_code>${serviceCode}</service_code>`);
      expect(xml.body).toContain('<metadata>false</metadata><type>realtime</type>');
    });

    it('does not publish a type with a service code that residents may not file', async () => {
      const staffOnly = await createPublicCaseType(database().db, { publicForm: false });
      const services = (await get('/open311/v2/services.json')).json() as { service_code: string }[];
      expect(services.some((s) => s.service_code === staffOnly.open311Code)).toBe(false);
      expect((await get(`/open311/v2/services/${staffOnly.open311Code}.json`)).statusCode).toBe(404);
      const filed = await postForm('/open311/v2/requests.json', {
        api_key: key,
        service_code: staffOnly.open311Code ?? '',
        address_string: '平湖市当湖街道 1 号',
        description: '井盖缺失',
      });
      expect(filed.statusCode).toBe(404);
    });

    it('a service definition carries the form fields as attributes; unknown code 404 in the spec format', async () => {
      const json = await get(`/open311/v2/services/${serviceCode}.json`);
      expect(json.statusCode).toBe(200);
      expect(json.json().service_code).toBe(serviceCode);
      expect(json.json().attributes[0]).toMatchObject({
        code: 'floor',
        datatype: 'number',
        required: true,
        variable: true,
      });
      const xml = await get(`/open311/v2/services/${serviceCode}.xml`);
      expect(xml.body).toContain('<service_definition>');
      expect(xml.body).toContain('<values><value><key>light</key><name>路灯</name></value></values>');

      const missing = await get('/open311/v2/services/no_such_service.json');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual([{ code: 404, description: 'service_code no_such_service not found' }]);
      const missingXml = await get('/open311/v2/services/no_such_service.xml');
      expect(missingXml.statusCode).toBe(404);
      expect(missingXml.body).toContain('<errors><error><code>404</code><description>');
      expect((await get('/open311/v2/services.csv')).statusCode).toBe(404);
    });
  });

  describe('POST requests', () => {
    it("stores the attributes as the type's typed answers; a missing or bad required one is a 400", async () => {
      const filed = await file({
        'attribute[floor]': '12',
        'attribute[kind]': 'light',
        'attribute[extra]': 'x',
      });
      const number = Number(filed.service_request_id.replace('GL-', ''));
      const [row] = await database().db.select().from(cases).where(eq(cases.number, number));
      expect(row?.fields).toEqual({ floor: 12, kind: 'light' });

      const base = {
        api_key: key,
        service_code: serviceCode,
        address_string: '平湖市当湖街道 1 号',
        description: '井盖缺失',
      };
      const missing = await postForm('/open311/v2/requests.json', base);
      expect(missing.statusCode).toBe(400);
      expect(JSON.stringify(missing.json())).toContain('attribute[floor]');
      const wrong = await postForm('/open311/v2/requests.json', {
        ...base,
        'attribute[kind]': 'tree',
        'attribute[floor]': '2',
      });
      expect(wrong.statusCode).toBe(400);
      expect(JSON.stringify(wrong.json())).toContain('attribute[kind]');
    });

    it('403 without a key or with a wrong one, as a JSON list and as XML', async () => {
      const none = await postForm('/open311/v2/requests.json', {
        service_code: serviceCode,
        description: 'x',
      });
      expect(none.statusCode).toBe(403);
      expect(none.json()).toEqual([{ code: 403, description: 'api_key was not provided or is invalid' }]);
      const wrong = await postForm('/open311/v2/requests.xml', {
        api_key: 'gl311_nope',
        service_code: serviceCode,
      });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.body).toContain('<errors><error><code>403</code>');
    });

    it('400 with every problem listed; 404 for an unknown service_code', async () => {
      const bad = await postForm('/open311/v2/requests.json', { api_key: key });
      expect(bad.statusCode).toBe(400);
      const descriptions = (bad.json() as { code: number; description: string }[]).map((e) => e.description);
      expect(descriptions).toContain('service_code was not provided');
      expect(descriptions).toContain('description was not provided');
      expect(bad.json()[0].code).toBe(400);
      const unknown = await postForm('/open311/v2/requests.json', {
        api_key: key,
        service_code: 'nope_service',
        address_string: 'x',
        description: 'x',
      });
      expect(unknown.statusCode).toBe(404);
      const badPhone = await postForm('/open311/v2/requests.json', {
        api_key: key,
        service_code: serviceCode,
        address_string: 'x',
        description: 'x',
        phone: '12',
      });
      expect(badPhone.statusCode).toBe(400);
    });

    it('files a case at the city root (or the address_id area), form-encoded or JSON, XML response', async () => {
      const filed = await file();
      expect(filed.service_request_id).toMatch(/^GL-\d{6,}$/);
      const [row] = await database().db.select().from(cases).where(eq(cases.open311Token, filed.token));
      expect(row).toMatchObject({
        source: 'open311',
        typeCode,
        requesterName: '李明',
        lat: 30.51,
        lon: 120.93,
      });
      expect(row?.areaPath.includes('.')).toBe(false);

      const json = await app.inject({
        method: 'POST',
        url: '/open311/v2/requests.xml',
        payload: {
          api_key: key,
          service_code: serviceCode,
          address_id: tree.place.path,
          description: '路灯不亮',
          'attribute[floor]': '1',
        },
      });
      expect(json.statusCode).toBe(201);
      expect(json.body).toMatch(
        /<service_requests><request><service_request_id>GL-\d+<\/service_request_id>/,
      );
      const id = /GL-\d+/.exec(json.body)?.[0] ?? '';
      const [placed] = await database()
        .db.select()
        .from(cases)
        .where(eq(cases.number, Number(id.slice(3))));
      expect(placed?.areaPath).toBe(tree.place.path);

      const unknownArea = await postForm('/open311/v2/requests.json', {
        api_key: key,
        service_code: serviceCode,
        address_id: 'no.such.area',
        description: 'x',
        'attribute[floor]': '1',
      });
      expect(unknownArea.statusCode).toBe(400);
      expect(JSON.stringify(unknownArea.json())).toContain('address_id');
      const [used] = await database()
        .db.select()
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, (await import('./open311.service.ts')).hashApiKey(key)));
      expect(used?.lastUsedAt).not.toBeNull();
    });
  });

  describe('GET requests and tokens', () => {
    it('one request in JSON and XML without personal data; status open → closed', async () => {
      const filed = await file();
      const one = await get(`/open311/v2/requests/${filed.service_request_id}.json`);
      expect(one.statusCode).toBe(200);
      const [request] = one.json();
      expect(request).toMatchObject({
        service_request_id: filed.service_request_id,
        status: 'open',
        service_code: serviceCode,
        description: '井盖缺失',
        address: '平湖市当湖街道 1 号',
        lat: 30.51,
        long: 120.93,
      });
      expect(one.body).not.toContain('13812345678');
      expect(one.body).not.toContain('李明');
      const xml = await get(`/open311/v2/requests/${filed.service_request_id}.xml`);
      expect(xml.body).toContain(
        `<service_requests><request><service_request_id>${filed.service_request_id}`,
      );
      expect(xml.body).toContain('<status>open</status>');

      const number = Number(filed.service_request_id.slice(3));
      await setCaseStatus(database().db, number, 'resolved', '已更换井盖');
      const closed = (await get(`/open311/v2/requests/${filed.service_request_id}.json`)).json()[0];
      expect(closed).toMatchObject({ status: 'closed', status_notes: '已更换井盖' });
      await setCaseStatus(database().db, number, 'in_progress');
      expect((await get(`/open311/v2/requests/${filed.service_request_id}.json`)).json()[0].status).toBe(
        'open',
      );

      expect((await get('/open311/v2/requests/GL-999999999.json')).statusCode).toBe(404);
      expect((await get('/open311/v2/requests/nonsense.xml')).body).toContain('<code>404</code>');
    });

    it('lists by service_code and status, never staff cases, and by id list', async () => {
      const a = await file();
      const b = await file();
      await setCaseStatus(database().db, Number(b.service_request_id.slice(3)), 'rejected');
      const all = (await get(`/open311/v2/requests.json?service_code=${serviceCode}`)).json() as {
        service_request_id: string;
        status: string;
      }[];
      const ids = all.map((r) => r.service_request_id);
      expect(ids).toEqual(expect.arrayContaining([a.service_request_id, b.service_request_id]));
      const open = (
        await get(`/open311/v2/requests.json?service_code=${serviceCode}&status=open`)
      ).json() as {
        service_request_id: string;
        status: string;
      }[];
      expect(open.every((r) => r.status === 'open')).toBe(true);
      expect(open.map((r) => r.service_request_id)).not.toContain(b.service_request_id);
      const closed = (
        await get(`/open311/v2/requests.json?service_code=${serviceCode}&status=closed`)
      ).json() as {
        service_request_id: string;
      }[];
      expect(closed.map((r) => r.service_request_id)).toEqual([b.service_request_id]);

      const byIds = (
        await get(
          `/open311/v2/requests.json?service_request_id=${a.service_request_id},${b.service_request_id}&status=open`,
        )
      ).json() as { service_request_id: string }[];
      expect(byIds.map((r) => r.service_request_id).sort()).toEqual(
        [a.service_request_id, b.service_request_id].sort(),
      );

      const xml = await get(`/open311/v2/requests.xml?service_code=${serviceCode}`);
      expect(xml.body).toMatch(/^<\?xml[^>]*>\n<service_requests><request>/);

      // a staff-filed case of the same type is not published
      const [staffCase] = await database().db.select().from(cases).where(eq(cases.open311Token, a.token));
      await database()
        .db.update(cases)
        .set({ source: 'staff' })
        .where(eq(cases.id, staffCase?.id ?? ''));
      const after = (await get(`/open311/v2/requests.json?service_code=${serviceCode}`)).json() as {
        service_request_id: string;
      }[];
      expect(after.map((r) => r.service_request_id)).not.toContain(a.service_request_id);
    });

    it('dates: the last 90 days by default, start/end honoured, bad values 400', async () => {
      const recent = await file();
      const future = new Date(Date.now() + 86_400_000).toISOString();
      const none = (
        await get(`/open311/v2/requests.json?service_code=${serviceCode}&start_date=${future}`)
      ).json();
      expect(none).toEqual([]);
      const old = await file();
      await database()
        .db.update(cases)
        .set({ createdAt: new Date(Date.now() - 120 * 86_400_000) })
        .where(eq(cases.open311Token, old.token));
      const byDefault = (await get(`/open311/v2/requests.json?service_code=${serviceCode}`)).json() as {
        service_request_id: string;
      }[];
      expect(byDefault.map((r) => r.service_request_id)).toContain(recent.service_request_id);
      expect(byDefault.map((r) => r.service_request_id)).not.toContain(old.service_request_id);
      const start = new Date(Date.now() - 200 * 86_400_000).toISOString();
      const withStart = (
        await get(`/open311/v2/requests.json?service_code=${serviceCode}&start_date=${start}`)
      ).json() as { service_request_id: string }[];
      expect(withStart.map((r) => r.service_request_id)).toContain(old.service_request_id);

      const badDate = await get('/open311/v2/requests.json?start_date=yesterday');
      expect(badDate.statusCode).toBe(400);
      expect(badDate.json()[0].code).toBe(400);
      expect((await get('/open311/v2/requests.xml?status=pending')).body).toContain('<code>400</code>');
    });

    it('a token resolves to its request id; unknown token 404', async () => {
      const filed = await file();
      const json = await get(`/open311/v2/tokens/${filed.token}.json`);
      expect(json.json()).toEqual([{ service_request_id: filed.service_request_id, token: filed.token }]);
      const xml = await get(`/open311/v2/tokens/${filed.token}.xml`);
      expect(xml.body).toContain(`<token>${filed.token}</token>`);
      expect((await get('/open311/v2/tokens/unknown-token.json')).statusCode).toBe(404);
    });
  });
});
