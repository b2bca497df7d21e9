import type { Db } from '../../src/server/core/db/client.ts';
import type { PiiCipher } from '../../src/server/core/crypto/pii.ts';
import { hashPassword } from '../../src/server/core/auth/password.ts';
import { recordAudit, SYSTEM_ACTOR } from '../../src/server/core/audit/audit.ts';
import { insertAreas, type NewAreaRow } from '../../src/server/modules/areas/areas.repo.ts';
import { insertUsers } from '../../src/server/modules/users/users.repo.ts';
import type { Role } from '../../src/shared/access.ts';
import { CITY, GRID_TOTAL, PLACES, TOWNS } from './areas.ts';
import { AreaIndex } from './area-index.ts';
import { stableId } from './ids.ts';
import { CreditCodeFactory, createRng } from './random.ts';
import { buildRegistries, insertRegistries } from './registries.ts';
import { caseStaffUsers, loadDemoCases, ZHONGBU_ORG_ID } from './cases.ts';
import { buildResidents, insertResidents } from './residents.ts';
import { loadDemoRecords } from './records.ts';
import { loadDemoTargets } from './targets.ts';
import { loadDemoShapes } from './geo.load.ts';
import { loadDemoRefunds } from './refunds.ts';

export { stableId };

export interface DemoLogin {
  username: string;
  displayName: string;
  role: Role;
  scope: string;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function buildAreaRows(): NewAreaRow[] {
  const rows: NewAreaRow[] = [];
  const add = (row: Omit<NewAreaRow, 'id' | 'depth'>) => {
    const full = { ...row, id: stableId(row.path), depth: row.path.split('.').length - 1 };
    rows.push(full);
    return full;
  };
  const city = add({
    code: CITY.code,
    name: CITY.name,
    level: 'city',
    kind: 'city',
    parentId: null,
    path: CITY.code,
    sortOrder: 0,
  });
  const communityCount = TOWNS.reduce((n, t) => n + t.communities.length, 0);
  const base = Math.floor(GRID_TOTAL / communityCount);
  let extra = GRID_TOTAL - base * communityCount;
  const communityByName = new Map<string, { id: string; path: string }>();
  const townByName = new Map<string, { id: string; path: string }>();
  TOWNS.forEach((town, ti) => {
    const t = add({
      code: town.code,
      name: town.name,
      level: 'town',
      kind: town.kind,
      parentId: city.id,
      path: `${city.path}.${town.code}`,
      sortOrder: ti,
    });
    townByName.set(town.name, t);
    town.communities.forEach((community, ci) => {
      const code = pad(ci + 1, 3);
      const cm = add({
        code,
        name: community.name,
        level: 'community',
        kind: community.kind,
        parentId: t.id,
        path: `${t.path}.${code}`,
        sortOrder: ci,
      });
      communityByName.set(community.name, cm);
      // Dense urban communities get the remainder grids first.
      const grids = base + (extra > 0 ? 1 : 0);
      if (extra > 0) extra--;
      for (let g = 1; g <= grids; g++) {
        const gcode = pad(g, 4);
        add({
          code: gcode,
          name: `${community.name}第${g}网格`,
          level: 'grid',
          kind: 'grid',
          parentId: cm.id,
          path: `${cm.path}.${gcode}`,
          sortOrder: g,
        });
      }
    });
  });
  const placeCounters = new Map<string, number>();
  for (const place of PLACES) {
    const parent = place.community ? communityByName.get(place.community) : townByName.get(place.town);
    if (!parent) throw new Error(`demo place ${place.name}: unknown parent`);
    const n = (placeCounters.get(parent.path) ?? 0) + 1;
    placeCounters.set(parent.path, n);
    const code = `P${pad(n, 3)}`;
    add({
      code,
      name: place.name,
      level: 'place',
      kind: place.kind,
      parentId: parent.id,
      path: `${parent.path}.${code}`,
      sortOrder: 1000 + n,
    });
  }
  return rows;
}

interface DemoUserSeed extends DemoLogin {
  scopePath: string | null;
  department: string | null;
}

function demoUsers(rows: NewAreaRow[]): DemoUserSeed[] {
  const pathOf = (name: string) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`demo user scope ${name} missing`);
    return row.path;
  };
  const seed = (
    username: string,
    displayName: string,
    role: Role,
    scopeName: string,
    department: string | null = null,
  ): DemoUserSeed => ({
    username,
    displayName,
    role,
    scope: scopeName,
    scopePath: pathOf(scopeName),
    department,
  });
  return [
    seed('command', '市指挥部 王敏', 'command_office', '平湖市'),
    seed('scjg', '市场监管局 李华', 'department_staff', '平湖市', 'market_regulation'),
    seed('danghu', '当湖街道 钱澄', 'town_staff', '当湖街道'),
    seed('shuiweidai', '水洧埭社区 赵曦', 'community_worker', '水洧埭社区'),
    seed('gumingjie', '驻企联络员 顾敏杰', 'liaison', '平湖市', 'law_enforcement'),
    seed('dudao', '督导员 陈家立', 'supervisor', '平湖市', 'economy_bureau'),
    seed('zbhl', '中部理化 企业用户', 'enterprise_user', '钟埭街道'),
    seed('caojinren', '石龙村志愿者 曹金仁', 'volunteer', '石龙村'),
  ];
}

