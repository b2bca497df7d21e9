import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { purgeExpiredRecords } from '../../src/server/modules/records/record-retention.service.ts';
import { validateFields, type FieldError, type FieldSpec } from '../../src/shared/form-fields.ts';
import { AreaIndex } from './area-index.ts';
import { caseStaffUsers, DEMO_CASE_IDS, ZHONGBU_ORG_ID } from './cases.ts';
import { buildAreaRows, DEMO_SEED } from './load.ts';
import { createRng, CreditCodeFactory } from './random.ts';
import {
  buildRecordDemo,
  FENGHUANG_RETURNEES,
  HOME_QUARANTINED,
  RECORDS_FIRST_DAY,
  RECORDS_LAST_DAY,
  SULFURIC_ACID_ITEM,
  SULFURIC_ACID_REPORT_DAY,
  DEMO_RETENTION_DAYS,
} from './records.ts';
import { buildRegistries } from './registries.ts';
import { buildResidents } from './residents.ts';

const pii = testPiiCipher();
const load = (db: Db) =>
  firstStart(db, { adminPassword: 'x'.repeat(12), loadDemo: true, demoPassword: 'y'.repeat(12), pii });

async function rows<T>(db: Db, query: string): Promise<T[]> {
  const result = await db.execute(sql.raw(query));
  return (result as unknown as { rows: T[] }).rows;
}

async function count(db: Db, query: string): Promise<number> {
  const [row] = await rows<{ n: number | string }>(db, query);
  return Number(row?.n);
}

function buildDemo() {
  const areaRows = buildAreaRows();
  const rng = createRng(DEMO_SEED);
  const userIds = new Map([
    ['zbhl', 'zbhl-id'],
    ['caojinren', 'caojinren-id'],
    ['gumingjie', 'gumingjie-id'],
    ['dudao', 'dudao-id'],
  ]);
  const areas = new AreaIndex(areaRows);
  const context = { areas, pii, rng, credit: new CreditCodeFactory(rng), userIds };
  const registries = buildRegistries(context);
  const residents = buildResidents(context);
  const staffUsers = caseStaffUsers(registries, userIds);
  return buildRecordDemo({ areas, registries, residents, staffUsers, userIds, seed: DEMO_SEED + 2 });
}

describe('pinghu-2020 records, built in memory', () => {
  it('are the same rows on every build: nothing depends on the load time', () => {
    const a = buildDemo();
    const b = buildDemo();
    expect(a.recordRows.length).toBe(b.recordRows.length);
    expect(JSON.stringify(a.recordRows.slice(0, 200))).toBe(JSON.stringify(b.recordRows.slice(0, 200)));
    expect(JSON.stringify(a.recordRows.at(-1))).toBe(JSON.stringify(b.recordRows.at(-1)));
    const days = a.recordRows.map((r) => r.day);
    expect(days.every((d) => d >= RECORDS_FIRST_DAY && d <= RECORDS_LAST_DAY)).toBe(true);
    expect(new Set(days).size).toBe(30);
    expect(new Set(a.recordRows.map((r) => r.clientKey)).size).toBe(a.recordRows.length);
  }, 90_000);
});

