import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { areas } from '../areas/areas.tables.ts';
import { caseEvents, caseTypes, cases, verificationCodes } from '../cases/cases.tables.ts';

export type PlaceRow = typeof areas.$inferSelect;
export type CaseTypeRow = typeof caseTypes.$inferSelect;
export type VerificationCodeRow = typeof verificationCodes.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An active area by id, by full path, or by its own code when only one area carries it. */
export async function findActivePlace(db: Db, ref: string): Promise<PlaceRow | undefined> {
  if (UUID.test(ref)) {
    const rows = await db
      .select()
      .from(areas)
      .where(and(eq(areas.id, ref), eq(areas.active, true)))
      .limit(1);
    return rows[0];
  }
  const byPath = await db
    .select()
    .from(areas)
    .where(and(eq(areas.path, ref), eq(areas.active, true)))
    .limit(1);
  if (byPath[0]) return byPath[0];
  const byCode = await db
    .select()
    .from(areas)
    .where(and(eq(areas.code, ref), eq(areas.active, true)))
    .limit(2);
  return byCode.length === 1 ? byCode[0] : undefined;
}

/** Names of the areas at the given paths, ordered from the root down. */
export async function areaNamesByPath(db: Db, paths: string[]): Promise<{ path: string; name: string }[]> {
  if (paths.length === 0) return [];
  return db
    .select({ path: areas.path, name: areas.name })
    .from(areas)
    .where(inArray(areas.path, paths))
    .orderBy(asc(areas.depth));
}

const residentsMayFile = sql`${caseTypes.submitters} @> '["public"]'::jsonb`;

export async function listPublicCaseTypes(db: Db): Promise<CaseTypeRow[]> {
  return db
    .select()
    .from(caseTypes)
    .where(and(eq(caseTypes.active, true), residentsMayFile))
    .orderBy(asc(caseTypes.sortOrder), asc(caseTypes.code));
}

export async function findPublicCaseType(db: Db, code: string): Promise<CaseTypeRow | undefined> {
  const rows = await db
    .select()
    .from(caseTypes)
    .where(and(eq(caseTypes.code, code), eq(caseTypes.active, true), residentsMayFile))
    .limit(1);
  return rows[0];
}

/** Serialises code requests for one phone within the caller's transaction (so the hourly cap holds). */
export async function lockPhone(tx: Db, phoneHash: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`verification:${phoneHash}`}))`);
}

export async function codeTimesSince(db: Db, phoneHash: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ createdAt: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(and(eq(verificationCodes.phoneHash, phoneHash), gt(verificationCodes.createdAt, since)));
  return rows.map((r) => r.createdAt);
}

export async function insertCode(
  db: Db,
  row: { phoneHash: string; codeHash: string; purpose: string; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await db.insert(verificationCodes).values(row);
}

/** The newest code sent to the phone for the purpose that is not used yet (older ones are superseded). */
export async function newestOpenCode(
  db: Db,
  phoneHash: string,
  purpose: string,
): Promise<VerificationCodeRow | undefined> {
  const rows = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.phoneHash, phoneHash),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1);
  return rows[0];
}

export async function countWrongAttempt(db: Db, id: string): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(eq(verificationCodes.id, id));
}

/** Marks the code used; false when another request used it first. */
export async function consumeCode(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(verificationCodes)
    .set({ consumedAt: at })
    .where(and(eq(verificationCodes.id, id), isNull(verificationCodes.consumedAt)))
    .returning({ id: verificationCodes.id });
  return rows.length === 1;
}

/** A resident's request by its tracking token, with what the tracking page shows (no personal data). */
export async function findTrackedCase(db: Db, token: string) {
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      typeCode: cases.typeCode,
      typeNameZh: caseTypes.nameZh,
      typeNameEn: caseTypes.nameEn,
      areaPath: cases.areaPath,
      areaName: areas.name,
      resolution: cases.resolution,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
    })
    .from(cases)
    .innerJoin(caseTypes, eq(caseTypes.id, cases.typeId))
    .leftJoin(areas, eq(areas.path, cases.areaPath))
    .where(and(eq(cases.open311Token, token), inArray(cases.source, ['resident_qr', 'open311'])))
    .limit(1);
  return rows[0];
}

export async function listPublicEvents(db: Db, caseId: string) {
  return db
    .select({
      id: caseEvents.id,
      at: caseEvents.at,
      kind: caseEvents.kind,
      toStatus: caseEvents.toStatus,
      body: caseEvents.body,
    })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.visibility, 'public')))
    .orderBy(asc(caseEvents.id))
    .limit(500);
}
