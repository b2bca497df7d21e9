import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import {
  CreateWebhookBody,
  DeliveryPage,
  DeliveryQuery,
  Notification,
  NotificationIdParams,
  NotificationPage,
  NotificationQuery,
  ReadAllResult,
  Settings,
  SettingsBody,
  TestQueued,
  UnreadCount,
  UpdateWebhookBody,
  VersionBody,
  Webhook,
  WebhookIdParams,
  WebhookList,
} from './notifications.schema.ts';
import * as service from './notifications.service.ts';

export const notificationsRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = (request: FastifyRequest): service.NotificationsContext => serviceContext(request, opts);
  const own = { access: 'authenticated' as const };
  const admin = { access: 'cases:admin' as const };
  const inboxTags = ['notifications'];
  const webhookTags = ['webhooks'];

  // ── inbox ──
  app.get(
    '/notifications',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'The caller’s own notifications, newest first; keyset pages',
        querystring: NotificationQuery,
        response: { 200: NotificationPage },
      },
    },
    (request) => service.listInbox(ctx(request), request.query),
  );

  app.get(
    '/notifications/unread-count',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'How many of the caller’s notifications are unread',
        response: { 200: UnreadCount },
      },
    },
    (request) => service.unreadCount(ctx(request)),
  );

  app.post(
    '/notifications/read-all',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'Mark all of the caller’s notifications read',
        response: { 200: ReadAllResult },
      },
    },
    (request) => service.markAllRead(ctx(request)),
  );

  app.post(
    '/notifications/:id/read',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'Mark one of the caller’s notifications read (another user’s answers 404)',
        params: NotificationIdParams,
        response: { 200: Notification },
      },
    },
    (request) => service.markRead(ctx(request), request.params.id),
  );

  app.get(
    '/notifications/settings',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'The caller’s muted kinds and whether robot copies are allowed',
        response: { 200: Settings },
      },
    },
    (request) => service.getSettings(ctx(request)),
  );

  app.put(
    '/notifications/settings',
    {
      config: own,
      schema: {
        tags: inboxTags,
        summary: 'Replace the caller’s notification settings',
        body: SettingsBody,
        response: { 200: Settings },
      },
    },
    (request) => service.putSettings(ctx(request), request.body),
  );

  // ── group robots ──
  app.get(
    '/webhooks',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Group robots (DingTalk, WeCom) in the caller’s area',
        response: { 200: WebhookList },
      },
    },
    (request) => service.listWebhooks(ctx(request)),
  );

  app.post(
    '/webhooks',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Add a group robot for an area (the secret is stored encrypted and never returned)',
        body: CreateWebhookBody,
        response: { 201: Webhook },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createWebhook(ctx(request), request.body)),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Change a group robot at the version read (stale answers 409)',
        params: WebhookIdParams,
        body: UpdateWebhookBody,
        response: { 200: Webhook },
      },
    },
    (request) => service.updateWebhook(ctx(request), request.params.id, request.body),
  );

  app.post(
    '/webhooks/:id/deactivate',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Stop sending to a group robot',
        params: WebhookIdParams,
        body: VersionBody,
        response: { 200: Webhook },
      },
    },
    (request) => service.deactivateWebhook(ctx(request), request.params.id, request.body.version),
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Queue a test message to a group robot',
        params: WebhookIdParams,
        response: { 202: TestQueued },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await service.testWebhook(ctx(request), request.params.id)),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags: webhookTags,
        summary: 'Delivery attempts to a group robot, newest first, with its queue',
        params: WebhookIdParams,
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage },
      },
    },
    (request) => service.listDeliveries(ctx(request), request.params.id, request.query),
  );
};
