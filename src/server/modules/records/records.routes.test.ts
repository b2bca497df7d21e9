import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createTestApp, type Session } from '../../testing/factories.ts';
import {
  createRecordsWorld,
  recordBody,
  SAMPLE_VALUES,
  type RecordsWorld,
} from '../../testing/records.factories.ts';

interface Dto {
  id: string;
  recordId: string;
  revision: number;
  current: boolean;
  formVersion: number;
  values: Record<string, unknown>;
  reason: string | null;
  replayed?: boolean;
  subject: { kind: string; id: string; name: string };
  can: { correct: boolean };
}
interface Form {
  key: string;
  version: number;
  active: boolean;
  fields: { key: string }[];
}
type ErrorOut = { error: { code: string; details: { field: string }[] } };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describeEachDatabase('records routes', (database) => {
  let app: App;
  let w: RecordsWorld;

  beforeAll(async () => {
    app = await createTestApp(database());
    w = await createRecordsWorld(app, database().db);
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, payload });
  const submit = async (s: Session, body: object): Promise<Dto> => {
    const r = await send('POST', '/api/records', s, body);
    expect(r.statusCode).toBe(201);
    return r.json<Dto>();
  };

  describe('corrections', () => {
    it('add a revision and keep the earlier one; audited with the reason', async () => {
      const made = await submit(
        w.worker,
        recordBody('resident_screening', { kind: 'person', id: w.person.id }),
      );
      const body = {
        key: crypto.randomUUID(),
        values: { ...SAMPLE_VALUES.resident_screening, temperature: 37.1 },
        expectedRevision: 1,
        reason: '复测体温',
      };
      const r = await send('POST', `/api/records/${made.recordId}/corrections`, w.worker, body);
      expect(r.statusCode).toBe(201);
      expect(r.json<Dto>()).toMatchObject({
        recordId: made.recordId,
        revision: 2,
        current: true,
        reason: '复测体温',
      });

      const detail = (await get(`/api/records/${made.recordId}`, w.townA)).json<{
        record: Dto;
        revisions: Dto[];
      }>();
      expect(detail.record.revision).toBe(2);
      expect(detail.revisions.map((x) => [x.revision, x.current, x.values.temperature])).toEqual([
        [2, true, 37.1],
        [1, false, 36.5],
      ]);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'record.correct'), eq(auditLog.entityId, detail.record.id)));
      expect(audits).toHaveLength(1);

      // The same correction again (a retry) is recognised, not applied twice.
      const again = await send('POST', `/api/records/${made.recordId}/corrections`, w.worker, body);
      expect(again.statusCode).toBe(200);
      expect(again.json<Dto>()).toMatchObject({ revision: 2, replayed: true });
    });

    it('409 when the corrected revision is stale, 400 naming a bad value, 404 out of area, 401, 403', async () => {
      const made = await submit(w.townA, recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }));
      const url = `/api/records/${made.recordId}/corrections`;
      const body = (extra: object = {}) => ({
        key: crypto.randomUUID(),
        values: SAMPLE_VALUES.checkpoint_pass,
        expectedRevision: 1,
        reason: '更正',
        ...extra,
      });
      expect((await send('POST', url, w.townA, body())).statusCode).toBe(201);
      const stale = await send('POST', url, w.townA, body());
      expect(stale.statusCode).toBe(409);
      expect(stale.json<ErrorOut>().error).toMatchObject({
        code: 'stale',
        details: [{ field: 'expectedRevision' }],
      });
      const bad = await send('POST', url, w.townA, body({ expectedRevision: 2, values: { mask: 'maybe' } }));
      expect(bad.statusCode).toBe(400);
      expect(bad.json<ErrorOut>().error.details.map((d) => d.field)).toContain('values.mask');
      expect((await send('POST', url, w.townB, body({ expectedRevision: 2 }))).statusCode).toBe(404);
      expect((await send('POST', url, undefined, body())).statusCode).toBe(401);
      expect((await send('POST', url, w.supervisor, body())).statusCode).toBe(403);
      expect(
        (await send('POST', `/api/records/${crypto.randomUUID()}/corrections`, w.townA, body())).statusCode,
      ).toBe(404);
    });
  });

  describe('lists, detail and export', () => {
    it('list current revisions in the caller’s area, filtered, newest first, paged', async () => {
      for (let i = 0; i < 3; i++)
        await submit(
          w.townA,
          recordBody(
            'market_prices',
            { kind: 'place', id: w.place.id },
            { observedAt: `2020-02-0${i + 1}T03:00:00Z` },
          ),
        );
      const page1 = await get('/api/records?formKey=market_prices&limit=2', w.townA);
      expect(page1.statusCode).toBe(200);
      const p1 = page1.json<{ items: (Dto & { day: string })[]; nextCursor: string | null }>();
      expect(p1.items.map((x) => x.day)).toEqual(['2020-02-03', '2020-02-02']);
      const p2 = (
        await get(`/api/records?formKey=market_prices&limit=2&cursor=${p1.nextCursor ?? ''}`, w.townA)
      ).json<{ items: (Dto & { day: string })[]; nextCursor: string | null }>();
      expect(p2.items.map((x) => x.day)).toEqual(['2020-02-01']);
      expect(p2.nextCursor).toBeNull();
      const ranged = (
        await get('/api/records?formKey=market_prices&from=2020-02-02&to=2020-02-02', w.townA)
      ).json<{ items: unknown[] }>();
      expect(ranged.items).toHaveLength(1);
      // Town B's staff see none of town A's records.
      expect(
        (await get('/api/records?formKey=market_prices', w.townB)).json<{ items: unknown[] }>().items,
      ).toEqual([]);
      expect(
        (await get('/api/records?q=甲社区', w.townA)).json<{ items: Dto[] }>().items.length,
      ).toBeGreaterThan(0);
    });

    it('an enterprise user lists only its own organisation’s records', async () => {
      await submit(w.entUser, recordBody('enterprise_daily', { kind: 'org', id: w.org.id }));
      await submit(w.admin, recordBody('enterprise_daily', { kind: 'org', id: w.otherOrg.id }));
      const items = (await get('/api/records', w.entUser)).json<{ items: Dto[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((x) => x.subject.id === w.org.id)).toBe(true);
    });

    it('401, 403, 400 and 404 on reads', async () => {
      const made = await submit(w.townA, recordBody('venue_disinfection', { kind: 'place', id: w.place.id }));
      expect((await get('/api/records')).statusCode).toBe(401);
      expect((await get('/api/records', w.volunteer)).statusCode).toBe(403);
      expect((await get('/api/records?cursor=garbage', w.townA)).statusCode).toBe(400);
      expect((await get('/api/records?from=yesterday', w.townA)).statusCode).toBe(400);
      expect((await get(`/api/records/${made.recordId}`, w.townB)).statusCode).toBe(404);
      expect((await get(`/api/records/${made.recordId}`, w.entUser)).statusCode).toBe(404);
      expect((await get('/api/records/not-a-uuid', w.townA)).statusCode).toBe(400);
      expect((await get('/api/records.xlsx')).statusCode).toBe(401);
    });

    it('exports the filtered records as xlsx with a column per field', async () => {
      await submit(w.townA, recordBody('door_visit', { kind: 'household', id: w.household.id }));
      const r = await get('/api/records.xlsx?formKey=door_visit', w.townA);
      expect(r.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0];
      const header = (sheet?.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(expect.arrayContaining(['走访结果', '在家人数']));
      expect(sheet?.getRow(2).values).toEqual(expect.arrayContaining(['李测试户', '已应答', 3]));
    });
  });

  describe('subject pickers', () => {
    it('offer subjects of a kind in the caller’s area, by name', async () => {
      const orgs = (await get('/api/record-subjects?kind=org&q=制衣', w.townA)).json<{
        items: { id: string }[];
      }>();
      expect(orgs.items.map((x) => x.id)).toEqual([w.org.id]);
      expect(
        (await get('/api/record-subjects?kind=org&q=制衣', w.townB)).json<{ items: unknown[] }>().items,
      ).toEqual([]);
      const places = (await get('/api/record-subjects?kind=place&placeKind=checkpoint', w.volunteer)).json<{
        items: { id: string; name: string }[];
      }>();
      expect(places.items).toEqual([expect.objectContaining({ id: w.place.id, name: '甲社区卡点' })]);
      const ent = (await get('/api/record-subjects?kind=org', w.entUser)).json<{ items: { id: string }[] }>();
      expect(ent.items.map((x) => x.id)).toEqual([w.org.id]);
      const households = (await get('/api/record-subjects?kind=household&q=李', w.worker)).json<{
        items: { id: string; name: string }[];
      }>();
      expect(households.items).toEqual([expect.objectContaining({ id: w.household.id, name: '李测试户' })]);
    });

    it('401, 403 and 400', async () => {
      expect((await get('/api/record-subjects?kind=org')).statusCode).toBe(401);
      expect((await get('/api/record-subjects?kind=org', w.supervisor)).statusCode).toBe(403);
      expect((await get('/api/record-subjects?kind=ship', w.townA)).statusCode).toBe(400);
    });
  });

  describe('forms', () => {
    it('list the current version of every active form to any signed-in user', async () => {
      expect((await get('/api/record-forms')).statusCode).toBe(401);
      const list = (await get('/api/record-forms', w.volunteer)).json<{ items: Form[] }>();
      expect(list.items.map((f) => f.key)).toEqual(
        expect.arrayContaining(['checkpoint_pass', 'enterprise_daily']),
      );
      expect((await get('/api/record-forms/checkpoint_pass', w.entUser)).json<Form>().version).toBe(1);
      expect((await get('/api/record-forms/nothing_here', w.townA)).statusCode).toBe(404);
    });

    it('only an administrator creates, versions and switches forms; 400 names bad fields; 409 on a taken key', async () => {
      const form = {
        key: 'mask_distribution',
        subjectKind: 'place',
        name: { zh: '口罩发放', en: 'Mask distribution' },
        fields: [
          { key: 'masks', label: { zh: '发放数', en: 'Masks' }, type: 'number', required: true, min: 0 },
        ],
      };
      expect((await send('POST', '/api/record-forms', undefined, form)).statusCode).toBe(401);
      expect((await send('POST', '/api/record-forms', w.townA, form)).statusCode).toBe(403);
      const noOptions = await send('POST', '/api/record-forms', w.admin, {
        ...form,
        fields: [{ key: 'kind', label: { zh: '类', en: 'Kind' }, type: 'select', required: true }],
      });
      expect(noOptions.statusCode).toBe(400);
      expect(noOptions.json<ErrorOut>().error.details[0]?.field).toBe('fields.0.options');
      const created = await send('POST', '/api/record-forms', w.admin, form);
      expect(created.statusCode).toBe(201);
      expect((await send('POST', '/api/record-forms', w.admin, form)).statusCode).toBe(409);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(eq(auditLog.action, 'record_form.create'));
      expect(audits.length).toBeGreaterThan(0);

      const off = await send('PATCH', '/api/record-forms/mask_distribution', w.admin, { active: false });
      expect(off.json<Form>().active).toBe(false);
      expect((await get('/api/record-forms/mask_distribution', w.townA)).statusCode).toBe(404);
      const refused = await send(
        'POST',
        '/api/records',
        w.townA,
        recordBody('mask_distribution', { kind: 'place', id: w.place.id }, { values: { masks: 10 } }),
      );
      expect(refused.statusCode).toBe(400);
      expect(
        (await send('PATCH', '/api/record-forms/mask_distribution', w.townA, { active: true })).statusCode,
      ).toBe(403);
      expect(
        (await send('PATCH', '/api/record-forms/nothing_here', w.admin, { active: true })).statusCode,
      ).toBe(404);
    });

    it('a record made under version 1 stays readable and correctable under its version after version 2', async () => {
      const v1 = await submit(w.worker, recordBody('door_visit', { kind: 'household', id: w.household.id }));
      const v2 = await send('POST', '/api/record-forms/door_visit/versions', w.admin, {
        name: { zh: '上门走访', en: 'Door visit' },
        fields: [
          {
            key: 'outcome',
            label: { zh: '走访结果', en: 'Outcome' },
            type: 'select',
            required: true,
            options: [
              { value: 'answered', label: { zh: '已应答', en: 'Answered' } },
              { value: 'absent', label: { zh: '无人', en: 'Nobody home' } },
            ],
          },
          { key: 'visitor_count', label: { zh: '来访人数', en: 'Visitors' }, type: 'number', required: true },
        ],
      });
      expect(v2.statusCode).toBe(201);
      expect(v2.json<Form>().version).toBe(2);
      expect((await send('POST', '/api/record-forms/door_visit/versions', w.townA, {})).statusCode).toBe(403);
      const versions = (await get('/api/record-forms/door_visit/versions', w.worker)).json<{
        items: Form[];
      }>();
      expect(versions.items.map((f) => f.version)).toEqual([1, 2]);

      const old = (await get(`/api/records/${v1.recordId}`, w.worker)).json<{ record: Dto }>().record;
      expect(old).toMatchObject({ formVersion: 1, values: SAMPLE_VALUES.door_visit });
      // Corrected under its own version 1 (people_present exists there, not in v2).
      const fix = await send('POST', `/api/records/${v1.recordId}/corrections`, w.worker, {
        key: crypto.randomUUID(),
        values: { outcome: 'notice_posted', people_present: 0 },
        expectedRevision: 1,
        reason: '补录',
      });
      expect(fix.statusCode).toBe(201);
      expect(fix.json<Dto>().formVersion).toBe(1);
      // New records default to version 2 and follow its fields; an offline client may still send v1.
      const current = await send(
        'POST',
        '/api/records',
        w.worker,
        recordBody(
          'door_visit',
          { kind: 'household', id: w.household.id },
          { values: SAMPLE_VALUES.door_visit },
        ),
      );
      expect(current.statusCode).toBe(400);
      const asV1 = await submit(
        w.worker,
        recordBody('door_visit', { kind: 'household', id: w.household.id }, { formVersion: 1 }),
      );
      expect(asV1.formVersion).toBe(1);
      const asV2 = await submit(
        w.worker,
        recordBody(
          'door_visit',
          { kind: 'household', id: w.household.id },
          { values: { outcome: 'absent', visitor_count: 0 } },
        ),
      );
      expect(asV2.formVersion).toBe(2);
    });
  });

  describe('photos', () => {
    const upload = (s: Session | undefined, bytes: Buffer, type = 'image/png') =>
      app.inject({
        method: 'POST',
        url: '/api/record-photos',
        headers: { ...(s?.headers ?? {}), 'content-type': type },
        payload: bytes,
      });

    it('upload an image checked by its bytes, read it back within the area', async () => {
      expect((await upload(undefined, PNG)).statusCode).toBe(401);
      expect((await upload(w.supervisor, PNG)).statusCode).toBe(403);
      const fake = await upload(w.worker, Buffer.from('%PDF-1.4 not a photo'), 'image/png');
      expect(fake.statusCode).toBe(400);
      expect(fake.json<ErrorOut>().error.details[0]?.field).toBe('file');
      const r = await upload(w.worker, PNG);
      expect(r.statusCode).toBe(201);
      const { id } = r.json<{ id: string }>();
      const back = await get(`/api/record-photos/${id}`, w.townA);
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe('image/png');
      expect(back.rawPayload.equals(PNG)).toBe(true);
      expect((await get(`/api/record-photos/${id}`, w.townB)).statusCode).toBe(404);
      expect((await get(`/api/record-photos/${crypto.randomUUID()}`, w.townA)).statusCode).toBe(404);
    });

    it('413 naming file past 10 MB, before the photo is stored', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 1);
      PNG.copy(big);
      const tooBig = await upload(w.worker, big);
      expect(tooBig.statusCode).toBe(413);
      expect(tooBig.json<ErrorOut>().error.details[0]?.field).toBe('file');
    });
  });
});
