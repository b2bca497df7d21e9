import type { Db } from '../../core/db/client.ts';
import { AppError, fieldError } from '../../core/errors.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { hashPassword, verifyDecoy, verifyPassword } from '../../core/auth/password.ts';
import { THROTTLE_WINDOW_SECONDS, decideLogin } from '../../core/auth/login-throttle.ts';
import { actorFromUser } from '../../core/auth/auth.plugin.ts';
import { hashToken, newToken } from '../../core/auth/session-token.ts';
import { permissionsOf, type Actor } from '../../core/access/policy.ts';
import { findAreaNameByPath } from '../areas/areas.repo.ts';
import * as repo from '../../core/auth/auth.repo.ts';

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
}

export async function login(
  db: Db,
  input: { username: string; password: string },
  client: { ip: string; userAgent: string | undefined },
  ttlHours: number,
): Promise<LoginResult> {
  const now = new Date();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_SECONDS * 1000);
  const decision = decideLogin(
    await repo.countFailures(db, { username: input.username }, since),
    await repo.countFailures(db, { ip: client.ip }, since),
    now,
  );
  if (!decision.allowed) {
    throw new AppError('rate_limited', [], {
      minutes: Math.ceil(decision.retryAfterSeconds / 60),
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const user = await repo.findUserByUsername(db, input.username);
  const ok = user?.active
    ? await verifyPassword(user.passwordHash, input.password)
    : (await verifyDecoy(input.password), false);
  if (!user || !ok) {
    await repo.recordLoginAttempt(db, input.username, client.ip, false);
    throw new AppError('invalid_credentials');
  }
  const token = newToken();
  const csrfToken = newToken();
  const actor = actorFromUser(user);
  await db.transaction(async (tx) => {
    await repo.clearFailures(tx, input.username);
    await repo.recordLoginAttempt(tx, input.username, client.ip, true);
    await repo.insertSession(tx, {
      idHash: hashToken(token),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(
      tx,
      { actorId: user.id, actorName: user.displayName, ip: client.ip, requestId: null },
      {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        areaPath: user.scopePath,
      },
    );
  });
  return { token, csrfToken, actor };
}

export async function logout(db: Db, sessionIdHash: string, who: AuditActor): Promise<void> {
  await db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionIdHash);
    await recordAudit(tx, who, { action: 'auth.logout', entityType: 'user', entityId: who.actorId });
  });
}

export async function describeMe(db: Db, actor: Actor, csrfToken: string) {
  const user = await repo.findUserById(db, actor.id);
  if (!user) throw new AppError('unauthenticated');
  return {
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    scopePath: actor.scopePath,
    scopeName: actor.scopePath ? ((await findAreaNameByPath(db, actor.scopePath)) ?? null) : null,
    department: actor.department,
    permissions: [...permissionsOf(actor.role)],
    mustChangePassword: user.mustChangePassword,
    csrfToken,
  };
}

export async function changePassword(
  db: Db,
  actor: Actor,
  sessionIdHash: string,
  input: { currentPassword: string; newPassword: string },
  who: AuditActor,
): Promise<void> {
  const user = await repo.findUserById(db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw fieldError('currentPassword', '当前密码不正确', 'The current password is wrong');
  }
  if (input.currentPassword === input.newPassword)
    throw new AppError('password_reused', [
      {
        field: 'newPassword',
        reason: { zh: '新密码不能与当前密码相同', en: 'must differ from the current password' },
      },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await repo.updatePassword(tx, actor.id, passwordHash);
    // Other devices signed in with the old password are signed out.
    await repo.deleteOtherSessions(tx, actor.id, sessionIdHash);
    await recordAudit(tx, who, {
      action: 'user.password_change',
      entityType: 'user',
      entityId: actor.id,
      areaPath: actor.scopePath,
    });
  });
}
