import { useQuery } from '@tanstack/react-query';
import { request } from '../../api.ts';

export interface Notification {
  id: number;
  kind: string;
  caseId: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationSettings {
  muted: string[];
  webhook: boolean;
}

export type WebhookKind = 'dingtalk' | 'wecom';

export interface Webhook {
  id: string;
  name: string;
  kind: WebhookKind;
  urlMasked: string;
  hasSecret: boolean;
  areaPath: string;
  areaName: string | null;
  events: string[];
  active: boolean;
  version: number;
  createdAt: string;
  can: { update: boolean };
}

export interface Delivery {
  id: number;
  outboxId: number;
  title: string;
  attemptedAt: string;
  httpStatus: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  messageStatus: 'pending' | 'sent' | 'dead';
  attempts: number;
}

export interface DeliveryPage {
  items: Delivery[];
  nextCursor: string | null;
  queue: { pending: number; dead: number };
}

/** Kinds a user can mute and a robot can filter on; labels live in notifications.kinds.* */
export const NOTIFICATION_KINDS = [
  'case_assigned',
  'handover_requested',
  'task_opened',
  'sla_warning',
  'sla_breach',
  'escalated',
  'comment',
  'resolved',
  'rated',
  'record_alert',
  'record_reminder',
] as const;

export const NOTIFICATIONS_KEY = ['notifications'] as const;
export const UNREAD_KEY = ['notifications', 'unread'] as const;

export const notificationsApi = {
  list: (query: { unread?: boolean; cursor?: string; limit?: number }) =>
    request<{ items: Notification[]; nextCursor: string | null }>('GET', '/api/notifications', { query }),
  unreadCount: () => request<{ count: number }>('GET', '/api/notifications/unread-count'),
  markRead: (id: number) => request<Notification>('POST', `/api/notifications/${id}/read`),
  markAllRead: () => request<{ updated: number }>('POST', '/api/notifications/read-all'),
  settings: () => request<NotificationSettings>('GET', '/api/notifications/settings'),
  saveSettings: (body: NotificationSettings) =>
    request<NotificationSettings>('PUT', '/api/notifications/settings', { body }),

  webhooks: () => request<{ items: Webhook[] }>('GET', '/api/webhooks'),
  createWebhook: (body: {
    name: string;
    kind: WebhookKind;
    url: string;
    secret?: string;
    areaId: string;
    events: string[];
  }) => request<Webhook>('POST', '/api/webhooks', { body }),
  updateWebhook: (
    id: string,
    body: {
      version: number;
      name?: string;
      url?: string;
      secret?: string | null;
      areaId?: string;
      events?: string[];
      active?: boolean;
    },
  ) => request<Webhook>('PATCH', `/api/webhooks/${encodeURIComponent(id)}`, { body }),
  deactivateWebhook: (id: string, version: number) =>
    request<Webhook>('POST', `/api/webhooks/${encodeURIComponent(id)}/deactivate`, { body: { version } }),
  testWebhook: (id: string) =>
    request<{ outboxId: number }>('POST', `/api/webhooks/${encodeURIComponent(id)}/test`),
  deliveries: (id: string, cursor?: string) =>
    request<DeliveryPage>('GET', `/api/webhooks/${encodeURIComponent(id)}/deliveries`, {
      query: { cursor, limit: 20 },
    }),
};

/** The header badge: polled every 30 s while the page is open. */
export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: notificationsApi.unreadCount,
    refetchInterval: 30_000,
    staleTime: 10_000,
  });
}
