import type { Db } from '../core/db/client.ts';
import type { App } from '../app.ts';
import type { Role } from '../../shared/access.ts';
import { createUser, signIn, type Session, type TestUser } from './factories.ts';
import { createLiaison, createStaff } from './staff.factories.ts';
import type { AreaRow } from '../modules/areas/areas.repo.ts';
import { departments } from '../modules/staff/staff.tables.ts';
import { seedCaseTypes } from '../modules/cases/case-types.seed.ts';
import { findCaseTypeByCode } from '../modules/cases/case-types.repo.ts';
import { cases, type CaseRow } from '../modules/cases/cases.tables.ts';

/** The contract's department codes, so case types and routing resolve in a test database. */
export const CASE_DEPARTMENT_CODES = [
  'economy_bureau',
  'market_regulation',
  'tax',
  'human_resources',
  'health',
  'civil_affairs',
  'agriculture',
  'transport',
  'command_office',
] as const;

/** Seeds the nine case types and their departments (idempotent: safe in every suite's beforeAll). */
export async function seedCaseFixtures(db: Db, city: Pick<AreaRow, 'path'>): Promise<void> {
  await seedCaseTypes(db);
  await db
    .insert(departments)
    .values(CASE_DEPARTMENT_CODES.map((code) => ({ code, name: code, areaPath: city.path })))
    .onConflictDoNothing();
}

/**
 * A case row written straight to the table (no events, clocks or notifications), for tests of
 * other modules that need a case in a given state. Seed the types first.
 */
export async function insertCase(
  db: Db,
  area: Pick<AreaRow, 'path'>,
  options: Partial<Omit<typeof cases.$inferInsert, 'typeId'>> & { typeCode?: string } = {},
): Promise<CaseRow> {
  const typeCode = options.typeCode ?? 'enterprise_problem';
  const type = await findCaseTypeByCode(db, typeCode);
  if (!type) throw new Error(`case type ${typeCode} not seeded`);
  const [row] = await db
    .insert(cases)
    .values({
      regionCode: area.path.split('.')[0] ?? area.path,
      status: 'submitted',
      title: '测试事项',
      source: 'staff',
      areaPath: area.path,
      ...options,
      typeId: type.id,
      typeCode,
    })
    .returning();
  if (!row) throw new Error('case not inserted');
  return row;
}

/** A signed-in user with the given role, scope, department and organisation. */
export async function signInWith(
  app: App,
  db: Db,
  options: { role: Role; scopePath?: string | null; department?: string | null; orgId?: string },
): Promise<Session & { user: TestUser }> {
  const user = await createUser(db, options);
  return { ...(await signIn(app, user)), user };
}

/** An enterprise with a signed-in primary liaison (a liaison user linked to a staff record). */
export async function liaisonFor(
  app: App,
  db: Db,
  org: { id: string; areaPath: string },
  scopePath: string,
): Promise<Session & { user: TestUser }> {
  const session = await signInWith(app, db, { role: 'liaison', scopePath });
  const person = await createStaff(db, { path: scopePath }, { userId: session.user.id });
  await createLiaison(db, org, person.id);
  return session;
}
