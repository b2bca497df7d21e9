import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import type { Db } from '../../src/server/core/db/client.ts';
import { openPglite, type Database } from '../../src/server/core/db/client.ts';
import { runMigrations } from '../../src/server/core/db/migrations.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { createTestApp, signIn } from '../../src/server/testing/factories.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { isValidCreditCode, isValidResidentId } from '../../src/shared/identifiers.ts';
import { NAMED_COMPANIES } from './registries.ts';

const demoPassword = 'y'.repeat(12);
const pii = testPiiCipher();
const load = (db: Db) => firstStart(db, { adminPassword: 'x'.repeat(12), loadDemo: true, demoPassword, pii });

async function rows<T>(db: Db, query: string): Promise<T[]> {
  const result = await db.execute(sql.raw(query));
  return (result as unknown as { rows: T[] }).rows;
}

async function count(db: Db, query: string): Promise<number> {
  const [row] = await rows<{ n: number | string }>(db, query);
  return Number(row?.n);
}

const subtree = (name: string) => `(select path from areas where name = '${name}')`;
const inSubtree = (column: string, name: string) =>
  `(${column} = ${subtree(name)} or ${column} like ${subtree(name)} || '.%')`;

/** Every table's generated content without the random parts (ciphertexts' nonces, timestamps). */
const FINGERPRINTS: Record<string, string> = {
  departments: 'id, code, name, short_name, area_path, sort_order',
  orgs: 'id, kind, credit_code, name, above_scale, industry, area_id, area_path, address, contact_name, contact_phone_hash, contact_phone_masked, tags, status, status_since',
  org_status_history: 'org_id, status, effective_date, note',
  staff: 'id, name, phone_hash, phone_masked, department_id, user_id, title, area_path',
  teams: 'id, kind, name, parent_team_id, department_id, area_path, sort_order',
  team_members: 'id, team_id, staff_id, role, starts_on',
  assignments:
    'id, kind, staff_id, team_id, org_id, area_id, area_path, is_primary, extract(epoch from starts_at)::bigint as starts_at, reason',
  people:
    'id, name, id_number_hash, id_number_masked, phone_hash, phone_masked, gender, birth_date, area_id, area_path, household_id, household_role, resident_type, special_groups',
  households: 'id, area_id, area_path, dwelling_id, resident_type, single_renter',
  dwellings: 'id, compound_area_id, area_path, building, unit, room, address',
  tenancies: 'id, landlord_id, household_id, dwelling_id, area_path, start_date, end_date',
};

async function fingerprints(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, columns] of Object.entries(FINGERPRINTS)) {
    const [row] = await rows<{ md5: string; n: number }>(
      db,
      `select md5(string_agg(t::text, '|' order by t::text collate "C")) as md5, count(*)::int as n from (select ${columns} from ${table}) t`,
    );
    out[table] = `${row?.n}:${row?.md5}`;
  }
  return out;
}

