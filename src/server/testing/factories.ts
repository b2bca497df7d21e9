import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import { hashPassword } from '../core/auth/password.ts';
import { insertUsers } from '../modules/users/users.repo.ts';
import { insertAreas, type AreaRow } from '../modules/areas/areas.repo.ts';
import type { Role } from '../../shared/access.ts';
import type { AreaLevel } from '../../shared/areas.ts';
import { buildApp, type App } from '../app.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import type { Database } from '../core/db/client.ts';

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

// One hash for every factory user: argon2 is slow on purpose, tests need not be.
const PASSWORD = 'test-password-123';
let passwordHash: Promise<string> | undefined;

export async function createUser(
  db: Db,
  options: {
    role: Role;
    scopePath?: string | null;
    department?: string | null;
    mustChangePassword?: boolean;
    active?: boolean;
    /** For enterprise users: the organisation they act for. */
    orgId?: string;
  },
): Promise<TestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const username = unique('u_');
  const id = crypto.randomUUID();
  await insertUsers(db, [
    {
      id,
      username,
      displayName: `测试用户 ${username}`,
      passwordHash: await passwordHash,
      role: options.role,
      scopePath: options.scopePath === undefined ? null : options.scopePath,
      department: options.department ?? null,
      orgId: options.orgId ?? null,
      mustChangePassword: options.mustChangePassword ?? false,
      active: options.active ?? true,
    },
  ]);
  return { id, username, password: PASSWORD };
}

export interface TestTree {
  city: AreaRow;
  towns: [AreaRow, AreaRow];
  communities: [AreaRow, AreaRow];
  grids: [AreaRow, AreaRow];
  place: AreaRow;
}

/**
 * A small city of its own for one test: city → 2 towns → a community in each → a grid in each → a place
 * under the first grid. Codes are random so tests never share rows.
 */
export async function createAreaTree(db: Db): Promise<TestTree> {
  const make = async (
    parent: AreaRow | null,
    level: AreaLevel,
    kind: string,
    name: string,
    code?: string,
  ) => {
    const segment = code ?? unique('').slice(0, 8);
    const path = parent ? `${parent.path}.${segment}` : segment;
    const [row] = await insertAreas(db, [
      {
        code: segment,
        name,
        level,
        kind,
        parentId: parent?.id ?? null,
        path,
        depth: path.split('.').length - 1,
      },
    ]);
    if (!row) throw new Error('area not inserted');
    return row;
  };
  const city = await make(null, 'city', 'city', '测试市');
  const townA = await make(city, 'town', 'sub_district', '甲街道', '01');
  const townB = await make(city, 'town', 'town', '乙镇', '02');
  const communityA = await make(townA, 'community', 'community', '甲社区', '001');
  const communityB = await make(townB, 'community', 'village', '乙村', '002');
  const gridA = await make(communityA, 'grid', 'grid', '甲社区第1网格', '0001');
  const gridB = await make(communityB, 'grid', 'grid', '乙村第1网格', '0001');
  const place = await make(gridA, 'place', 'checkpoint', '甲社区卡点', 'P001');
  return { city, towns: [townA, townB], communities: [communityA, communityB], grids: [gridA, gridB], place };
}

export function createTestApp(database: Database): Promise<App> {
  return buildApp({ database, pii: testPiiCipher(), logLevel: 'silent' });
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** Headers for a signed-in write: cookie and CSRF token. */
  headers: Record<string, string>;
}

export async function signIn(app: App, user: Pick<TestUser, 'username' | 'password'>): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: user.username, password: user.password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const setCookie = response.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  const cookie = raw?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** Signs in a new user of a role scoped to a path, in one step. */
export async function signInAs(
  app: App,
  db: Db,
  role: Role,
  scopePath: string | null,
): Promise<Session & { user: TestUser }> {
  const user = await createUser(db, { role, scopePath });
  return { ...(await signIn(app, user)), user };
}
