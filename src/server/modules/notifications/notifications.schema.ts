import { Type, type Static, type TSchema } from 'typebox';
import { WEBHOOK_KINDS } from './notifications.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Limit = Type.Integer({ minimum: 1, maximum: 100 });
const Cursor = Type.String({ maxLength: 400 });
/** A notification kind as modules name them: case_assigned, sla_breach … */
const Kind = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });
const Kinds = Type.Array(Kind, { maxItems: 50, uniqueItems: true });

// ── inbox ─────────────────────────────────────────────────────────────────────

export const NotificationIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);

export const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  caseId: Nullable(Id),
  title: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
  readAt: Nullable(DateTime),
});
export type NotificationDto = Static<typeof Notification>;

export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type NotificationQueryInput = Static<typeof NotificationQuery>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Nullable(Type.String()),
});

export const UnreadCount = Type.Object({ count: Type.Integer() });

export const ReadAllResult = Type.Object({ updated: Type.Integer() });

export const Settings = Type.Object({ muted: Type.Array(Type.String()), webhook: Type.Boolean() });

export const SettingsBody = Type.Object(
  { muted: Kinds, webhook: Type.Boolean() },
  { additionalProperties: false },
);
export type SettingsInput = Static<typeof SettingsBody>;

// ── webhooks ──────────────────────────────────────────────────────────────────

export const WebhookIdParams = Type.Object({ id: Id }, { additionalProperties: false });

const WebhookKind = Type.Enum(WEBHOOK_KINDS);
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Url = Type.String({ minLength: 1, maxLength: 1000 });
const Secret = Type.String({ minLength: 1, maxLength: 200 });

export const Webhook = Type.Object({
  id: Id,
  name: Type.String(),
  kind: WebhookKind,
  /** The URL with its token shortened (a robot URL is itself a credential). */
  urlMasked: Type.String(),
  hasSecret: Type.Boolean(),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  createdAt: DateTime,
  can: Type.Object({ update: Type.Boolean() }),
});
export type WebhookDto = Static<typeof Webhook>;

export const WebhookList = Type.Object({ items: Type.Array(Webhook) });

export const CreateWebhookBody = Type.Object(
  {
    name: Name,
    kind: WebhookKind,
    url: Url,
    /** DingTalk signing secret (SEC…); WeCom robots have none. */
    secret: Type.Optional(Secret),
    areaId: Id,
    events: Type.Optional(Kinds),
  },
  { additionalProperties: false },
);
export type CreateWebhookInput = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    /** Absent keeps the stored URL. */
    url: Type.Optional(Url),
    /** Absent keeps the stored secret; null removes it. */
    secret: Type.Optional(Nullable(Secret)),
    areaId: Type.Optional(Id),
    events: Type.Optional(Kinds),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateWebhookInput = Static<typeof UpdateWebhookBody>;

export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

export const TestQueued = Type.Object({ outboxId: Type.Integer() });

export const Delivery = Type.Object({
  id: Type.Integer(),
  outboxId: Type.Integer(),
  title: Type.String(),
  attemptedAt: DateTime,
  httpStatus: Nullable(Type.Integer()),
  ok: Type.Boolean(),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
  /** Where the message stands now: pending (will retry), sent or dead. */
  messageStatus: Type.String(),
  attempts: Type.Integer(),
});
export type DeliveryDto = Static<typeof Delivery>;

export const DeliveryQuery = Type.Object(
  { limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);

export const DeliveryPage = Type.Object({
  items: Type.Array(Delivery),
  nextCursor: Nullable(Type.String()),
  /** Messages waiting for their first or next attempt, and those given up on. */
  queue: Type.Object({ pending: Type.Integer(), dead: Type.Integer() }),
});
