import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { withinScope } from '../../core/db/path-sql.ts';
import { areas } from '../areas/areas.tables.ts';
import {
  notificationSettings,
  notifications,
  outbox,
  outboxDeliveries,
  webhookEndpoints,
} from './notifications.tables.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;
export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type NewEndpointRow = typeof webhookEndpoints.$inferInsert;
export type EndpointWithArea = EndpointRow & { areaName: string | null };

// ── settings ──────────────────────────────────────────────────────────────────

/** Stored settings of the given users (absent users have none). */
export async function findSettings(db: Db, userIds: readonly string[]): Promise<Map<string, unknown>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: notificationSettings.userId, settings: notificationSettings.settings })
    .from(notificationSettings)
    .where(inArray(notificationSettings.userId, [...userIds]));
  return new Map(rows.map((r) => [r.userId, r.settings]));
}

export async function upsertSettings(db: Db, userId: string, settings: unknown, now: Date): Promise<void> {
  await db
    .insert(notificationSettings)
    .values({ userId, settings, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { settings, updatedAt: now } });
}

// ── inbox ─────────────────────────────────────────────────────────────────────

export async function insertNotifications(db: Db, rows: NewNotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(notifications).values(rows);
}

/** One user's messages, newest first (ids only grow), keyset on id. */
export function listNotifications(
  db: Db,
  userId: string,
  filter: { unread: boolean; beforeId: number | null; limit: number },
): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        filter.unread ? isNull(notifications.readAt) : undefined,
        filter.beforeId === null ? undefined : lt(notifications.id, filter.beforeId),
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(filter.limit);
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the user's own messages read (keeping the first read time); undefined when not theirs. */
export async function markRead(
  db: Db,
  userId: string,
  id: number,
  now: Date,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return row;
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

// ── webhook endpoints ─────────────────────────────────────────────────────────

const endpointColumns = {
  id: webhookEndpoints.id,
  name: webhookEndpoints.name,
  kind: webhookEndpoints.kind,
  url: webhookEndpoints.url,
  secretEnc: webhookEndpoints.secretEnc,
  areaPath: webhookEndpoints.areaPath,
  events: webhookEndpoints.events,
  active: webhookEndpoints.active,
  createdBy: webhookEndpoints.createdBy,
  createdAt: webhookEndpoints.createdAt,
  version: webhookEndpoints.version,
  areaName: areas.name,
};

export function listEndpoints(db: Db, scopePath: string | null): Promise<EndpointWithArea[]> {
  return db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .leftJoin(areas, eq(areas.path, webhookEndpoints.areaPath))
    .where(withinScope(webhookEndpoints.areaPath, scopePath))
    .orderBy(desc(webhookEndpoints.active), asc(webhookEndpoints.areaPath), asc(webhookEndpoints.name));
}

export async function findEndpoint(db: Db, id: string): Promise<EndpointWithArea | undefined> {
  const [row] = await db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .leftJoin(areas, eq(areas.path, webhookEndpoints.areaPath))
    .where(eq(webhookEndpoints.id, id))
    .limit(1);
  return row;
}

export async function insertEndpoint(db: Db, row: NewEndpointRow): Promise<EndpointRow> {
  const [inserted] = await db.insert(webhookEndpoints).values(row).returning();
  if (!inserted) throw new Error('webhook endpoint not inserted');
  return inserted;
}

/** Applies the change when the version still matches; undefined when someone else changed it first. */
export async function updateEndpoint(
  db: Db,
  id: string,
  version: number,
  patch: Partial<Pick<EndpointRow, 'name' | 'url' | 'secretEnc' | 'areaPath' | 'events' | 'active'>>,
): Promise<EndpointRow | undefined> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...patch, version: sql`${webhookEndpoints.version} + 1` })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.version, version)))
    .returning();
  return row;
}

/** Active endpoints whose area contains the given path (the area itself or an ancestor). */
export function endpointsCovering(db: Db, areaPath: string): Promise<EndpointRow[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.active, true),
        or(
          eq(webhookEndpoints.areaPath, areaPath),
          sql`starts_with(${areaPath}, ${webhookEndpoints.areaPath} || '.')`,
        ),
      ),
    );
}

