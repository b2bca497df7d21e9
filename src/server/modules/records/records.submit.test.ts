import { eq, sql } from 'drizzle-orm';
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
import { records } from './records.tables.ts';

interface Dto {
  id: string;
  recordId: string;
  revision: number;
  day: string;
  formKey: string;
  formVersion: number;
  subject: { kind: string; id: string; name: string };
  areaName: string | null;
  values: Record<string, unknown>;
  channel: string;
  submittedBy: { id: string; name: string } | null;
  replayed?: boolean;
  can: { correct: boolean };
}
interface BatchOut {
  created: number;
  duplicates: number;
  invalid: number;
  notFound: number;
  results: {
    index: number;
    key: string;
    status: string;
    id?: string;
    recordId?: string;
    errors?: { field: string }[];
  }[];
}

describeEachDatabase('records submission', (database) => {
  let app: App;
  let w: RecordsWorld;

  beforeAll(async () => {
    app = await createTestApp(database());
    w = await createRecordsWorld(app, database().db);
  });

  const post = (url: string, s: Session | undefined, payload: object) =>
    app.inject({ method: 'POST', url, headers: s?.headers ?? {}, payload });
  const rowsWithKey = (key: string) => database().db.select().from(records).where(eq(records.clientKey, key));

  describe('POST /api/records', () => {
    it('401 signed out, 403 for a role that may not submit', async () => {
      const body = recordBody('checkpoint_pass', { kind: 'place', id: w.place.id });
      expect((await post('/api/records', undefined, body)).statusCode).toBe(401);
      expect((await post('/api/records', w.supervisor, body)).statusCode).toBe(403);
    });

    it('stores a checkpoint pass (201) with the place’s area, the day and the submitter', async () => {
      const response = await post(
        '/api/records',
        w.townA,
        recordBody(
          'checkpoint_pass',
          { kind: 'place', id: w.place.id },
          { observedAt: '2020-02-10T01:30:00.000Z' },
        ),
      );
      expect(response.statusCode).toBe(201);
      const dto = response.json<Dto>();
      expect(dto).toMatchObject({
        revision: 1,
        day: '2020-02-10',
        formKey: 'checkpoint_pass',
        formVersion: 1,
        subject: { kind: 'place', id: w.place.id, name: '甲社区卡点' },
        channel: 'staff',
        submittedBy: { id: w.townA.user.id },
        can: { correct: true },
      });
      expect(dto.recordId).toBe(dto.id);
      expect(dto.values).toEqual(SAMPLE_VALUES.checkpoint_pass);
    });

    it('a replay of the same key answers 200 with the same record and stores no second row', async () => {
      const body = recordBody('resident_screening', { kind: 'person', id: w.person.id });
      const first = await post('/api/records', w.worker, body);
      expect(first.statusCode).toBe(201);
      const again = await post('/api/records', w.worker, body);
      expect(again.statusCode).toBe(200);
      expect(again.json<Dto>()).toMatchObject({ recordId: first.json<Dto>().recordId, replayed: true });
      expect(await rowsWithKey(body.key)).toHaveLength(1);
    });

    it('400 names the bad value and the reason; nothing is stored', async () => {
      const body = recordBody(
        'checkpoint_pass',
        { kind: 'place', id: w.place.id },
        { values: { ...SAMPLE_VALUES.checkpoint_pass, temperature: 45.2, direction: 'sideways' } },
      );
      const response = await app.inject({
        method: 'POST',
        url: '/api/records',
        headers: { ...w.townA.headers, 'accept-language': 'en' },
        payload: body,
      });
      expect(response.statusCode).toBe(400);
      const details = response.json<{ error: { details: { field: string; reason: string }[] } }>().error
        .details;
      expect(details).toEqual(
        expect.arrayContaining([
          { field: 'values.temperature', reason: 'must be between 34 and 43 °C' },
          { field: 'values.direction', reason: expect.stringContaining('is not allowed') },
        ]),
      );
      expect(await rowsWithKey(body.key)).toHaveLength(0);
    });

    it('400 for a person passing a checkpoint without a temperature, a vehicle needs none', async () => {
      const { temperature: _t, ...noTemp } = SAMPLE_VALUES.checkpoint_pass as Record<string, unknown>;
      const person = await post(
        '/api/records',
        w.townA,
        recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }, { values: noTemp }),
      );
      expect(person.statusCode).toBe(400);
      expect(person.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
        'values.temperature',
      );
      const vehicle = await post(
        '/api/records',
        w.townA,
        recordBody(
          'checkpoint_pass',
          { kind: 'place', id: w.place.id },
          { values: { ...noTemp, party: 'vehicle', plate: '浙F12345' } },
        ),
      );
      expect(vehicle.statusCode).toBe(201);
    });

    it('400 for an unknown form, a subject of the wrong kind, a time in the future, a short key', async () => {
      const base = recordBody('checkpoint_pass', { kind: 'place', id: w.place.id });
      const field = async (payload: object) => {
        const r = await post('/api/records', w.townA, payload);
        expect(r.statusCode).toBe(400);
        return r.json<{ error: { details: { field: string }[] } }>().error.details.map((d) => d.field);
      };
      expect(await field({ ...base, formKey: 'no_such_form' })).toContain('formKey');
      expect(await field({ ...base, subject: { kind: 'org', id: w.org.id } })).toContain('subject.kind');
      expect(await field({ ...base, observedAt: new Date(Date.now() + 3600_000).toISOString() })).toContain(
        'observedAt',
      );
      expect(await field({ ...base, key: 'short' })).toContain('key');
    });

    it('404 for a subject outside the caller’s area or missing', async () => {
      const other = await post(
        '/api/records',
        w.townB,
        recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }),
      );
      expect(other.statusCode).toBe(404);
      const missing = await post(
        '/api/records',
        w.townA,
        recordBody('checkpoint_pass', { kind: 'place', id: crypto.randomUUID() }),
      );
      expect(missing.statusCode).toBe(404);
    });

    it('an enterprise user reports for its own organisation only (channel subject)', async () => {
      const own = await post(
        '/api/records',
        w.entUser,
        recordBody('enterprise_daily', { kind: 'org', id: w.org.id }),
      );
      expect(own.statusCode).toBe(201);
      expect(own.json<Dto>().channel).toBe('subject');
      const other = await post(
        '/api/records',
        w.entUser,
        recordBody('enterprise_daily', { kind: 'org', id: w.otherOrg.id }),
      );
      expect(other.statusCode).toBe(404);
      const screening = await post(
        '/api/records',
        w.entUser,
        recordBody('resident_screening', { kind: 'person', id: w.person.id }),
      );
      // Residents' screenings are not an enterprise's to file: the form does not take its channel.
      expect(screening.statusCode).toBe(400);
      expect(screening.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(
        'formKey',
      );
    });

    it('a volunteer records for places in its area, not for people', async () => {
      expect(
        (
          await post(
            '/api/records',
            w.volunteer,
            recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }),
          )
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await post(
            '/api/records',
            w.volunteer,
            recordBody('door_visit', { kind: 'household', id: w.household.id }),
          )
        ).statusCode,
      ).toBe(404);
    });

    it('writes no audit row per record (records are observations)', async () => {
      const body = recordBody('door_visit', { kind: 'household', id: w.household.id });
      const response = await post('/api/records', w.worker, body);
      expect(response.statusCode).toBe(201);
      const audits = await database()
        .db.select()
        .from(auditLog)
        .where(eq(auditLog.entityId, response.json<Dto>().id));
      expect(audits).toHaveLength(0);
    });
  });

  describe('POST /api/records/batch', () => {
    it('401 signed out, 403 for a read-only role, 400 for an empty or oversized batch', async () => {
      const items = [recordBody('checkpoint_pass', { kind: 'place', id: w.place.id })];
      expect((await post('/api/records/batch', undefined, { items })).statusCode).toBe(401);
      expect((await post('/api/records/batch', w.supervisor, { items })).statusCode).toBe(403);
      expect((await post('/api/records/batch', w.townA, { items: [] })).statusCode).toBe(400);
      const many = Array.from({ length: 1001 }, () => items[0]);
      const big = await post('/api/records/batch', w.townA, { items: many });
      expect(big.statusCode).toBe(400);
      expect(big.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('items');
    });

    it('reports each item: created, invalid, duplicate, not found — and applies the valid ones', async () => {
      const replayKey = crypto.randomUUID();
      const day = '2020-02-11T02:00:00.000Z';
      const first = await post('/api/records', w.townA, {
        ...recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }, { observedAt: day }),
        key: replayKey,
      });
      expect(first.statusCode).toBe(201);
      const items = [
        recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }, { observedAt: day }),
        recordBody(
          'checkpoint_pass',
          { kind: 'place', id: w.place.id },
          { values: { ...SAMPLE_VALUES.checkpoint_pass, temperature: 'hot' } },
        ),
        {
          ...recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }, { observedAt: day }),
          key: replayKey,
        },
        recordBody('enterprise_daily', { kind: 'org', id: w.otherOrg.id }),
        recordBody('resident_screening', { kind: 'person', id: w.person.id }),
        recordBody('enterprise_daily', { kind: 'org', id: crypto.randomUUID() }),
      ];
      const response = await post('/api/records/batch', w.townA, { items });
      expect(response.statusCode).toBe(200);
      const out = response.json<BatchOut>();
      expect(out.results.map((r) => r.status)).toEqual([
        'created',
        'invalid',
        'duplicate',
        'not_found',
        'created',
        'not_found',
      ]);
      expect(out).toMatchObject({ created: 2, duplicates: 1, invalid: 1, notFound: 2 });
      expect(out.results[1]?.errors?.[0]?.field).toBe('values.temperature');
      expect(out.results[2]?.recordId).toBe(first.json<Dto>().recordId);
      for (const i of [0, 4]) expect(await rowsWithKey(items[i]?.key ?? '')).toHaveLength(1);
      for (const i of [1, 3, 5]) expect(await rowsWithKey(items[i]?.key ?? '')).toHaveLength(0);
    });

    it('a replayed batch creates nothing; the same key twice in one batch is stored once', async () => {
      const twice = recordBody('checkpoint_pass', { kind: 'place', id: w.place.id });
      const items = [
        ...Array.from({ length: 50 }, (_, i) =>
          recordBody(
            'checkpoint_pass',
            { kind: 'place', id: w.place.id },
            {
              values: { ...SAMPLE_VALUES.checkpoint_pass, temperature: 36 + (i % 10) / 10 },
            },
          ),
        ),
        twice,
        twice,
      ];
      const count = async () =>
        (
          await database()
            .db.select({ n: sql<number>`count(*)::int`.mapWith(Number) })
            .from(records)
        )[0]?.n ?? 0;
      const before = await count();
      const first = (await post('/api/records/batch', w.worker, { items })).json<BatchOut>();
      expect(first).toMatchObject({ created: 51, duplicates: 1 });
      expect(await count()).toBe(before + 51);
      const again = (await post('/api/records/batch', w.worker, { items })).json<BatchOut>();
      expect(again).toMatchObject({ created: 0, duplicates: 52, invalid: 0 });
      expect(again.results[0]?.id).toBe(first.results[0]?.id);
      expect(await count()).toBe(before + 51);
    });

    it('an enterprise user’s batch applies its own organisation’s items only', async () => {
      const out = (
        await post('/api/records/batch', w.entUser, {
          items: [
            recordBody(
              'enterprise_daily',
              { kind: 'org', id: w.org.id },
              { observedAt: '2020-02-12T02:00:00Z' },
            ),
            recordBody('enterprise_daily', { kind: 'org', id: w.otherOrg.id }),
          ],
        })
      ).json<BatchOut>();
      expect(out.results.map((r) => r.status)).toEqual(['created', 'not_found']);
    });

    it('channel ingest is refused for forms that do not take it', async () => {
      const out = (
        await post('/api/records/batch', w.townA, {
          channel: 'ingest',
          items: [
            recordBody('checkpoint_pass', { kind: 'place', id: w.place.id }),
            recordBody('door_visit', { kind: 'household', id: w.household.id }),
          ],
        })
      ).json<BatchOut>();
      expect(out.results.map((r) => r.status)).toEqual(['created', 'invalid']);
      expect(out.results[1]?.errors?.[0]?.field).toBe('formKey');
    });
  });
});
