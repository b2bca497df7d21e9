import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { firstStart, type FirstStart } from '../../src/server/bootstrap.ts';
import { users } from '../../src/server/core/db/core.tables.ts';
import { areas } from '../../src/server/modules/areas/areas.tables.ts';
import { ROLES } from '../../src/shared/access.ts';
import { describeEachDatabase } from '../../src/server/testing/test-database.ts';
import { createTestApp, signIn } from '../../src/server/testing/factories.ts';
import { buildAreaRows } from './load.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';

const adminPassword = 'x'.repeat(12);
const demoPassword = 'y'.repeat(12);

describeEachDatabase('pinghu-2020 demo city', (database) => {
  let first: FirstStart;
  beforeAll(async () => {
    first = await firstStart(database().db, {
      adminPassword,
      loadDemo: true,
      demoPassword,
      pii: testPiiCipher(),
    });
  }, 120_000);

  const db = () => database().db;
  const byName = async (name: string) => {
    const rows = await db().select().from(areas).where(eq(areas.name, name));
    expect(rows, `${name} exists once`).toHaveLength(1);
    const row = rows[0];
    if (!row) throw new Error(`${name} missing`);
    return row;
  };
  const namesUnder = async (parentName: string) => {
    const parent = await byName(parentName);
    const rows = await db()
      .select({ name: areas.name })
      .from(areas)
      .where(eq(areas.parentId, parent.id))
      .orderBy(asc(areas.sortOrder));
    return rows.map((r) => r.name);
  };
  const countKinds = async (rootName: string) => {
    const root = await byName(rootName);
    const rows = await db()
      .select({ kind: areas.kind, n: sql<number>`count(*)::int` })
      .from(areas)
      .where(and(sql`${areas.path} like ${`${root.path}.%`}`, eq(areas.level, 'place')))
      .groupBy(areas.kind);
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  };
  const countLevel = async (level: string) => {
    const rows = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(areas)
      .where(eq(areas.level, level));
    return Number(rows[0]?.n);
  };

  it('reports the administrator and the demo logins', () => {
    expect(first.admin).toEqual({ username: 'admin', password: adminPassword, generated: false });
    expect(first.demo?.password).toBe(demoPassword);
    expect(first.demo?.generated).toBe(false);
  });

  it('has one city of 8 towns and sub-districts', async () => {
    expect(await countLevel('city')).toBe(1);
    const towns = await namesUnder('平湖市');
    expect(towns).toHaveLength(8);
    expect(towns).toEqual(expect.arrayContaining(['当湖街道', '曹桥街道', '广陈镇']));
    expect(await countLevel('town')).toBe(8);
  });

  it('places the named communities and villages under their towns', async () => {
    expect(await namesUnder('当湖街道')).toEqual(expect.arrayContaining(['水洧埭社区', '凤凰社区']));
    expect(await namesUnder('曹桥街道')).toEqual(expect.arrayContaining(['石龙村', '曹桥村']));
    expect((await byName('石龙村')).kind).toBe('village');
    expect((await byName('水洧埭社区')).kind).toBe('community');
  });

  it('has 235 grids', async () => {
    expect(await countLevel('grid')).toBe(235);
  });

  it('gives 水洧埭社区 14 residential compounds and 8 business districts', async () => {
    const kinds = await countKinds('水洧埭社区');
    expect(kinds.residential_compound).toBe(14);
    expect(kinds.business_district).toBe(8);
  });

  it('gives 广陈镇 2 farmers’ markets, 19 supermarkets and 3 gas refill points', async () => {
    const kinds = await countKinds('广陈镇');
    expect(kinds.market).toBe(2);
    expect(kinds.supermarket).toBe(19);
    const refills = await db()
      .select({ name: areas.name })
      .from(areas)
      .where(sql`${areas.name} like '煤气集中代充点%'`);
    expect(refills).toHaveLength(3);
    expect(kinds.service_point).toBe(3);
  });

  it('keeps every path consistent with its parent', async () => {
    const rows = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(areas)
      .innerJoin(sql`areas as parent`, sql`parent.id = ${areas.parentId}`)
      .where(sql`${areas.path} <> parent.path || '.' || ${areas.code} or ${areas.depth} <> parent.depth + 1`);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it('has a demo user for every role, and admin is the administrator', async () => {
    const rows = await db().select({ username: users.username, role: users.role }).from(users);
    const roles = new Set(rows.map((r) => r.role));
    for (const role of ROLES) expect(roles, `a ${role} user`).toContain(role);
    expect(rows.find((r) => r.username === 'admin')?.role).toBe('admin');
    expect(first.demo?.logins.map((l) => l.role).sort()).toEqual(ROLES.filter((r) => r !== 'admin').sort());
  });

  it('lets the administrator and a demo user sign in with their passwords', async () => {
    const app = await createTestApp(database());
    const admin = await signIn(app, { username: 'admin', password: adminPassword });
    expect(admin.csrfToken).toBeTruthy();
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'shuiweidai', password: demoPassword },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'community_worker', scopeName: '水洧埭社区' });
    await app.close();
  });

  it('does not load anything twice', async () => {
    const before = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(areas);
    const again = await firstStart(db(), {
      adminPassword,
      loadDemo: true,
      demoPassword,
      pii: testPiiCipher(),
    });
    expect(again).toEqual({});
    const after = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(areas);
    expect(Number(after[0]?.n)).toBe(Number(before[0]?.n));
    const admins = await db().select().from(users).where(eq(users.username, 'admin'));
    expect(admins).toHaveLength(1);
  });

  it('gives areas the same ids on every load', async () => {
    const built = buildAreaRows();
    expect(buildAreaRows().map((r) => r.id)).toEqual(built.map((r) => r.id));
    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1);
    const stored = await db().select({ id: areas.id, path: areas.path }).from(areas);
    expect(stored.sort(byPath)).toEqual(built.map((r) => ({ id: r.id, path: r.path })).sort(byPath));
  });
});
