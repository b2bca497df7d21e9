import type { Db } from '../../core/db/client.ts';
import { notifications } from './notifications.tables.ts';

export interface NotifyInput {
  userIds: readonly string[];
  kind: string;
  caseId?: string | null;
  title: string;
  body?: string;
}

/**
 * Puts a message in each user's inbox, inside the caller's transaction so a rolled-back change
 * notifies nobody. Every module that tells people something calls this one function.
 */
export async function notify(db: Db, input: NotifyInput): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return;
  await db.insert(notifications).values(
    userIds.map((userId) => ({
      userId,
      kind: input.kind,
      caseId: input.caseId ?? null,
      title: input.title,
      body: input.body ?? '',
    })),
  );
}
