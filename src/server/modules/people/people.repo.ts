import { and, asc, eq, getTableColumns, inArray, isNull, like, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike, pathInSubtree } from '../../core/db/path-sql.ts';
import { upsertByKeyAsJson } from '../../core/db/json-upsert.ts';
import { areas } from '../areas/areas.tables.ts';
import { dwellings, households, people, tenancies } from './people.tables.ts';

export type PersonRow = typeof people.$inferSelect;
export type NewPersonRow = typeof people.$inferInsert;
export type PersonWithArea = PersonRow & { areaName: string | null };
export type HouseholdRow = typeof households.$inferSelect;
export type DwellingRow = typeof dwellings.$inferSelect;
export type DwellingWithCompound = DwellingRow & { compoundName: string | null };
export type TenancyRow = typeof tenancies.$inferSelect;

const personWithArea = { ...getTableColumns(people), areaName: areas.name };

export async function findPersonById(db: Db, id: string): Promise<PersonWithArea | undefined> {
  const rows = await db
    .select(personWithArea)
    .from(people)
    .leftJoin(areas, eq(areas.id, people.areaId))
    .where(eq(people.id, id))
    .limit(1);
  return rows[0];
}

export async function findPersonIdByIdHash(db: Db, hash: string): Promise<string | undefined> {
  const rows = await db.select({ id: people.id }).from(people).where(eq(people.idNumberHash, hash)).limit(1);
  return rows[0]?.id;
}

export type PeopleSort = 'name' | 'updatedAt';

export interface PeopleQuery {
  scopePath: string | null;
  subtreePath?: string;
  residentType?: string;
  specialGroup?: string;
  householdId?: string;
  nameFragment?: string;
  idNumberHash?: string;
  phoneHash?: string;
  sort: PeopleSort;
  /** Keyset position: the previous page's last sort key (name, or updated_at as text) and id. */
  after?: { sortValue: string; id: string };
  limit: number;
}

export type PersonListRow = PersonWithArea & { sortKey: string };

