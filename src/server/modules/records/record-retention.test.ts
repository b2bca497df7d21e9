import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { createRecordForm, insertTestRecords } from '../../testing/report-templates.factories.ts';
import { recordForms, recordPurges, records } from './records.tables.ts';
import { ensureRecordPartitions } from './records.partitions.ts';
import { PURGE_BATCH } from './record-retention.rules.ts';
import { purgeExpiredRecords } from './record-retention.service.ts';

// 1 June 2020, noon in Shanghai: 90 days of screenings keep 3 March on; 30 days of passes keep 2 May on.
const NOW = new Date('2020-06-01T04:00:00Z');

describeEachDatabase('record retention: the audited purge', (database) => {
  let tree: TestTree;
  const ids: Record<string, string> = {};
  const id = (name: string): string => ids[name] ?? '';
  const subjects: Record<string, string> = {};

  beforeAll(async () => {
    const db = database().db;
    tree = await createAreaTree(db);
    await createRecordForm(db, 'resident_screening', { retentionDays: 90, retentionAction: 'anonymise' });
    // Version 2 carries the setting: the current version decides (version 1 said keep for ever).
    await createRecordForm(db, 'checkpoint_pass', { version: 1 });
    await createRecordForm(db, 'checkpoint_pass', {
      version: 2,
      retentionDays: 30,
      retentionAction: 'delete',
    });
    await createRecordForm(db, 'door_visit');
    const grid = tree.grids[0].path;
    const person = randomUUID();
    subjects.person = person;
    const screening = (day: string, extra: Record<string, unknown> = {}) => ({
      formKey: 'resident_screening',
      day,
      areaPath: grid,
      subjectId: person,
      values: {
        temperature: 37.6,
        symptoms: ['cough'],
        travel_14d: true,
        quarantine_status: 'home',
        ...extra,
      },
    });
    const pass = (day: string, current = true) => ({
      formKey: 'checkpoint_pass',
      day,
      areaPath: tree.place.path,
      subjectId: tree.place.id,
      values: { party: 'person', direction: 'in', temperature: 36.6, origin: '武汉', plate: '浙F12345' },
      current,
    });
    const inserted = await insertTestRecords(db, [
      screening('2020-03-02', { stray_name: '张三' }),
      screening('2020-02-15'),
      screening('2020-03-03'),
      pass('2020-05-01'),
      pass('2020-05-01', false),
      pass('2020-05-02'),
      {
        formKey: 'door_visit',
        day: '2020-01-05',
        areaPath: grid,
        values: { outcome: 'notice_torn', note: '房东张三不在' },
      },
    ]);
    const names = [
      'oldScreening',
      'oldScreening2',
      'keptScreening',
      'oldPass',
      'oldPassRevision',
      'keptPass',
      'oldVisit',
    ];
    names.forEach((name, i) => {
      ids[name] = inserted[i] ?? '';
    });
  });

  const rowsById = async (list: string[]) =>
    database().db.select().from(records).where(inArray(records.id, list));
  const purgeAudits = () =>
    database().db.select().from(auditLog).where(eq(auditLog.action, 'record_retention.purge'));

  it('deletes and anonymises exactly the expired records of forms with retention, audited per form', async () => {
    const results = await purgeExpiredRecords(database().db, NOW);
    expect(results).toEqual([
      { formKey: 'checkpoint_pass', action: 'delete', beforeDay: '2020-05-02', count: 2 },
      { formKey: 'resident_screening', action: 'anonymise', beforeDay: '2020-03-03', count: 2 },
    ]);

    const passes = await rowsById([id('oldPass'), id('oldPassRevision'), id('keptPass')]);
    expect(passes.map((r) => r.id)).toEqual([id('keptPass')]);

    const screenings = await rowsById([id('oldScreening'), id('oldScreening2'), id('keptScreening')]);
    const old = screenings.find((r) => r.id === id('oldScreening'));
    expect(old?.values).toEqual({
      temperature: 37.6,
      symptoms: ['cough'],
      travel_14d: true,
      quarantine_status: 'home',
    });
    expect(old?.anonymisedAt?.toISOString()).toBe(NOW.toISOString());
    // No longer says whose it was.
    expect(old?.subjectId).not.toBe(subjects.person);
    const kept = screenings.find((r) => r.id === id('keptScreening'));
    expect(kept).toMatchObject({ subjectId: subjects.person, anonymisedAt: null });
    expect(kept?.values).toMatchObject({ temperature: 37.6 });

    const [visit] = await rowsById([id('oldVisit')]);
    expect(visit?.values).toEqual({ outcome: 'notice_torn', note: '房东张三不在' });

    const purges = await database().db.select().from(recordPurges);
    expect(
      purges
        .map((p) => [p.formKey, p.action, p.beforeDay, p.count])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['checkpoint_pass', 'delete', '2020-05-02', 2],
      ['resident_screening', 'anonymise', '2020-03-03', 2],
    ]);
    const audits = await purgeAudits();
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.actorName === 'system' && a.entityType === 'record_form')).toBe(true);
    expect(audits.find((a) => a.entityId === 'checkpoint_pass')?.after).toMatchObject({
      action: 'delete',
      count: 2,
    });
  });

  it('a second run finds nothing and writes nothing', async () => {
    const results = await purgeExpiredRecords(database().db, NOW);
    expect(results.map((r) => r.count)).toEqual([0, 0]);
    expect(await database().db.select().from(recordPurges)).toHaveLength(2);
    expect(await purgeAudits()).toHaveLength(2);
  });

  it('works through more than one batch', async () => {
    const db = database().db;
    await ensureRecordPartitions(db, ['2020-05-20']);
    await db.execute(sql`
      insert into records (day, record_id, form_key, form_version, subject_kind, subject_id, area_path,
                           observed_at, values, channel, client_key)
      select '2020-05-20'::date, gen_random_uuid(), 'checkpoint_pass', 2, 'place', ${tree.place.id}::uuid,
             ${tree.place.path}, now(), '{"party":"person","direction":"in"}'::jsonb, 'ingest',
             'bulk-' || g
        from generate_series(1, ${PURGE_BATCH + 3}) g
    `);
    // Ten days later the 20 May passes are past their 30 days.
    const later = new Date('2020-06-21T04:00:00Z');
    const results = await purgeExpiredRecords(db, later);
    expect(results.find((r) => r.formKey === 'checkpoint_pass')).toMatchObject({ count: PURGE_BATCH + 4 });
    const left = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(records)
      .where(and(eq(records.formKey, 'checkpoint_pass')));
    expect(left[0]?.n).toBe(0);
  });
});

