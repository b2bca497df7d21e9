import { and, desc, eq, gte, ilike, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/core.tables.ts';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAudit(db: Db, rows: NewAuditRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(auditLog).values(rows);
}

export interface AuditQuery {
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  text?: string;
  from?: Date;
  to?: Date;
  /** Keyset cursor: rows with a smaller id than this. */
  beforeId?: number;
  limit: number;
  scopePath: string | null;
}

export async function searchAudit(db: Db, query: AuditQuery): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.from) conditions.push(gte(auditLog.at, query.from));
  if (query.to) conditions.push(lte(auditLog.at, query.to));
  if (query.beforeId !== undefined) conditions.push(lt(auditLog.id, query.beforeId));
  if (query.text) {
    const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const textMatch = or(
      ilike(auditLog.actorName, pattern),
      ilike(auditLog.action, pattern),
      ilike(auditLog.entityId, pattern),
      sql`${auditLog.after}::text ilike ${pattern}`,
      sql`${auditLog.before}::text ilike ${pattern}`,
    );
    if (textMatch) conditions.push(textMatch);
  }
  if (query.scopePath !== null) {
    conditions.push(
      sql`(${auditLog.areaPath} = ${query.scopePath} or ${auditLog.areaPath} like ${`${query.scopePath}.%`})`,
    );
  }
  return db
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(query.limit);
}