export async function listPeople(db: Db, query: PeopleQuery): Promise<PersonListRow[]> {
  const conditions: SQL[] = [];
  if (query.scopePath !== null) conditions.push(pathInSubtree(people.areaPath, query.scopePath));
  if (query.subtreePath) conditions.push(pathInSubtree(people.areaPath, query.subtreePath));
  if (query.residentType) conditions.push(eq(people.residentType, query.residentType));
  if (query.specialGroup) conditions.push(sql`${query.specialGroup} = any(${people.specialGroups})`);
  if (query.householdId) conditions.push(eq(people.householdId, query.householdId));
  if (query.nameFragment) conditions.push(like(people.name, `%${escapeLike(query.nameFragment)}%`));
  if (query.idNumberHash) conditions.push(eq(people.idNumberHash, query.idNumberHash));
  if (query.phoneHash) conditions.push(eq(people.phoneHash, query.phoneHash));
  // updated_at travels as text with microseconds: a millisecond JS Date would skip or repeat rows.
  const sortKey =
    query.sort === 'name' ? sql<string>`${people.name}` : sql<string>`${people.updatedAt}::text`;
  if (query.after) {
    conditions.push(
      query.sort === 'name'
        ? sql`(${people.name}, ${people.id}) > (${query.after.sortValue}, ${query.after.id}::uuid)`
        : sql`(${people.updatedAt}, ${people.id}) < (${query.after.sortValue}::timestamptz, ${query.after.id}::uuid)`,
    );
  }
  const order =
    query.sort === 'name'
      ? [asc(people.name), asc(people.id)]
      : [sql`${people.updatedAt} desc`, sql`${people.id} desc`];
  return db
    .select({ ...personWithArea, sortKey })
    .from(people)
    .leftJoin(areas, eq(areas.id, people.areaId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit);
}

export async function insertPerson(db: Db, row: NewPersonRow): Promise<PersonRow> {
  const [inserted] = await db.insert(people).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

/** Optimistic update: applies only when the row is still at the version the caller read. */
export async function updatePersonAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<Omit<NewPersonRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>>,
): Promise<PersonRow | undefined> {
  const rows = await db
    .update(people)
    .set({ ...changes, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning();
  return rows[0];
}

const UPSERT_BATCH = 500;
const UPSERT_COLUMNS = [
  'name',
  'idType',
  'idNumberEnc',
  'idNumberMasked',
  'phoneEnc',
  'phoneHash',
  'phoneMasked',
  'gender',
  'birthDate',
  'areaId',
  'areaPath',
  'residentType',
  'specialGroups',
  'note',
] as const satisfies readonly (keyof NewPersonRow)[];

// Import engine: inserts or updates people keyed by id_number_hash, 500 rows a statement (about 50 ms on PGlite), inside the caller's transaction; rows must already be encrypted/hashed and unique by hash.
export async function upsertPeopleByIdHash(
  db: Db,
  rows: NewPersonRow[],
): Promise<{ id: string; inserted: boolean }[]> {
  const upserted = await upsertByKeyAsJson(
    db,
    { table: people, key: 'idNumberHash', columns: UPSERT_COLUMNS, batch: UPSERT_BATCH },
    rows,
  );
  return upserted.map(({ id, inserted }) => ({ id, inserted }));
}

export async function listMembers(db: Db, householdId: string): Promise<PersonWithArea[]> {
  return db
    .select(personWithArea)
    .from(people)
    .leftJoin(areas, eq(areas.id, people.areaId))
    .where(eq(people.householdId, householdId))
    .orderBy(sql`${people.householdRole} = 'head' desc`, asc(people.name), asc(people.id))
    .limit(500);
}

export async function countMembers(db: Db, householdIds: string[]): Promise<Map<string, number>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({ householdId: people.householdId, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(people)
    .where(inArray(people.householdId, householdIds))
    .groupBy(people.householdId);
  return new Map(rows.map((r) => [r.householdId ?? '', r.n]));
}

export async function findHead(db: Db, householdId: string): Promise<{ id: string } | undefined> {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.householdId, householdId), eq(people.householdRole, 'head')))
    .limit(1);
  return rows[0];
}

// ---------- households ----------

export async function insertHousehold(db: Db, row: typeof households.$inferInsert): Promise<HouseholdRow> {
  const [inserted] = await db.insert(households).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function findHouseholdById(
  db: Db,
  id: string,
): Promise<(HouseholdRow & { areaName: string | null }) | undefined> {
  const rows = await db
    .select({ ...getTableColumns(households), areaName: areas.name })
    .from(households)
    .leftJoin(areas, eq(areas.id, households.areaId))
    .where(eq(households.id, id))
    .limit(1);
  return rows[0];
}

/** Households in scope, optionally of one dwelling or under one area, in a stable id order for keyset paging. */
export async function listHouseholds(
  db: Db,
  query: {
    scopePath: string | null;
    dwellingId?: string;
    subtreePath?: string;
    afterId?: string;
    limit: number;
  },
): Promise<Array<HouseholdRow & { areaName: string | null }>> {
  const conditions: SQL[] = [];
  if (query.scopePath !== null) conditions.push(pathInSubtree(households.areaPath, query.scopePath));
  if (query.subtreePath) conditions.push(pathInSubtree(households.areaPath, query.subtreePath));
  if (query.dwellingId) conditions.push(eq(households.dwellingId, query.dwellingId));
  if (query.afterId) conditions.push(sql`${households.id} > ${query.afterId}`);
  return db
    .select({ ...getTableColumns(households), areaName: areas.name })
    .from(households)
    .leftJoin(areas, eq(areas.id, households.areaId))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(households.id))
    .limit(query.limit);
}

/** The head of each household given (a household has at most one). */
export async function findHeads(
  db: Db,
  householdIds: string[],
): Promise<Map<string, { id: string; name: string }>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({ householdId: people.householdId, id: people.id, name: people.name })
    .from(people)
    .where(and(inArray(people.householdId, householdIds), eq(people.householdRole, 'head')));
  return new Map(rows.map((r) => [r.householdId ?? '', { id: r.id, name: r.name }]));
}

/** The landlord of each given household's open tenancy (at most one is open per household). */
export async function findActiveLandlords(
  db: Db,
  householdIds: string[],
): Promise<Map<string, Pick<PersonRow, 'id' | 'name' | 'idNumberMasked' | 'phoneMasked'>>> {
  if (householdIds.length === 0) return new Map();
  const rows = await db
    .select({
      householdId: tenancies.householdId,
      id: people.id,
      name: people.name,
      idNumberMasked: people.idNumberMasked,
      phoneMasked: people.phoneMasked,
    })
    .from(tenancies)
    .innerJoin(people, eq(people.id, tenancies.landlordId))
    .where(and(inArray(tenancies.householdId, householdIds), isNull(tenancies.endDate)));
  return new Map(rows.map(({ householdId, ...landlord }) => [householdId, landlord]));
}

export async function touchHousehold(db: Db, id: string): Promise<void> {
  await db
    .update(households)
    .set({ version: sql`${households.version} + 1`, updatedAt: new Date() })
    .where(eq(households.id, id));
}