describeEachDatabase('pinghu-2020 registries', (database) => {
  const db = () => database().db;
  beforeAll(async () => {
    await load(db());
  }, 180_000);

  it('has 703 above-scale enterprises with valid credit codes, the 8 named companies among them', async () => {
    expect(await count(db(), `select count(*) n from orgs where kind = 'enterprise' and above_scale`)).toBe(
      703,
    );
    const named = await rows<{ name: string; above_scale: boolean }>(
      db(),
      `select name, above_scale from orgs where name in (${NAMED_COMPANIES.map((c) => `'${c.name}'`).join(', ')})`,
    );
    expect(named.map((r) => r.name).sort()).toEqual(NAMED_COMPANIES.map((c) => c.name).sort());
    expect(named.every((r) => r.above_scale)).toBe(true);
    const codes = await rows<{ credit_code: string }>(
      db(),
      `select credit_code from orgs where credit_code is not null`,
    );
    expect(codes.length).toBeGreaterThan(3000);
    expect(codes.filter((r) => !isValidCreditCode(r.credit_code))).toEqual([]);
    const jingxing = await rows<{ tags: string[] }>(
      db(),
      `select tags from orgs where name = '浙江景兴纸业股份有限公司'`,
    );
    expect(jingxing[0]?.tags).toEqual(expect.arrayContaining(['civilised_unit', 'key_enterprise']));
    expect(
      await count(db(), `select count(*) n from orgs where kind = 'enterprise' and not above_scale`),
    ).toBe(1300);
    expect(await count(db(), `select count(*) n from orgs where kind = 'service_business'`)).toBe(700);
  });

  it('tags 17 key enterprises and about 30 % of above-scale enterprises as exporters', async () => {
    expect(await count(db(), `select count(*) n from orgs where 'key_enterprise' = any(tags)`)).toBe(17);
    const exporters = await count(
      db(),
      `select count(*) n from orgs where above_scale and 'exporter' = any(tags)`,
    );
    expect(exporters / 703).toBeGreaterThan(0.22);
    expect(exporters / 703).toBeLessThan(0.38);
    expect(await count(db(), `select count(*) n from orgs where 'civilised_unit' = any(tags)`)).toBe(5);
  });

  it('records the February resumption of most enterprises', async () => {
    const resumed = await count(
      db(),
      `select count(*) n from orgs where above_scale and status = 'resumed' and status_since between '2020-02-10' and '2020-02-28'`,
    );
    expect(resumed / 703).toBeGreaterThan(0.9);
    expect(
      await count(
        db(),
        `select count(*) n from orgs o where above_scale and not exists (select 1 from org_status_history h where h.org_id = o.id and h.status = 'suspended' and h.effective_date = '2020-01-24')`,
      ),
    ).toBe(0);
  });

  it('has 20 guidance groups (16 enterprise, 4 service) of 590 cadres, plus supervision groups', async () => {
    expect(await count(db(), `select count(*) n from teams where kind = 'enterprise_guidance'`)).toBe(16);
    expect(await count(db(), `select count(*) n from teams where kind = 'service_guidance'`)).toBe(4);
    expect(await count(db(), `select count(*) n from teams where kind = 'supervision'`)).toBeGreaterThan(0);
    expect(
      await count(
        db(),
        `select count(distinct m.staff_id) n from team_members m join teams t on t.id = m.team_id where t.kind in ('enterprise_guidance', 'service_guidance') and m.ends_on is null`,
      ),
    ).toBe(590);
    const roles = await rows<{ role: string }>(
      db(),
      `select distinct m.role from team_members m join teams t on t.id = m.team_id where t.kind in ('enterprise_guidance', 'service_guidance')`,
    );
    expect(roles.map((r) => r.role).sort()).toEqual(['guide', 'leader', 'supervisor']);
    expect(await count(db(), `select count(*) n from teams where name = '企业复工指导第一小组'`)).toBe(1);
  });

  it('gives every above-scale enterprise exactly one active primary liaison, a guide of the group covering it', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from orgs o where above_scale and (select count(*) from assignments a where a.org_id = o.id and a.kind = 'liaison' and a.is_primary and a.ends_at is null) <> 1`,
      ),
    ).toBe(0);
    expect(await count(db(), `select count(*) n from assignments where kind = 'liaison'`)).toBe(703);
    expect(
      await count(
        db(),
        `select count(*) n from assignments l where l.kind = 'liaison' and not exists (
           select 1 from assignments c join team_members m on m.team_id = c.team_id
           where c.kind = 'team_coverage' and c.org_id = l.org_id and m.staff_id = l.staff_id and m.role = 'guide')`,
      ),
    ).toBe(0);
  });

  it('links 顾敏杰 to his login, to 企业复工指导第一小组 and to 中部理化 as its liaison', async () => {
    const [gu] = await rows<{ id: string; team: string; org: string }>(
      db(),
      `select s.id, t.name team, o.name org from staff s
         join users u on u.id = s.user_id and u.username = 'gumingjie'
         join team_members m on m.staff_id = s.id join teams t on t.id = m.team_id
         join assignments a on a.staff_id = s.id and a.kind = 'liaison'
         join orgs o on o.id = a.org_id
        where o.name = '中部理化铝制品(平湖)有限公司'`,
    );
    expect(gu).toMatchObject({ team: '企业复工指导第一小组', org: '中部理化铝制品(平湖)有限公司' });
    const app = await createTestApp(database());
    try {
      const session = await signIn(app, { username: 'gumingjie', password: demoPassword });
      const res = await app.inject({ method: 'GET', url: '/api/me/enterprises', headers: session.headers });
      expect(res.statusCode).toBe(200);
      const names = (res.json() as { items: Array<{ name?: string; orgName?: string }> }).items.map(
        (i) => i.name ?? i.orgName,
      );
      expect(names).toContain('中部理化铝制品(平湖)有限公司');
    } finally {
      await app.close();
    }
  });

  it('has a worker for each of the 235 grids and the 友邻 network', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from areas g where level = 'grid' and exists (select 1 from assignments a where a.area_id = g.id and a.kind = 'grid_worker' and a.ends_at is null)`,
      ),
    ).toBe(235);
    expect(await count(db(), `select count(*) n from teams where kind = 'neighbour_centre'`)).toBe(3);
    const stations = await rows<{ name: string }>(
      db(),
      `select name from teams where kind = 'neighbour_station'`,
    );
    expect(stations.map((s) => s.name)).toEqual(
      expect.arrayContaining(['水洧埭社区友邻站', '凤凰社区友邻站']),
    );
    expect(
      await count(
        db(),
        `select count(*) n from teams p join teams s on s.id = p.parent_team_id where p.kind = 'neighbour_point' and s.kind <> 'neighbour_station'`,
      ),
    ).toBe(0);
    expect(await count(db(), `select count(*) n from teams where kind = 'neighbour_point'`)).toBeGreaterThan(
      20,
    );
  });

  it('has 1,314 merchants in 水洧埭社区, in its business districts', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from orgs where kind = 'merchant' and ${inSubtree('area_path', '水洧埭社区')}`,
      ),
    ).toBe(1314);
    expect(
      await count(
        db(),
        `select count(distinct a.id) n from orgs o join areas a on a.id = o.area_id where o.kind = 'merchant' and a.kind = 'business_district'`,
      ),
    ).toBe(8);
  });

  it('has 2 farmers’ markets, 19 supermarkets and about 40 producers in 广陈镇, 东都 at its farm base', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from orgs where kind = 'farmers_market' and ${inSubtree('area_path', '广陈镇')}`,
      ),
    ).toBe(2);
    expect(
      await count(
        db(),
        `select count(*) n from orgs where kind = 'retailer' and ${inSubtree('area_path', '广陈镇')}`,
      ),
    ).toBe(19);
    expect(await count(db(), `select count(*) n from orgs where kind = 'agri_producer'`)).toBe(40);
    const [dongdu] = await rows<{ place: string }>(
      db(),
      `select a.name place from orgs o join areas a on a.id = o.area_id where o.name = '东都国际植物新品种研究院'`,
    );
    expect(dongdu?.place).toBe('东都国际植物新品种研究院基地');
  });

  it('has 4,300 tenant households in 凤凰社区, 2,150 renting alone, each with an active tenancy to a landlord', async () => {
    const tenants = `households h where h.resident_type = 'tenant' and ${inSubtree('h.area_path', '凤凰社区')}`;
    expect(await count(db(), `select count(*) n from ${tenants}`)).toBe(4300);
    expect(await count(db(), `select count(*) n from ${tenants} and h.single_renter`)).toBe(2150);
    expect(
      await count(
        db(),
        `select count(*) n from ${tenants} and h.single_renter and (select count(*) from people p where p.household_id = h.id) <> 1`,
      ),
    ).toBe(0);
    expect(
      await count(
        db(),
        `select count(*) n from ${tenants} and not h.single_renter and (select count(*) from people p where p.household_id = h.id) not between 2 and 4`,
      ),
    ).toBe(0);
    expect(
      await count(
        db(),
        `select count(*) n from ${tenants} and not exists (select 1 from tenancies t join people l on l.id = t.landlord_id where t.household_id = h.id and t.end_date is null and l.resident_type = 'registered')`,
      ),
    ).toBe(0);
    const perLandlord = await rows<{ min: number; max: number }>(
      db(),
      `select min(n)::int min, max(n)::int max from (select count(*) n from tenancies group by landlord_id) x`,
    );
    expect(perLandlord[0]?.min).toBeGreaterThanOrEqual(1);
    expect(perLandlord[0]?.max).toBeLessThanOrEqual(6);
    const migrants = await count(
      db(),
      `select count(*) n from people where resident_type = 'tenant' and id_number_masked not like '330482%'`,
    );
    expect(migrants).toBe(await count(db(), `select count(*) n from people where resident_type = 'tenant'`));
  });

  it('has registered residents in 水洧埭社区 and elsewhere, some elderly living alone', async () => {
    expect(
      await count(
        db(),
        `select count(*) n from people where resident_type = 'registered' and ${inSubtree('area_path', '水洧埭社区')}`,
      ),
    ).toBeGreaterThan(2000);
    expect(
      await count(db(), `select count(*) n from people where 'elderly_alone' = any(special_groups)`),
    ).toBeGreaterThan(50);
    expect(
      await count(
        db(),
        `select count(*) n from areas c where level = 'community' and not exists (select 1 from people p where p.area_path like c.path || '.%')`,
      ),
    ).toBe(0);
  });

  it('stores no clear identity number or phone in any people column; the ciphertexts hold valid numbers', async () => {
    const all = await rows<{ row: string; id_number_enc: string; phone_enc: string | null }>(
      db(),
      `select row_to_json(p)::text as row, id_number_enc, phone_enc from people p`,
    );
    expect(all.length).toBeGreaterThan(10_000);
    const leaks: string[] = [];
    for (const r of all) {
      const idNumber = pii.decrypt(r.id_number_enc);
      if (!isValidResidentId(idNumber)) leaks.push(`invalid ${idNumber}`);
      if (r.row.includes(idNumber)) leaks.push(idNumber);
      if (r.phone_enc && r.row.includes(pii.decrypt(r.phone_enc))) leaks.push('phone');
    }
    expect(leaks).toEqual([]);
    expect(await count(db(), `select count(distinct id_number_hash) n from people`)).toBe(all.length);
  });

  it('loads the same rows every time (apart from ciphertext nonces and timestamps)', async () => {
    let other: Database | undefined;
    try {
      other = await openPglite(undefined);
      await runMigrations(other);
      await load(other.db);
      expect(await fingerprints(other.db)).toEqual(await fingerprints(db()));
    } finally {
      await other?.close();
    }
  }, 180_000);
});