/** The seed of the demo's one PRNG: change it and every generated name and number changes. */
export const DEMO_SEED = 2020_02_18;

/**
 * Loads the demo city into an empty database in one transaction (a half-loaded demo would never be
 * completed, since first start only loads into a database without areas); returns the demo logins.
 */
export async function loadPinghu2020(
  db: Db,
  options: { password: string; pii: PiiCipher; /** The load time (tests pin it). */ now?: Date },
): Promise<DemoLogin[]> {
  const rows = buildAreaRows();
  const users = demoUsers(rows);
  const userIds = new Map(users.map((u) => [u.username, stableId(`user:${u.username}`)]));
  const rng = createRng(DEMO_SEED);
  const index = new AreaIndex(rows);
  const context = { areas: index, pii: options.pii, rng, credit: new CreditCodeFactory(rng), userIds };
  const registries = buildRegistries(context);
  const residents = buildResidents(context);
  // Liaison cadres get logins so the enterprises' cases can be theirs; before the staff rows are written.
  const caseUsers = caseStaffUsers(registries, userIds);
  const passwordHash = await hashPassword(options.password);
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await insertAreas(tx, rows.slice(i, i + 500));
    await loadDemoShapes(tx, new Set(rows.map((r) => r.id as string)));
    await insertUsers(
      tx,
      users.map((u) => ({
        id: userIds.get(u.username),
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        scopePath: u.scopePath,
        department: u.department,
        orgId: u.username === 'zbhl' ? ZHONGBU_ORG_ID : null,
        passwordHash,
      })),
    );
    await insertUsers(
      tx,
      caseUsers.rows.map((u) => ({ ...u, passwordHash })),
    );
    await insertRegistries(tx, registries);
    await insertResidents(tx, residents);
    const caseCounts = await loadDemoCases(tx, {
      registries,
      staffUsers: caseUsers,
      userIds,
      pii: options.pii,
      now: options.now ?? new Date(),
      seed: DEMO_SEED + 1,
    });
    // The contactless export refunds beside 古道嘉恒's: CNY 73.05 M in all, their own PRNG.
    const refundCounts = await loadDemoRefunds(tx, { registries, userIds, seed: DEMO_SEED + 3 });
    // February 2020's daily records: dated in the past whatever the load time, their own PRNG.
    const recordCounts = await loadDemoRecords(tx, {
      areas: index,
      registries,
      residents,
      staffUsers: caseUsers,
      userIds,
      seed: DEMO_SEED + 2,
    });
    await loadDemoTargets(tx, { areas: index, userIds });
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: 'scenario.load',
      entityType: 'scenario',
      entityId: 'pinghu-2020',
      after: {
        areas: rows.length,
        users: users.length,
        orgs: registries.orgRows.length,
        staff: registries.staffRows.length,
        teams: registries.teamRows.length,
        assignments: registries.assignmentRows.length,
        people: residents.peopleRows.length,
        households: residents.householdRows.length,
        tenancies: residents.tenancyRows.length,
        caseUsers: caseUsers.rows.length,
        ...caseCounts,
        ...refundCounts,
        ...recordCounts,
      },
    });
  });
  return users.map(({ username, displayName, role, scope }) => ({ username, displayName, role, scope }));
}