// ---------- dwellings ----------

export async function insertDwelling(db: Db, row: typeof dwellings.$inferInsert): Promise<DwellingRow> {
  const [inserted] = await db.insert(dwellings).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function existsDwelling(
  db: Db,
  key: { compoundAreaId: string; building: string; unit: string; room: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: dwellings.id })
    .from(dwellings)
    .where(
      and(
        eq(dwellings.compoundAreaId, key.compoundAreaId),
        eq(dwellings.building, key.building),
        eq(dwellings.unit, key.unit),
        eq(dwellings.room, key.room),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

const dwellingWithCompound = { ...getTableColumns(dwellings), compoundName: areas.name };

export async function findDwellingById(db: Db, id: string): Promise<DwellingWithCompound | undefined> {
  const rows = await db
    .select(dwellingWithCompound)
    .from(dwellings)
    .leftJoin(areas, eq(areas.id, dwellings.compoundAreaId))
    .where(eq(dwellings.id, id))
    .limit(1);
  return rows[0];
}

export async function findDwellingsByIds(db: Db, ids: string[]): Promise<DwellingWithCompound[]> {
  if (ids.length === 0) return [];
  return db
    .select(dwellingWithCompound)
    .from(dwellings)
    .leftJoin(areas, eq(areas.id, dwellings.compoundAreaId))
    .where(inArray(dwellings.id, ids));
}

export async function listDwellings(
  db: Db,
  query: {
    scopePath: string | null;
    compoundAreaId?: string;
    after?: { building: string; unit: string; room: string; id: string };
    limit: number;
  },
): Promise<DwellingWithCompound[]> {
  const conditions: SQL[] = [];
  if (query.scopePath !== null) conditions.push(pathInSubtree(dwellings.areaPath, query.scopePath));
  if (query.compoundAreaId) conditions.push(eq(dwellings.compoundAreaId, query.compoundAreaId));
  if (query.after) {
    const a = query.after;
    conditions.push(
      sql`(${dwellings.building}, ${dwellings.unit}, ${dwellings.room}, ${dwellings.id}) > (${a.building}, ${a.unit}, ${a.room}, ${a.id}::uuid)`,
    );
  }
  return db
    .select(dwellingWithCompound)
    .from(dwellings)
    .leftJoin(areas, eq(areas.id, dwellings.compoundAreaId))
    .where(and(...conditions))
    .orderBy(asc(dwellings.building), asc(dwellings.unit), asc(dwellings.room), asc(dwellings.id))
    .limit(query.limit);
}

// ---------- tenancies ----------

export async function insertTenancy(db: Db, row: typeof tenancies.$inferInsert): Promise<TenancyRow> {
  const [inserted] = await db.insert(tenancies).values(row).returning();
  if (!inserted) throw new Error('insert returned no row');
  return inserted;
}

export async function findTenancyById(db: Db, id: string): Promise<TenancyRow | undefined> {
  const rows = await db.select().from(tenancies).where(eq(tenancies.id, id)).limit(1);
  return rows[0];
}

export async function findActiveTenancy(db: Db, householdId: string): Promise<TenancyRow | undefined> {
  const rows = await db
    .select()
    .from(tenancies)
    .where(and(eq(tenancies.householdId, householdId), isNull(tenancies.endDate)))
    .limit(1);
  return rows[0];
}

/** Ends a tenancy only if it is still open, so two people ending it at once cannot both succeed. */
export async function endTenancy(db: Db, id: string, endDate: string): Promise<TenancyRow | undefined> {
  const rows = await db
    .update(tenancies)
    .set({ endDate })
    .where(and(eq(tenancies.id, id), isNull(tenancies.endDate)))
    .returning();
  return rows[0];
}

export interface TenantHouseholdRow {
  tenancy: TenancyRow;
  household: HouseholdRow;
  areaName: string | null;
}

export async function listTenanciesOfLandlord(
  db: Db,
  landlordId: string,
  includeEnded: boolean,
): Promise<TenantHouseholdRow[]> {
  const conditions: SQL[] = [eq(tenancies.landlordId, landlordId)];
  if (!includeEnded) conditions.push(isNull(tenancies.endDate));
  return db
    .select({ tenancy: tenancies, household: households, areaName: areas.name })
    .from(tenancies)
    .innerJoin(households, eq(households.id, tenancies.householdId))
    .leftJoin(areas, eq(areas.id, households.areaId))
    .where(and(...conditions))
    .orderBy(sql`${tenancies.startDate} desc`, asc(tenancies.id))
    .limit(1000);
}