// ── outbox ────────────────────────────────────────────────────────────────────

export async function insertOutbox(
  db: Db,
  rows: { endpointId: string; payload: unknown; nextAttemptAt?: Date }[],
): Promise<number[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(outbox).values(rows).returning({ id: outbox.id });
  return inserted.map((r) => r.id);
}

export interface ClaimedMessage {
  id: number;
  payload: unknown;
  attempts: number;
  kind: string;
  url: string;
  secretEnc: string | null;
}

/**
 * Takes up to `limit` due messages of active endpoints and leases them until `leaseUntil`, so another
 * worker (or this one, next tick) leaves them alone while they are being posted. Rows another
 * transaction holds are skipped, not waited for. Call inside a transaction.
 */
export async function claimDue(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedMessage[]> {
  const due = await db
    .select({
      id: outbox.id,
      payload: outbox.payload,
      attempts: outbox.attempts,
      kind: webhookEndpoints.kind,
      url: webhookEndpoints.url,
      secretEnc: webhookEndpoints.secretEnc,
    })
    .from(outbox)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, outbox.endpointId))
    .where(
      and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now), eq(webhookEndpoints.active, true)),
    )
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .for('update', { of: outbox, skipLocked: true });
  if (due.length === 0) return [];
  await db
    .update(outbox)
    .set({ nextAttemptAt: leaseUntil })
    .where(
      inArray(
        outbox.id,
        due.map((d) => d.id),
      ),
    );
  return due;
}

export async function recordAttempt(
  db: Db,
  attempt: {
    outboxId: number;
    attemptedAt: Date;
    httpStatus: number | null;
    ok: boolean;
    error: string | null;
    durationMs: number;
  },
  next: {
    status: 'pending' | 'sent' | 'dead';
    attempts: number;
    nextAttemptAt?: Date;
    lastError: string | null;
    sentAt?: Date;
  },
): Promise<void> {
  await db.insert(outboxDeliveries).values(attempt);
  await db
    .update(outbox)
    .set({
      status: next.status,
      attempts: next.attempts,
      lastError: next.lastError,
      ...(next.nextAttemptAt ? { nextAttemptAt: next.nextAttemptAt } : {}),
      ...(next.sentAt ? { sentAt: next.sentAt } : {}),
    })
    .where(eq(outbox.id, attempt.outboxId));
}

export interface DeliveryRow {
  id: number;
  outboxId: number;
  payload: unknown;
  attemptedAt: Date;
  httpStatus: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  messageStatus: string;
  attempts: number;
}

/** One endpoint's delivery attempts, newest first, keyset on the attempt id. */
export function listDeliveries(
  db: Db,
  endpointId: string,
  beforeId: number | null,
  limit: number,
): Promise<DeliveryRow[]> {
  return db
    .select({
      id: outboxDeliveries.id,
      outboxId: outboxDeliveries.outboxId,
      payload: outbox.payload,
      attemptedAt: outboxDeliveries.attemptedAt,
      httpStatus: outboxDeliveries.httpStatus,
      ok: outboxDeliveries.ok,
      error: outboxDeliveries.error,
      durationMs: outboxDeliveries.durationMs,
      messageStatus: outbox.status,
      attempts: outbox.attempts,
    })
    .from(outboxDeliveries)
    .innerJoin(outbox, eq(outbox.id, outboxDeliveries.outboxId))
    .where(
      and(
        eq(outbox.endpointId, endpointId),
        beforeId === null ? undefined : lt(outboxDeliveries.id, beforeId),
      ),
    )
    .orderBy(desc(outboxDeliveries.id))
    .limit(limit);
}

export async function queueCounts(db: Db, endpointId: string): Promise<{ pending: number; dead: number }> {
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(and(eq(outbox.endpointId, endpointId), inArray(outbox.status, ['pending', 'dead'])))
    .groupBy(outbox.status);
  const of = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { pending: of('pending'), dead: of('dead') };
}

export async function findOutbox(db: Db, id: number): Promise<typeof outbox.$inferSelect | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return row;
}
