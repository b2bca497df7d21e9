import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, signInAs, type Session, type TestTree } from '../../testing/factories.ts';
import {
  capturingSender,
  createOpen311TestApp,
  createPublicCaseType,
  randomMobile,
} from '../../testing/open311.factories.ts';
import { caseEvents, cases, verificationCodes } from '../cases/cases.tables.ts';

describeEachDatabase('public resident requests: codes, places, requests, tracking, QR', (database) => {
  let app: App;
  let tree: TestTree;
  let typeCode: string;
  let staffOnlyType: string;
  const sender = capturingSender();
  const pii = testPiiCipher();

  beforeAll(async () => {
    app = await createOpen311TestApp(database(), sender);
    tree = await createAreaTree(database().db);
    typeCode = (await createPublicCaseType(database().db)).code;
    staffOnlyType = (await createPublicCaseType(database().db, { publicForm: false })).code;
  });

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers });
  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const askCode = (phone: string) =>
    post('/api/public/verification-codes', { phone, purpose: 'public_request' });
  const request = (phone: string, code: string, extra: object = {}) =>
    post('/api/public/requests', {
      placeId: tree.place.id,
      typeCode,
      description: '小区门口路灯不亮\n已经三天了',
      name: '王女士',
      phone,
      code,
      ...extra,
    });

  describe('verification codes', () => {
    it('sends a six-digit code to the phone without returning it, stored only hashed', async () => {
      const phone = randomMobile();
      const response = await askCode(phone);
      expect(response.statusCode).toBe(202);
      const body = response.json();
      expect(body.phoneMasked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(body.resendAfterSeconds).toBe(60);
      expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
      const code = sender.lastCode(phone);
      expect(code).toMatch(/^\d{6}$/);
      expect(response.body).not.toContain(code);
      const rows = await database()
        .db.select()
        .from(verificationCodes)
        .where(eq(verificationCodes.phoneHash, pii.lookupHash(phone)));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.codeHash).not.toContain(code);
    });

    it('400 for a number that is no mobile, and for a missing phone', async () => {
      const landline = await askCode('0573-85123456');
      expect(landline.statusCode).toBe(400);
      expect(landline.json().error.details[0].field).toBe('phone');
      expect((await post('/api/public/verification-codes', {})).statusCode).toBe(400);
      expect(
        (await post('/api/public/verification-codes', { phone: randomMobile(), purpose: 'login' }))
          .statusCode,
      ).toBe(400);
    });

    it('sends at most five codes per phone per hour, then 429 with Retry-After', async () => {
      const phone = randomMobile();
      for (let i = 0; i < 5; i++) expect((await askCode(phone)).statusCode).toBe(202);
      const sixth = await askCode(phone);
      expect(sixth.statusCode).toBe(429);
      expect(sixth.json().error.code).toBe('too_many_codes');
      const retryAfter = Number(sixth.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      // another phone is not affected
      expect((await askCode(randomMobile())).statusCode).toBe(202);
    });
  });

  describe('places', () => {
    it('shows a place by id or path with its trail and the types residents may file', async () => {
      const byId = await get(`/api/public/places/${tree.place.id}`);
      expect(byId.statusCode).toBe(200);
      const place = byId.json();
      expect(place.name).toBe('甲社区卡点');
      expect(place.trail).toEqual(['测试市', '甲街道', '甲社区', '甲社区第1网格', '甲社区卡点']);
      const codes = place.caseTypes.map((t: { code: string }) => t.code);
      expect(codes).toContain(typeCode);
      expect(codes).not.toContain(staffOnlyType);
      const byPath = await get(`/api/public/places/${tree.place.path}`);
      expect(byPath.json().id).toBe(tree.place.id);
    });

    it('404 for an unknown place, 400 for a malformed reference', async () => {
      expect((await get(`/api/public/places/${crypto.randomUUID()}`)).statusCode).toBe(404);
      expect((await get('/api/public/places/no-such-place-xyz')).statusCode).toBe(404);
      expect((await get('/api/public/places/%3Cscript%3E')).statusCode).toBe(400);
    });
  });

  describe('requests', () => {
    it('files a case with the right code, then tracks it without personal data', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const created = await request(phone, sender.lastCode(phone));
      expect(created.statusCode).toBe(201);
      const { code, trackingToken } = created.json();
      expect(code).toMatch(/^GL-\d{6,}$/);
      expect(trackingToken).toMatch(/^[A-Za-z0-9_-]{16,}$/);

      const [row] = await database().db.select().from(cases).where(eq(cases.open311Token, trackingToken));
      expect(row?.source).toBe('resident_qr');
      expect(row?.typeCode).toBe(typeCode);
      expect(row?.areaPath).toBe(tree.place.path);
      expect(row?.title).toBe('小区门口路灯不亮');
      expect(row?.requesterName).toBe('王女士');
      expect(row?.requesterPhoneHash).toBe(pii.lookupHash(phone));
      expect(row?.requesterPhoneEnc).not.toContain(phone);

      const audit = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, row?.id ?? ''), eq(auditLog.action, 'public_request.create')));
      expect(audit).toHaveLength(1);

      const tracked = await get(`/api/public/requests/${trackingToken}`);
      expect(tracked.statusCode).toBe(200);
      const t = tracked.json();
      expect(t.code).toBe(code);
      expect(t.status).toBe('submitted');
      expect(t.open).toBe(true);
      expect(t.placeName).toBe('甲社区卡点');
      expect(t.events.length).toBeGreaterThan(0);
      expect(tracked.body).not.toContain('王女士');
      expect(tracked.body).not.toContain(phone);
      expect(tracked.body).not.toContain(phone.slice(-4) + '"');
    });

    it('tracking shows public updates only', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const { trackingToken } = (await request(phone, sender.lastCode(phone))).json();
      const [row] = await database().db.select().from(cases).where(eq(cases.open311Token, trackingToken));
      await database()
        .db.insert(caseEvents)
        .values([
          { caseId: row?.id ?? '', kind: 'comment', visibility: 'internal', body: '内部：联系电力公司' },
          { caseId: row?.id ?? '', kind: 'comment', visibility: 'public', body: '已安排维修' },
        ]);
      const body = (await get(`/api/public/requests/${trackingToken}`)).json();
      const bodies = body.events.map((e: { body: string | null }) => e.body);
      expect(bodies).toContain('已安排维修');
      expect(bodies).not.toContain('内部：联系电力公司');
    });

    it('refuses a wrong code and counts it; after five wrong tries even the right code fails', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const right = sender.lastCode(phone);
      const wrong = right === '000000' ? '111111' : '000000';
      const first = await request(phone, wrong);
      expect(first.statusCode).toBe(400);
      expect(first.json().error.details[0].field).toBe('code');
      expect(first.json().error.details[0].reason).toContain('4');
      for (let i = 0; i < 4; i++) expect((await request(phone, wrong)).statusCode).toBe(400);
      const exhausted = await request(phone, right);
      expect(exhausted.statusCode).toBe(400);
      expect(exhausted.json().error.details[0].field).toBe('code');
      // a new code works again
      await askCode(phone);
      expect((await request(phone, sender.lastCode(phone))).statusCode).toBe(201);
    });

    it('refuses an expired code', async () => {
      const phone = randomMobile();
      await askCode(phone);
      await database()
        .db.update(verificationCodes)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(verificationCodes.phoneHash, pii.lookupHash(phone)));
      const response = await request(phone, sender.lastCode(phone));
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].field).toBe('code');
    });

    it('a code files one request only', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const code = sender.lastCode(phone);
      expect((await request(phone, code)).statusCode).toBe(201);
      const again = await request(phone, code);
      expect(again.statusCode).toBe(400);
      expect(again.json().error.details[0].field).toBe('code');
    });

    it('a code for one phone does not work for another', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const other = randomMobile();
      await askCode(other);
      expect((await request(other, sender.lastCode(phone))).statusCode).toBe(400);
    });

    it('400 for a type residents may not file, an unknown place, bad fields; the code is not used up', async () => {
      const phone = randomMobile();
      await askCode(phone);
      const code = sender.lastCode(phone);
      const staffOnly = await request(phone, code, { typeCode: staffOnlyType });
      expect(staffOnly.statusCode).toBe(400);
      expect(staffOnly.json().error.details[0].field).toBe('typeCode');
      const nowhere = await request(phone, code, { placeId: crypto.randomUUID() });
      expect(nowhere.statusCode).toBe(400);
      expect(nowhere.json().error.details[0].field).toBe('placeId');
      expect((await request(phone, code, { code: '12ab56' })).statusCode).toBe(400);
      expect((await request(phone, code, { description: '' })).statusCode).toBe(400);
      expect((await request(phone, code, { extra: 1 })).statusCode).toBe(400);
      expect((await request(phone, code)).statusCode).toBe(201);
    });

    it('404 for an unknown tracking token, 400 for a malformed one', async () => {
      expect((await get('/api/public/requests/AAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
      expect((await get('/api/public/requests/short')).statusCode).toBe(400);
    });
  });

  describe('QR codes of places', () => {
    it('PNG and SVG encode /r/<area id>; 401 signed out, 404 outside scope', async () => {
      const admin = await signInAs(app, database().db, 'admin', null);
      const png = await get(`/api/areas/${tree.place.id}/qr.png`, admin);
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.rawPayload.subarray(0, 4).toString('hex')).toBe('89504e47');
      expect(png.headers['x-qr-url']).toMatch(new RegExp(`/r/${tree.place.id}$`));
      const svg = await get(`/api/areas/${tree.place.id}/qr.svg`, admin);
      expect(svg.statusCode).toBe(200);
      expect(svg.body).toContain('<svg');

      expect((await get(`/api/areas/${tree.place.id}/qr.png`)).statusCode).toBe(401);
      const otherTown = await signInAs(app, database().db, 'town_staff', tree.towns[1].path);
      expect((await get(`/api/areas/${tree.place.id}/qr.svg`, otherTown)).statusCode).toBe(404);
      expect((await get(`/api/areas/not-a-uuid/qr.svg`, admin)).statusCode).toBe(400);
    });
  });
});
