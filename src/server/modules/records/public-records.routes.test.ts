import { beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createPerson, randomMobile } from '../../testing/people.factories.ts';
import { createRecordsWorld, SAMPLE_VALUES, type RecordsWorld } from '../../testing/records.factories.ts';

describeEachDatabase('public records', (database) => {
  let app: App;
  let w: RecordsWorld;
  const phone = randomMobile();
  const texts: string[] = [];

  beforeAll(async () => {
    app = await buildApp({
      database: database(),
      pii: testPiiCipher(),
      logLevel: 'silent',
      codeSender: { send: async (_phone, text) => void texts.push(text) },
    });
    w = await createRecordsWorld(app, database().db);
    await createPerson(database().db, w.tree.grids[0], { name: '王居民', phone });
  });

  const codeFor = async (to: string): Promise<string> => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/public/verification-codes',
      payload: { phone: to },
    });
    expect(r.statusCode).toBe(202);
    return /\d{6}/.exec(texts.at(-1) ?? '')?.[0] ?? '';
  };
  const report = (payload: object, areaId = w.place.id) =>
    app.inject({
      method: 'POST',
      url: `/api/public/record-places/${areaId}/records`,
      headers: { 'accept-language': 'en' },
      payload,
    });
  const body = (code: string, extra: object = {}) => ({
    phone,
    code,
    key: crypto.randomUUID(),
    formKey: 'resident_screening',
    values: SAMPLE_VALUES.resident_screening,
    ...extra,
  });

  it('shows the place and the forms residents may fill, signed out', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/public/record-places/${w.place.id}` });
    expect(r.statusCode).toBe(200);
    const out = r.json<{ place: { name: string }; forms: { key: string }[] }>();
    expect(out.place.name).toBe('甲社区卡点');
    expect(out.forms.map((f) => f.key).sort()).toEqual(['resident_screening', 'returnee_registration']);
    expect(
      (await app.inject({ method: 'GET', url: `/api/public/record-places/${crypto.randomUUID()}` }))
        .statusCode,
    ).toBe(404);
  });

  it('a registered resident reports their screening with the code; it lands on their own history', async () => {
    const r = await report(body(await codeFor(phone)));
    expect(r.statusCode).toBe(201);
    const { recordId } = r.json<{ recordId: string }>();
    const detail = await app.inject({
      method: 'GET',
      url: `/api/records/${recordId}`,
      headers: w.worker.headers,
    });
    expect(detail.json<{ record: { subject: { name: string }; channel: string } }>().record).toMatchObject({
      subject: { name: '王居民' },
      channel: 'public',
    });
  });

  it('refuses a wrong code, a used code, bad values, a staff-only form and an unregistered phone', async () => {
    const code = await codeFor(phone);
    const wrong = await report(body(code === '000000' ? '111111' : '000000'));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('code');
    const bad = await report(
      body(code, { values: { ...SAMPLE_VALUES.resident_screening, temperature: 50 } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
      'values.temperature',
    );
    const staffOnly = await report(body(code, { formKey: 'door_visit', values: SAMPLE_VALUES.door_visit }));
    expect(staffOnly.statusCode).toBe(400);
    expect((await report(body(code))).statusCode).toBe(201);
    expect((await report(body(code))).statusCode).toBe(400);

    const stranger = randomMobile();
    const unknown = await report({ ...body(await codeFor(stranger)), phone: stranger });
    expect(unknown.statusCode).toBe(404);
    expect(
      unknown.json<{ error: { details: { field: string; reason: string }[] } }>().error.details[0],
    ).toEqual({
      field: 'phone',
      reason: 'this phone is not registered here; contact the community staff',
    });
    // Registered, but under another town: not "here".
    const elsewhere = await report(body(await codeFor(phone)), w.tree.grids[1].id);
    expect([400, 404]).toContain(elsewhere.statusCode);
  });
});