describeEachDatabase('record retention routes', (database) => {
  let app: App;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  let supervisor: Session;

  beforeAll(async () => {
    const db = database().db;
    app = await createTestApp(database());
    const tree = await createAreaTree(db);
    await createRecordForm(db, 'resident_screening', { retentionDays: 90, retentionAction: 'anonymise' });
    await createRecordForm(db, 'door_visit', { version: 1 });
    await createRecordForm(db, 'door_visit', { version: 2 });
    admin = await signInAs(app, db, 'admin', null);
    supervisor = await signInAs(app, db, 'supervisor', tree.city.path);
    await insertTestRecords(db, [
      {
        formKey: 'door_visit',
        day: '2020-01-05',
        areaPath: tree.grids[0].path,
        values: { outcome: 'refused' },
      },
    ]);
  });

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, s: Session | null, payload?: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, ...(payload && { payload }) });

  it('401 signed out and 403 without records:admin on every route', async () => {
    expect((await call('GET', '/api/record-retention', null)).statusCode).toBe(401);
    expect((await call('GET', '/api/record-retention', supervisor)).statusCode).toBe(403);
    expect(
      (await call('PUT', '/api/record-retention/door_visit', null, { retentionDays: 30 })).statusCode,
    ).toBe(401);
    expect(
      (await call('PUT', '/api/record-retention/door_visit', supervisor, { retentionDays: 30 })).statusCode,
    ).toBe(403);
    expect((await call('POST', '/api/record-retention/run', null, {})).statusCode).toBe(401);
    expect((await call('POST', '/api/record-retention/run', supervisor, {})).statusCode).toBe(403);
  });

  it('lists each form’s retention, health-data forms first', async () => {
    const res = await call('GET', '/api/record-retention', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        formKey: 'resident_screening',
        retentionDays: 90,
        retentionAction: 'anonymise',
        purges: [],
      }),
      expect.objectContaining({ formKey: 'door_visit', version: 2, retentionDays: null }),
    ]);
  });

  it('sets a retention on the current version (audited); 404 unknown form, 400 naming the bad field', async () => {
    expect(
      (await call('PUT', '/api/record-retention/no_such_form', admin, { retentionDays: 30 })).statusCode,
    ).toBe(404);
    for (const retentionDays of [0, 3651, 1.5]) {
      const bad = await call('PUT', '/api/record-retention/door_visit', admin, { retentionDays });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('retentionDays');
    }
    const badAction = await call('PUT', '/api/record-retention/door_visit', admin, {
      retentionDays: 30,
      retentionAction: 'shred',
    });
    expect(badAction.json().error.details[0].field).toBe('retentionAction');

    const res = await call('PUT', '/api/record-retention/door_visit', admin, {
      retentionDays: 365,
      retentionAction: 'delete',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      formKey: 'door_visit',
      version: 2,
      retentionDays: 365,
      retentionAction: 'delete',
    });
    const versions = await database()
      .db.select({ version: recordForms.version, days: recordForms.retentionDays })
      .from(recordForms)
      .where(eq(recordForms.key, 'door_visit'))
      .orderBy(recordForms.version);
    expect(versions).toEqual([
      { version: 1, days: null },
      { version: 2, days: 365 },
    ]);
    const [audit] = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'record_retention.update'), eq(auditLog.entityId, 'door_visit')));
    expect(audit).toMatchObject({
      before: { retentionDays: null, retentionAction: 'anonymise' },
      after: { retentionDays: 365, retentionAction: 'delete' },
    });
  });

  it('runs the purge now, answering the counts, audited under the administrator', async () => {
    const res = await call('POST', '/api/record-retention/run', admin, {});
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { formKey: string; action: string; count: number }[];
    expect(items.find((i) => i.formKey === 'door_visit')).toMatchObject({ action: 'delete', count: 1 });
    expect(items.find((i) => i.formKey === 'resident_screening')).toMatchObject({ count: 0 });
    const [audit] = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'record_retention.purge'), eq(auditLog.entityId, 'door_visit')));
    expect(audit?.actorId).toBe(admin.user.id);
    const listed = (await call('GET', '/api/record-retention', admin)).json().items as {
      formKey: string;
      purges: { count: number; action: string }[];
    }[];
    expect(listed.find((i) => i.formKey === 'door_visit')?.purges).toEqual([
      expect.objectContaining({ action: 'delete', count: 1 }),
    ]);
  });
});
