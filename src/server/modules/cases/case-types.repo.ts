import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { departments } from '../staff/staff.tables.ts';
import { caseTypes, type CaseTypeRow } from './cases.tables.ts';

export async function listCaseTypes(db: Db, includeInactive: boolean): Promise<CaseTypeRow[]> {
  return db
    .select()
    .from(caseTypes)
    .where(includeInactive ? undefined : eq(caseTypes.active, true))
    .orderBy(asc(caseTypes.sortOrder), asc(caseTypes.code));
}

export async function findCaseTypeByCode(db: Db, code: string): Promise<CaseTypeRow | undefined> {
  const rows = await db.select().from(caseTypes).where(eq(caseTypes.code, code)).limit(1);
  return rows[0];
}

export async function findCaseType(db: Db, id: string): Promise<CaseTypeRow | undefined> {
  const rows = await db.select().from(caseTypes).where(eq(caseTypes.id, id)).limit(1);
  return rows[0];
}

export async function insertCaseType(db: Db, row: typeof caseTypes.$inferInsert): Promise<CaseTypeRow> {
  const [inserted] = await db.insert(caseTypes).values(row).returning();
  if (!inserted) throw new Error('case type not inserted');
  return inserted;
}

/** Undefined when the row is gone or its version moved on. */
export async function updateCaseTypeAtVersion(
  db: Db,
  id: string,
  version: number,
  changes: Partial<typeof caseTypes.$inferInsert>,
): Promise<CaseTypeRow | undefined> {
  const rows = await db
    .update(caseTypes)
    .set({ ...changes, version: sql`${caseTypes.version} + 1`, updatedAt: new Date() })
    .where(and(eq(caseTypes.id, id), eq(caseTypes.version, version)))
    .returning();
  return rows[0];
}

/** The department codes among `codes` that exist. */
export async function existingDepartmentCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: departments.code })
    .from(departments)
    .where(inArray(departments.code, [...codes]));
  return new Set(rows.map((r) => r.code));
}
