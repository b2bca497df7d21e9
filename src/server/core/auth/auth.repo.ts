import { and, count, eq, gt, lt, min, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { loginAttempts, sessions, users } from '../db/core.tables.ts';
import type { FailureCount } from './login-throttle.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const rows = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return rows[0];
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0];
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findLiveSession(
  db: Db,
  idHash: string,
  now: Date,
): Promise<{ session: SessionRow; user: UserRow } | undefined> {
  const rows = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return rows[0];
}

export async function extendSession(db: Db, idHash: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.idHash, idHash));
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export async function deleteOtherSessions(db: Db, userId: string, keepIdHash: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.idHash, keepIdHash)));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function updatePassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

export async function recordLoginAttempt(
  db: Db,
  username: string,
  ip: string,
  succeeded: boolean,
): Promise<void> {
  await db.insert(loginAttempts).values({ username: username.toLowerCase(), ip, succeeded });
}

export async function countFailures(
  db: Db,
  by: { username: string } | { ip: string },
  since: Date,
): Promise<FailureCount> {
  const key =
    'username' in by ? eq(loginAttempts.username, by.username.toLowerCase()) : eq(loginAttempts.ip, by.ip);
  const rows = await db
    .select({ count: count(), oldestAt: min(loginAttempts.at) })
    .from(loginAttempts)
    .where(and(key, eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
  const row = rows[0];
  return { count: Number(row?.count ?? 0), oldestAt: row?.oldestAt ? new Date(row.oldestAt) : null };
}

/** A success wipes the account's failures so a legitimate user is not locked out by old mistakes. */
export async function clearFailures(db: Db, username: string): Promise<void> {
  await db
    .delete(loginAttempts)
    .where(and(eq(loginAttempts.username, username.toLowerCase()), eq(loginAttempts.succeeded, false)));
}
