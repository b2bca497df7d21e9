import type { Db } from '../db/client.ts';
import { insertAudit } from './audit.repo.ts';

/** Who is acting and from where: taken from the request once, passed to every write. */
export interface AuditActor {
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  areaPath?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Records writes and personal-data reads. Call it with the same handle as the write itself
 * (the transaction), so a rolled-back write leaves no audit row and a committed one always has one.
 */
export async function recordAudit(db: Db, who: AuditActor, events: AuditEvent | AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  await insertAudit(
    db,
    list.map((e) => ({
      actorId: who.actorId,
      actorName: who.actorName,
      ip: who.ip,
      requestId: who.requestId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      areaPath: e.areaPath ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

export const SYSTEM_ACTOR: AuditActor = { actorId: null, actorName: 'system', ip: null, requestId: null };
