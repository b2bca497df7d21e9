import type { Db } from '../../core/db/client.ts';
import { AppError, type LocalisedFieldError } from '../../core/errors.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import type { Actor } from '../../core/access/policy.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { findAreaRef } from '../areas/areas.repo.ts';
import * as repo from './notifications.repo.ts';
import type { EndpointRow, EndpointWithArea, NotificationRow } from './notifications.repo.ts';
import { canManageWebhook, canSeeWebhook } from './notifications.policy.ts';
import {
  normaliseSettings,
  payloadTitle,
  robotPayload,
  webhookUrlError,
  type NotificationSettings,
  type WebhookKind,
} from './notifications.rules.ts';
import type {
  CreateWebhookInput,
  DeliveryDto,
  NotificationDto,
  NotificationQueryInput,
  SettingsInput,
  UpdateWebhookInput,
  WebhookDto,
} from './notifications.schema.ts';

export type NotificationsContext = ServiceContext;

const invalid = (error: LocalisedFieldError): AppError => new AppError('validation_failed', [error]);
const staleVersion = (current: number): AppError =>
  new AppError('conflict', [
    {
      field: 'version',
      reason: {
        zh: `该记录已被他人修改（当前版本 ${current}），请刷新后重试`,
        en: `the record was changed by someone else (now version ${current}); reload and try again`,
      },
    },
  ]);

function numericCursor(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  const { id } = decodeCursor(cursor);
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalid({ field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } });
  }
  return value;
}

// ── inbox ─────────────────────────────────────────────────────────────────────

function presentNotification(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    caseId: row.caseId,
    title: row.title,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

/** The caller's own messages, newest first; `unread` keeps only unread ones. */
export async function listInbox(ctx: NotificationsContext, query: NotificationQueryInput) {
  const limit = query.limit ?? 20;
  const rows = await repo.listNotifications(ctx.db, ctx.actor.id, {
    unread: query.unread ?? false,
    beforeId: numericCursor(query.cursor),
    limit: limit + 1,
  });
  const page = pageOf(rows, limit, (r) => [null, String(r.id)]);
  return { items: page.items.map(presentNotification), nextCursor: page.nextCursor };
}

export async function unreadCount(ctx: NotificationsContext) {
  return { count: await repo.countUnread(ctx.db, ctx.actor.id) };
}

/** Someone else's message answers 404 exactly like a missing one. */
export async function markRead(ctx: NotificationsContext, id: number, now = new Date()) {
  const row = await repo.markRead(ctx.db, ctx.actor.id, id, now);
  if (!row) throw new AppError('not_found');
  return presentNotification(row);
}

export async function markAllRead(ctx: NotificationsContext, now = new Date()) {
  return { updated: await repo.markAllRead(ctx.db, ctx.actor.id, now) };
}

export async function getSettings(ctx: NotificationsContext): Promise<NotificationSettings> {
  const stored = await repo.findSettings(ctx.db, [ctx.actor.id]);
  return normaliseSettings(stored.get(ctx.actor.id));
}

export async function putSettings(
  ctx: NotificationsContext,
  input: SettingsInput,
  now = new Date(),
): Promise<NotificationSettings> {
  const next = normaliseSettings(input);
  await ctx.db.transaction(async (tx) => {
    const before = normaliseSettings((await repo.findSettings(tx, [ctx.actor.id])).get(ctx.actor.id));
    await repo.upsertSettings(tx, ctx.actor.id, next, now);
    await recordAudit(tx, ctx.who, {
      action: 'notification_settings.update',
      entityType: 'user',
      entityId: ctx.actor.id,
      before,
      after: next,
    });
  });
  return next;
}

// ── webhooks ──────────────────────────────────────────────────────────────────

/** Keeps scheme, host and path; every query value shrinks to its first four characters. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const query = [...parsed.searchParams.entries()]
      .map(([k, v]) => `${k}=${v.length > 4 ? `${v.slice(0, 4)}…` : v}`)
      .join('&');
    return `${parsed.origin}${parsed.pathname}${query ? `?${query}` : ''}`;
  } catch {
    return '…';
  }
}

function presentWebhook(actor: Actor, row: EndpointWithArea): WebhookDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as WebhookKind,
    urlMasked: maskUrl(row.url),
    hasSecret: row.secretEnc !== null,
    areaPath: row.areaPath,
    areaName: row.areaName,
    events: Array.isArray(row.events) ? row.events.filter((e): e is string => typeof e === 'string') : [],
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    can: { update: canManageWebhook(actor, row) },
  };
}

/** What the audit log keeps of an endpoint: never the URL's token nor the secret. */
function webhookAudit(row: EndpointRow) {
  return {
    name: row.name,
    kind: row.kind,
    url: maskUrl(row.url),
    hasSecret: row.secretEnc !== null,
    areaPath: row.areaPath,
    events: row.events,
    active: row.active,
    version: row.version,
  };
}

async function loadWebhook(db: Db, actor: Actor, id: string): Promise<EndpointWithArea> {
  const row = await repo.findEndpoint(db, id);
  if (!row || !canSeeWebhook(actor, row)) throw new AppError('not_found');
  return row;
}

async function loadArea(db: Db, actor: Actor, id: string) {
  const area = await findAreaRef(db, id);
  if (!area || !canSeeWebhook(actor, { areaPath: area.path })) {
    throw invalid({ field: 'areaId', reason: { zh: '区域不存在', en: 'no such area' } });
  }
  return area;
}

function checkUrl(url: string): string {
  const trimmed = url.trim();
  const error = webhookUrlError(trimmed);
  if (error) throw invalid(error);
  return trimmed;
}

function checkSecret(kind: string, secret: string | null | undefined): void {
  if (secret && kind !== 'dingtalk') {
    throw invalid({
      field: 'secret',
      reason: { zh: '只有钉钉机器人使用加签密钥', en: 'only DingTalk robots use a signing secret' },
    });
  }
}

export async function listWebhooks(ctx: NotificationsContext) {
  const rows = await repo.listEndpoints(ctx.db, ctx.actor.scopePath);
  return { items: rows.map((r) => presentWebhook(ctx.actor, r)) };
}

export async function createWebhook(ctx: NotificationsContext, input: CreateWebhookInput) {
  const url = checkUrl(input.url);
  checkSecret(input.kind, input.secret);
  const area = await loadArea(ctx.db, ctx.actor, input.areaId);
  const id = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertEndpoint(tx, {
      name: input.name.trim(),
      kind: input.kind,
      url,
      secretEnc: input.secret ? ctx.pii.encrypt(input.secret.trim()) : null,
      areaPath: area.path,
      events: input.events ?? [],
      createdBy: ctx.actor.id,
    });
    await recordAudit(tx, ctx.who, {
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: row.id,
      areaPath: row.areaPath,
      after: webhookAudit(row),
    });
    return row.id;
  });
  return presentWebhook(ctx.actor, await loadWebhook(ctx.db, ctx.actor, id));
}

