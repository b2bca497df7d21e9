import type { Db } from '../../core/db/client.ts';
import {
  endpointWantsKind,
  normaliseSettings,
  recipientsFor,
  robotPayload,
  type WebhookKind,
} from './notifications.rules.ts';
import { endpointsCovering, findSettings, insertNotifications, insertOutbox } from './notifications.repo.ts';

export interface NotifyInput {
  userIds: readonly string[];
  kind: string;
  caseId?: string | null;
  title: string;
  body?: string;
  /** The case's area: group robots covering it receive the message too. Absent = inbox only. */
  areaPath?: string | null;
  /** An absolute link for robot messages (relative links are left out of them). */
  url?: string | null;
}

/**
 * Puts a message in each user's inbox, inside the caller's transaction so a rolled-back change
 * notifies nobody. Users who muted the kind are skipped. With an `areaPath`, every active group robot
 * whose area contains it and whose event filter takes the kind gets an outbox row in the same
 * transaction — unless every addressed user turned robot copies off (see recipientsFor).
 * Every module that tells people something calls this one function.
 */
export async function notify(db: Db, input: NotifyInput): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  const stored = await findSettings(db, userIds);
  const recipients = recipientsFor(userIds, (id) => normaliseSettings(stored.get(id)), input.kind);
  await insertNotifications(
    db,
    recipients.inbox.map((userId) => ({
      userId,
      kind: input.kind,
      caseId: input.caseId ?? null,
      title: input.title,
      body: input.body ?? '',
    })),
  );
  if (!input.areaPath || !recipients.robots) return;
  const endpoints = (await endpointsCovering(db, input.areaPath)).filter((e) =>
    endpointWantsKind(e.events, input.kind),
  );
  await insertOutbox(
    db,
    endpoints.map((e) => ({
      endpointId: e.id,
      payload: robotPayload(e.kind as WebhookKind, {
        title: input.title,
        body: input.body,
        url: input.url ?? null,
      }),
    })),
  );
}
