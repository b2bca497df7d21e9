import { createHash } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { claimKey, deleteKeysBefore, findKey, releaseKey, storeResponse } from './idempotency.repo.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEEP_MS = 24 * 3600_000;

function keyError(zh: string, en: string): AppError {
  return new AppError('conflict', [{ field: 'Idempotency-Key', reason: { zh, en } }]);
}

/**
 * A signed-in write carrying an Idempotency-Key header runs once: a retry with the same key and the
 * same request replays the stored response (header idempotent-replayed: true); the same key with a
 * different request, or while the first is still running, answers 409. Server errors release the key
 * so the client may retry. Keys live for a day.
 */
async function idempotencyPlugin(app: FastifyInstance, options: { db: Db }): Promise<void> {
  const { db } = options;
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (request, reply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (typeof header !== 'string' || !WRITE_METHODS.has(request.method) || !request.actor) return;
    if (!/^[\x21-\x7e]{8,128}$/.test(header)) {
      throw new AppError('validation_failed', [
        {
          field: 'Idempotency-Key',
          reason: {
            zh: '应为 8 至 128 个可见 ASCII 字符',
            en: 'must be 8 to 128 printable ASCII characters',
          },
        },
      ]);
    }
    const requestHash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
      .digest('hex');
    const userId = request.actor.id;
    if (await claimKey(db, { userId, key: header, method: request.method, path: request.url, requestHash })) {
      request.idempotencyKey = header;
      return;
    }
    const previous = await findKey(db, userId, header);
    if (!previous)
      throw keyError('请求正在处理，请稍后重试', 'the request is being processed; retry shortly');
    if (previous.requestHash !== requestHash) {
      throw keyError('该幂等键已用于另一个请求', 'this key was already used for a different request');
    }
    if (previous.statusCode === null) {
      throw keyError(
        '相同的请求正在处理，请稍后重试',
        'the same request is still being processed; retry shortly',
      );
    }
    return reply.status(previous.statusCode).header('idempotent-replayed', 'true').send(previous.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (!key || !request.actor) return payload;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await releaseKey(db, request.actor.id, key);
      return payload;
    }
    let body: unknown;
    try {
      body = payload === '' ? null : JSON.parse(payload);
    } catch {
      await releaseKey(db, request.actor.id, key);
      return payload;
    }
    await storeResponse(db, request.actor.id, key, reply.statusCode, body);
    return payload;
  });

  const sweep = setInterval(() => {
    deleteKeysBefore(db, new Date(Date.now() - KEEP_MS)).catch((error: unknown) =>
      app.log.warn({ err: error }, 'idempotency sweep failed'),
    );
  }, 3600_000);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
}

export const idempotency = fp(idempotencyPlugin, {
  name: 'gridline-idempotency',
  dependencies: ['gridline-auth'],
});
