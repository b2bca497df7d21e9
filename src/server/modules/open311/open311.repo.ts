import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { areas } from '../areas/areas.tables.ts';
import { departments } from '../staff/staff.tables.ts';
import { apiKeys, caseTypes, cases } from '../cases/cases.tables.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

// ── API keys ────────────────────────────────────────────────────────────────────

export async function insertApiKey(
  db: Db,
  row: { name: string; keyHash: string; keyPrefix: string; createdBy: string },
): Promise<ApiKeyRow> {
  const [created] = await db.insert(apiKeys).values(row).returning();
  if (!created) throw new Error('api key not inserted');
  return created;
}

export async function listApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt), asc(apiKeys.id)).limit(500);
}

export async function findApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.select().from(apiKeys).where(eq(apiKeys.id, id)).limit(1);
  return rows[0];
}

export async function revokeApiKey(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.update(apiKeys).set({ active: false }).where(eq(apiKeys.id, id)).returning();
  return rows[0];
}

export async function findActiveKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), eq(apiKeys.active, true)))
    .limit(1);
  return rows[0];
}

export async function touchApiKey(db: Db, id: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}

// ── services ────────────────────────────────────────────────────────────────────

const serviceColumns = {
  code: caseTypes.code,
  open311Code: caseTypes.open311Code,
  nameZh: caseTypes.nameZh,
  nameEn: caseTypes.nameEn,
  descriptionZh: caseTypes.descriptionZh,
  descriptionEn: caseTypes.descriptionEn,
  fields: caseTypes.fields,
  categories: caseTypes.categories,
  departmentName: departments.name,
  updatedAt: caseTypes.updatedAt,
};

export type ServiceRow = Awaited<ReturnType<typeof listServices>>[number];

/** Active case types published to Open311 (they carry an open311_code). */
/** A type is published to Open311 only when it has a service code and residents may file it. */
const publicSubmits = sql`${caseTypes.submitters} @> '["public"]'::jsonb`;

export async function listServices(db: Db) {
  return db
    .select(serviceColumns)
    .from(caseTypes)
    .leftJoin(departments, eq(departments.code, caseTypes.defaultDepartmentCode))
    .where(and(eq(caseTypes.active, true), isNotNull(caseTypes.open311Code), publicSubmits))
    .orderBy(asc(caseTypes.sortOrder), asc(caseTypes.code));
}

export async function findService(db: Db, open311Code: string): Promise<ServiceRow | undefined> {
  const rows = await db
    .select(serviceColumns)
    .from(caseTypes)
    .leftJoin(departments, eq(departments.code, caseTypes.defaultDepartmentCode))
    .where(and(eq(caseTypes.active, true), eq(caseTypes.open311Code, open311Code), publicSubmits))
    .limit(1);
  return rows[0];
}

// ── requests ────────────────────────────────────────────────────────────────────

/** Only what residents and Open311 clients filed, of published types: never staff or enterprise cases. */
const publicCase = and(inArray(cases.source, ['resident_qr', 'open311']), isNotNull(caseTypes.open311Code));

const requestColumns = {
  number: cases.number,
  status: cases.status,
  resolution: cases.resolution,
  open311Code: caseTypes.open311Code,
  nameZh: caseTypes.nameZh,
  nameEn: caseTypes.nameEn,
  description: cases.description,
  departmentName: departments.name,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
  dueResolutionAt: cases.dueResolutionAt,
  address: cases.address,
  areaPath: cases.areaPath,
  lat: cases.lat,
  lon: cases.lon,
};

export type RequestRow = Awaited<ReturnType<typeof listRequests>>[number];

export interface RequestFilter {
  numbers?: number[];
  open311Codes?: string[];
  statuses?: string[];
  from?: Date;
  to?: Date;
  limit: number;
}

export async function listRequests(db: Db, filter: RequestFilter) {
  const conditions: (SQL | undefined)[] = [publicCase];
  if (filter.numbers) conditions.push(inArray(cases.number, filter.numbers));
  if (filter.open311Codes) conditions.push(inArray(caseTypes.open311Code, filter.open311Codes));
  if (filter.statuses) conditions.push(inArray(cases.status, filter.statuses));
  if (filter.from) conditions.push(gte(cases.createdAt, filter.from));
  if (filter.to) conditions.push(lt(cases.createdAt, filter.to));
  return db
    .select(requestColumns)
    .from(cases)
    .innerJoin(caseTypes, eq(caseTypes.id, cases.typeId))
    .leftJoin(departments, eq(departments.code, cases.handlingDepartmentCode))
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt), desc(cases.number))
    .limit(filter.limit);
}

export async function findRequestNumberByToken(db: Db, token: string): Promise<number | undefined> {
  const rows = await db
    .select({ number: cases.number })
    .from(cases)
    .innerJoin(caseTypes, eq(caseTypes.id, cases.typeId))
    .where(and(eq(cases.open311Token, token), publicCase))
    .limit(1);
  return rows[0]?.number;
}

/** The city root: the first active area at depth 0 (requests without a known place are filed there). */
export async function findCityRoot(db: Db) {
  const rows = await db
    .select({ id: areas.id, path: areas.path, name: areas.name })
    .from(areas)
    .where(and(eq(areas.depth, 0), eq(areas.active, true)))
    .orderBy(asc(areas.sortOrder), asc(areas.createdAt), asc(areas.path))
    .limit(1);
  return rows[0];
}

/** Used for the discovery changeset: when the published services last changed. */
export async function lastServiceChange(db: Db): Promise<Date | null> {
  const rows = await db
    .select({ at: sql<string | null>`max(${caseTypes.updatedAt})` })
    .from(caseTypes)
    .where(isNotNull(caseTypes.open311Code));
  const at = rows[0]?.at;
  return at ? new Date(at) : null;
}