export async function updateWebhook(ctx: NotificationsContext, id: string, input: UpdateWebhookInput) {
  const current = await loadWebhook(ctx.db, ctx.actor, id);
  const url = input.url === undefined ? undefined : checkUrl(input.url);
  checkSecret(current.kind, input.secret);
  const area = input.areaId === undefined ? undefined : await loadArea(ctx.db, ctx.actor, input.areaId);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.updateEndpoint(tx, id, input.version, {
      name: input.name?.trim(),
      url,
      secretEnc:
        input.secret === undefined
          ? undefined
          : input.secret === null
            ? null
            : ctx.pii.encrypt(input.secret.trim()),
      areaPath: area?.path,
      events: input.events,
      active: input.active,
    });
    if (!row) throw staleVersion((await repo.findEndpoint(tx, id))?.version ?? current.version);
    await recordAudit(tx, ctx.who, {
      action: 'webhook.update',
      entityType: 'webhook',
      entityId: id,
      areaPath: row.areaPath,
      before: webhookAudit(current),
      after: webhookAudit(row),
    });
  });
  return presentWebhook(ctx.actor, await loadWebhook(ctx.db, ctx.actor, id));
}

export async function deactivateWebhook(ctx: NotificationsContext, id: string, version: number) {
  const current = await loadWebhook(ctx.db, ctx.actor, id);
  await ctx.db.transaction(async (tx) => {
    const row = await repo.updateEndpoint(tx, id, version, { active: false });
    if (!row) throw staleVersion((await repo.findEndpoint(tx, id))?.version ?? current.version);
    await recordAudit(tx, ctx.who, {
      action: 'webhook.deactivate',
      entityType: 'webhook',
      entityId: id,
      areaPath: row.areaPath,
      before: webhookAudit(current),
      after: webhookAudit(row),
    });
  });
  return presentWebhook(ctx.actor, await loadWebhook(ctx.db, ctx.actor, id));
}

/** Queues a test message; the delivery worker posts it like any other. */
export async function testWebhook(ctx: NotificationsContext, id: string, now = new Date()) {
  const current = await loadWebhook(ctx.db, ctx.actor, id);
  if (!current.active) {
    throw new AppError('conflict', [
      {
        field: 'active',
        reason: { zh: '该机器人已停用，无法发送测试消息', en: 'the robot is deactivated' },
      },
    ]);
  }
  const payload = robotPayload(current.kind as WebhookKind, {
    title: `Gridline 测试消息 / test message`,
    body: `${ctx.actor.displayName} · ${now.toISOString()}`,
  });
  const outboxId = await ctx.db.transaction(async (tx) => {
    const [queued] = await repo.insertOutbox(tx, [{ endpointId: id, payload, nextAttemptAt: now }]);
    if (queued === undefined) throw new Error('test message not queued');
    await recordAudit(tx, ctx.who, {
      action: 'webhook.test',
      entityType: 'webhook',
      entityId: id,
      areaPath: current.areaPath,
      after: { outboxId: queued },
    });
    return queued;
  });
  return { outboxId };
}

export async function listDeliveries(
  ctx: NotificationsContext,
  id: string,
  query: { limit?: number; cursor?: string },
) {
  await loadWebhook(ctx.db, ctx.actor, id);
  const limit = query.limit ?? 20;
  const rows = await repo.listDeliveries(ctx.db, id, numericCursor(query.cursor), limit + 1);
  const page = pageOf(rows, limit, (r) => [null, String(r.id)]);
  const items: DeliveryDto[] = page.items.map((r) => ({
    id: r.id,
    outboxId: r.outboxId,
    title: payloadTitle(r.payload),
    attemptedAt: r.attemptedAt.toISOString(),
    httpStatus: r.httpStatus,
    ok: r.ok,
    error: r.error,
    durationMs: r.durationMs,
    messageStatus: r.messageStatus,
    attempts: r.attempts,
  }));
  return { items, nextCursor: page.nextCursor, queue: await repo.queueCounts(ctx.db, id) };
}
