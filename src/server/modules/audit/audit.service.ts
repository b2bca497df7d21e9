import type { Static } from 'typebox';
import type { Db } from '../../core/db/client.ts';
import type { Actor } from '../../core/access/policy.ts';
import { searchAudit } from '../../core/audit/audit.repo.ts';
import type { AuditQuery } from './audit.schema.ts';

/** Read-only by design: the application has no path that changes or deletes audit rows. */
export async function search(db: Db, actor: Actor, query: Static<typeof AuditQuery>) {
  const limit = query.limit ?? 50;
  const rows = await searchAudit(db, {
    actorId: query.actorId,
    action: query.action,
    entityType: query.entityType,
    entityId: query.entityId,
    text: query.q,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    beforeId: query.cursor,
    limit: limit + 1,
    scopePath: actor.scopePath,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
