import { randomBytes } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import { testPiiCipher } from '../core/crypto/pii.ts';
import { maskPhone } from '../../shared/identifiers.ts';
import type { TeamKind, TeamRole } from '../../shared/registries.ts';
import type { AreaRow } from '../modules/areas/areas.repo.ts';
import { orgs } from '../modules/orgs/orgs.tables.ts';
import { assignments, departments, staff, teamMembers, teams } from '../modules/staff/staff.tables.ts';

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;
const pii = testPiiCipher();

export async function createDepartment(db: Db, area: Pick<AreaRow, 'path'>, name = '测试部门') {
  const [row] = await db
    .insert(departments)
    .values({ code: unique('dept_'), name, areaPath: area.path })
    .returning();
  if (!row) throw new Error('department not inserted');
  return row;
}

export async function createStaff(
  db: Db,
  area: Pick<AreaRow, 'path'>,
  options: { name?: string; phone?: string; departmentId?: string; userId?: string; active?: boolean } = {},
) {
  const phone = options.phone;
  const [row] = await db
    .insert(staff)
    .values({
      name: options.name ?? unique('员工'),
      phoneEnc: phone ? pii.encrypt(phone) : null,
      phoneHash: phone ? pii.lookupHash(phone) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      departmentId: options.departmentId ?? null,
      userId: options.userId ?? null,
      areaPath: area.path,
      active: options.active ?? true,
    })
    .returning();
  if (!row) throw new Error('staff not inserted');
  return row;
}

export async function createTeam(
  db: Db,
  area: Pick<AreaRow, 'path'>,
  options: { kind?: TeamKind; name?: string; parentTeamId?: string } = {},
) {
  const [row] = await db
    .insert(teams)
    .values({
      kind: options.kind ?? 'enterprise_guidance',
      name: options.name ?? unique('队伍'),
      parentTeamId: options.parentTeamId ?? null,
      areaPath: area.path,
    })
    .returning();
  if (!row) throw new Error('team not inserted');
  return row;
}

export async function addTeamMember(
  db: Db,
  teamId: string,
  staffId: string,
  role: TeamRole = 'member',
  startsOn = '2020-02-01',
) {
  const [row] = await db.insert(teamMembers).values({ teamId, staffId, role, startsOn }).returning();
  if (!row) throw new Error('member not inserted');
  return row;
}

/** An enterprise of the orgs registry, written directly: this module only reads orgs. */
export async function createEnterprise(
  db: Db,
  area: Pick<AreaRow, 'id' | 'path'>,
  options: { name?: string; aboveScale?: boolean; status?: string; contactPhone?: string } = {},
) {
  const phone = options.contactPhone;
  const [row] = await db
    .insert(orgs)
    .values({
      kind: 'enterprise',
      name: options.name ?? unique('测试企业'),
      aboveScale: options.aboveScale ?? true,
      areaId: area.id,
      areaPath: area.path,
      address: '测试路 1 号',
      contactName: '王经理',
      contactPhoneEnc: phone ? pii.encrypt(phone) : null,
      contactPhoneHash: phone ? pii.lookupHash(phone) : null,
      contactPhoneMasked: phone ? maskPhone(phone) : null,
      status: options.status ?? 'operating',
    })
    .returning();
  if (!row) throw new Error('org not inserted');
  return row;
}

export async function createLiaison(db: Db, org: { id: string; areaPath: string }, staffId: string) {
  const [row] = await db
    .insert(assignments)
    .values({ kind: 'liaison', staffId, orgId: org.id, areaPath: org.areaPath, isPrimary: true })
    .returning();
  if (!row) throw new Error('assignment not inserted');
  return row;
}

export async function createGridWorker(db: Db, grid: Pick<AreaRow, 'id' | 'path'>, staffId: string) {
  const [row] = await db
    .insert(assignments)
    .values({ kind: 'grid_worker', staffId, areaId: grid.id, areaPath: grid.path })
    .returning();
  if (!row) throw new Error('assignment not inserted');
  return row;
}
