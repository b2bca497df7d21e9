import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { caseDeadlines, caseTypes, cases, type CaseRow } from '../cases/cases.tables.ts';
import type { SlaPolicy } from './sla.rules.ts';

// Test helpers of the SLA module: a case type and case rows written straight to the tables, so these
// tests do not depend on the case lifecycle module.

export const TEST_SLA: SlaPolicy = {
  basis: 'working',
  firstResponseHours: 4,
  updateIntervalHours: 7.5,
  resolutionHours: 15,
  warnAtShare: 0.8,
};

export async function createSlaCaseType(db: Db, sla: SlaPolicy = TEST_SLA) {
  const code = `sla_${randomBytes(4).toString('hex')}`;
  const [row] = await db
    .insert(caseTypes)
    .values({ code, nameZh: '测试类型', nameEn: 'Test type', subjectKind: 'none', sla })
    .returning();
  if (!row) throw new Error('case type not inserted');
  return row;
}

export async function createSlaCase(
  db: Db,
  type: { id: string; code: string },
  areaPath: string,
  options: Partial<typeof cases.$inferInsert> = {},
): Promise<CaseRow> {
  const [row] = await db
    .insert(cases)
    .values({
      regionCode: areaPath.split('.')[0] ?? areaPath,
      typeId: type.id,
      typeCode: type.code,
      status: 'accepted',
      title: `测试事项 ${randomBytes(2).toString('hex')}`,
      source: 'staff',
      areaPath,
      ...options,
    })
    .returning();
  if (!row) throw new Error('case not inserted');
  return row;
}

/** Cancels every pending deadline in the database, so one test's sweep sees only its own rows. */
export async function cancelAllPendingDeadlines(db: Db): Promise<void> {
  await db
    .update(caseDeadlines)
    .set({ cancelledAt: new Date() })
    .where(and(isNull(caseDeadlines.firedAt), isNull(caseDeadlines.cancelledAt)));
}

export async function deadlinesOf(db: Db, caseId: string) {
  return db.select().from(caseDeadlines).where(eq(caseDeadlines.caseId, caseId)).orderBy(caseDeadlines.id);
}