describeEachDatabase('pinghu-2020 records', (database) => {
  const db = () => database().db;
  beforeAll(async () => {
    await load(db());
  }, 300_000);

  it('holds every built-in form’s records, 30 days of them, at the demo’s scale', async () => {
    const perForm = new Map(
      (
        await rows<{ form_key: string; n: number; days: number }>(
          db(),
          `select form_key, count(*)::int n, count(distinct day)::int days from records group by 1`,
        )
      ).map((r) => [r.form_key, r]),
    );
    const n = (key: string) => perForm.get(key)?.n ?? 0;
    expect(n('enterprise_daily')).toBeGreaterThan(15_000);
    expect(n('resident_screening')).toBeGreaterThan(10_000);
    expect(n('checkpoint_pass')).toBeGreaterThan(8_000);
    expect(n('returnee_registration')).toBe(FENGHUANG_RETURNEES);
    expect(n('door_visit')).toBeGreaterThanOrEqual(4300);
    expect(n('venue_disinfection')).toBeGreaterThan(25 * 28);
    expect(n('market_prices')).toBeGreaterThan(2 * 30);
    expect(perForm.get('checkpoint_pass')?.days).toBe(30);
    expect(perForm.get('venue_disinfection')?.days).toBe(30);
    expect(
      await count(db(), `select count(*) n from records where day not between '2020-01-31' and '2020-02-29'`),
    ).toBe(0);
    // 广陈镇's 2 farmers' markets and 19 supermarkets log their disinfection every day (almost).
    expect(
      await count(
        db(),
        `select count(distinct r.subject_id) n from records r join areas a on a.id = r.subject_id
          where r.form_key = 'venue_disinfection' and a.kind in ('market', 'supermarket')
            and a.path like (select path from areas where name = '广陈镇') || '.%'`,
      ),
    ).toBe(21);
    // Every 凤凰社区 tenant household was visited; a few notices were torn off.
    const torn = await count(
      db(),
      `select count(*) n from records where form_key = 'door_visit' and values->>'outcome' = 'notice_torn'`,
    );
    expect(torn).toBeGreaterThan(0);
    expect(torn).toBeLessThan(20);
    // A handful of fevers at the checkpoints over the month.
    const fevers = await count(
      db(),
      `select count(*) n from records where form_key = 'checkpoint_pass' and (values->>'temperature')::numeric >= 37.3`,
    );
    expect(fevers).toBeGreaterThanOrEqual(3);
    expect(fevers).toBeLessThanOrEqual(10);
  });

  it('has each enterprise report from its resumption day, more of them and more staff and capacity as February goes on', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from records r join orgs o on o.id = r.subject_id
          where r.form_key = 'enterprise_daily' and r.subject_id <> '${ZHONGBU_ORG_ID}'
            and (o.status <> 'resumed' or r.day < o.status_since)`,
      ),
    ).toBe(0);
    const byDay = new Map(
      (
        await rows<{ day: string; reports: number; staff: number; capacity: number }>(
          db(),
          `select to_char(day, 'YYYY-MM-DD') as day, count(*)::int reports,
                  sum((values->>'staff_on_duty')::int)::int staff,
                  avg((values->>'capacity_percent')::numeric)::float capacity
             from records where form_key = 'enterprise_daily' group by day`,
        )
      ).map((r) => [r.day, r]),
    );
    const day = (d: string) => byDay.get(d) ?? { reports: 0, staff: 0, capacity: 0 };
    // Day 10 of the 30 (9 February): nobody had resumed yet.
    expect(day('2020-02-09').reports).toBe(0);
    expect(day('2020-02-29').reports).toBeGreaterThan(day('2020-02-19').reports);
    expect(day('2020-02-19').reports).toBeGreaterThan(day('2020-02-10').reports);
    expect(day('2020-02-29').staff).toBeGreaterThan(day('2020-02-19').staff);
    expect(day('2020-02-29').capacity).toBeGreaterThan(day('2020-02-12').capacity + 20);
    // Most resumed enterprises have reported on the last day.
    const expected = await count(
      db(),
      `select count(*) n from orgs where kind = 'enterprise' and status = 'resumed' and status_since <= '2020-02-29'`,
    );
    expect(day('2020-02-29').reports / expected).toBeGreaterThan(0.9);
    expect(day('2020-02-29').reports).toBeLessThan(expected);
  });

  it('shows 中部理化’s 硫酸 for 3 days the day before its sulfuric-acid case, and no other enterprise below a week', async () => {
    const [report] = await rows<{
      values: { raw_material_days: { item: string; value: number }[] };
      id: string;
    }>(
      db(),
      `select id::text, values from records
        where form_key = 'enterprise_daily' and subject_id = '${ZHONGBU_ORG_ID}' and day = '${SULFURIC_ACID_REPORT_DAY}'`,
    );
    expect(report?.values.raw_material_days).toContainEqual({ item: SULFURIC_ACID_ITEM, value: 3 });
    const [theCase] = await rows<{ created: string }>(
      db(),
      `select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') created from cases where id = '${DEMO_CASE_IDS.sulfuricAcid}'`,
    );
    expect(theCase?.created).toBe('2020-02-12');
    expect(
      await count(
        db(),
        `select count(*) n from records r, jsonb_array_elements(r.values->'raw_material_days') m
          where r.form_key = 'enterprise_daily' and r.subject_id <> '${ZHONGBU_ORG_ID}' and (m->>'value')::numeric < 7`,
      ),
    ).toBe(0);
    // The raw-material rule's hit (when the rules are seeded) links the record to the existing case.
    const rule = await count(
      db(),
      `select count(*) n from record_rules where form_key = 'enterprise_daily' and condition->>'kind' = 'item_below'`,
    );
    const hits = await rows<{
      case_id: string;
      first_record_id: string;
      condition_key: string;
      cleared: boolean;
    }>(
      db(),
      `select case_id::text, first_record_id::text, condition_key, cleared_at is not null as cleared
         from record_rule_hits where subject_id = '${ZHONGBU_ORG_ID}'`,
    );
    expect(hits).toEqual(
      rule > 0
        ? [
            {
              case_id: DEMO_CASE_IDS.sulfuricAcid,
              first_record_id: report?.id,
              condition_key: SULFURIC_ACID_ITEM,
              cleared: true,
            },
          ]
        : [],
    );
    expect(await count(db(), `select count(*) n from cases where title like '%浓硫酸%'`)).toBe(1);
  });

  it('screens 凤凰社区’s returning tenants for 14 days, most days reported, a few not yet on the last day', async () => {
    expect(await count(db(), `select count(*) n from screenings`)).toBe(
      FENGHUANG_RETURNEES + HOME_QUARANTINED,
    );
    expect(
      await count(
        db(),
        `select count(*) n from records r where r.form_key = 'resident_screening' and not exists (
           select 1 from screenings s where s.person_id = r.subject_id and r.day between s.from_day and s.until_day)`,
      ),
    ).toBe(0);
    const expected = await count(
      db(),
      `select count(*) n from screenings where '${RECORDS_LAST_DAY}' between from_day and until_day`,
    );
    const missing = await count(
      db(),
      `select count(*) n from screenings s where '${RECORDS_LAST_DAY}' between s.from_day and s.until_day
          and not exists (select 1 from records r where r.form_key = 'resident_screening'
                            and r.day = '${RECORDS_LAST_DAY}' and r.subject_id = s.person_id)`,
    );
    expect(expected).toBeGreaterThan(200);
    expect(missing).toBeGreaterThan(0);
    expect(missing).toBeLessThan(expected * 0.05);
    // Every checkpoint logged both shifts every day.
    expect(
      await count(
        db(),
        `select count(*) n from (select subject_id, day from records where form_key = 'checkpoint_pass'
                                 group by 1, 2 having count(*) < 2) x`,
      ),
    ).toBe(0);
  });

  it('has every value valid against its form’s fields', async (context) => {
    const forms = await rows<{ key: string; version: number; fields: FieldSpec[] }>(
      db(),
      `select key, version, fields from record_forms`,
    );
    if (forms.length === 0) {
      context.skip('record_forms is empty (seedRecordForms not filled yet): values not validated');
      return;
    }
    const specs = new Map(forms.map((f) => [`${f.key}:${f.version}`, f.fields]));
    const all = await rows<{ form_key: string; form_version: number; values: Record<string, unknown> }>(
      db(),
      `select form_key, form_version, values from records`,
    );
    const invalid: unknown[] = [];
    for (const r of all) {
      const fields = specs.get(`${r.form_key}:${r.form_version}`);
      const errors: FieldError[] = fields
        ? validateFields(fields, r.values, 'values')
        : [{ field: 'form', reason: { zh: '表单不存在', en: 'no such form version' } }];
      if (
        r.form_key === 'checkpoint_pass' &&
        r.values.party === 'person' &&
        r.values.temperature === undefined
      )
        errors.push({ field: 'values.temperature', reason: { zh: '必填', en: 'is required for a person' } });
      if (errors.length > 0 && invalid.length < 5) invalid.push({ ...r, errors });
    }
    expect(invalid).toEqual([]);
  }, 60_000);

  it('keeps its 2020 health records through the hourly retention purge (the demo keeps them ten years)', async () => {
    const kept = await rows<{ key: string; retention_days: number }>(
      db(),
      `select key, retention_days from record_forms where health_data`,
    );
    expect(kept.length).toBeGreaterThan(0);
    for (const form of kept) expect(form.retention_days).toBe(DEMO_RETENTION_DAYS);
    await purgeExpiredRecords(db(), new Date());
    expect(await count(db(), `select count(*) as n from records where anonymised_at is not null`)).toBe(0);
  }, 60_000);
});
