import type { Db } from './core/db/client.ts';
import type { PiiCipher } from './core/crypto/pii.ts';
import { generatePassword, hashPassword } from './core/auth/password.ts';
import { recordAudit, SYSTEM_ACTOR } from './core/audit/audit.ts';
import { countUsers, insertUsers } from './modules/users/users.repo.ts';
import { countAreas } from './modules/areas/areas.repo.ts';
import { loadPinghu2020, type DemoLogin } from '../../scenarios/pinghu-2020/load.ts';

export interface FirstStart {
  admin?: { username: string; password: string; generated: boolean };
  demo?: { logins: DemoLogin[]; password: string; generated: boolean; seconds: number };
}

/**
 * On an empty database: creates the first administrator (password from ADMIN_PASSWORD or a random
 * one-time one that must be changed) and, when asked, loads the demo city. Idempotent: a database
 * that has users or areas is left alone.
 */
export async function firstStart(
  db: Db,
  options: { adminPassword?: string; loadDemo: boolean; demoPassword?: string; pii: PiiCipher },
): Promise<FirstStart> {
  const result: FirstStart = {};
  if ((await countUsers(db)) === 0) {
    const password = options.adminPassword ?? generatePassword();
    await db.transaction(async (tx) => {
      await insertUsers(tx, [
        {
          username: 'admin',
          displayName: '系统管理员',
          passwordHash: await hashPassword(password),
          role: 'admin',
          scopePath: null,
          mustChangePassword: options.adminPassword === undefined,
        },
      ]);
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'user.create',
        entityType: 'user',
        after: { username: 'admin', role: 'admin' },
      });
    });
    result.admin = { username: 'admin', password, generated: options.adminPassword === undefined };
  }
  if (options.loadDemo && (await countAreas(db)) === 0) {
    const started = Date.now();
    const password = options.demoPassword ?? generatePassword();
    const logins = await loadPinghu2020(db, { password, pii: options.pii });
    result.demo = {
      logins,
      password,
      generated: options.demoPassword === undefined,
      seconds: (Date.now() - started) / 1000,
    };
  }
  return result;
}
