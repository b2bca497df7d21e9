import { performance } from 'node:perf_hooks';
import type { Db } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';
import { afterAttempt, robotAnswerError, signedUrl, type WebhookKind } from './notifications.rules.ts';
import { claimDue, recordAttempt } from './notifications.repo.ts';

/** One message on its way to a group robot. */
export interface RobotRequest {
  kind: WebhookKind;
  url: string;
  secretEnc: string | null;
  payload: unknown;
}

/** What the robot answered: error null means it took the message. */
export interface SendResult {
  httpStatus: number | null;
  error: string | null;
}

export type Send = (message: RobotRequest) => Promise<SendResult>;

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The core/jobs name of the delivery loop (registered in server.ts). */
export const OUTBOX_JOB = 'notifications.outbox';

/**
 * Posts to DingTalk or WeCom: decrypts the signing secret, signs DingTalk URLs with the current time,
 * gives up after `timeoutMs`, does not follow redirects, and reads `errcode` from a 200 answer.
 */
export function robotSender(options: { pii: PiiCipher; timeoutMs?: number }): Send {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return async (message) => {
    const secret = message.secretEnc ? options.pii.decrypt(message.secretEnc) : null;
    const url = signedUrl(message.kind, message.url, secret, Date.now());
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message.payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      return { httpStatus: response.status, error: robotAnswerError(response.status, text) };
    } catch (error) {
      return { httpStatus: null, error: describeFailure(error, timeoutMs) };
    }
  };
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    return (detail ? `${error.message}: ${detail}` : error.message).slice(0, 500);
  }
  return String(error).slice(0, 500);
}

export interface DeliveryRun {
  sent: number;
  failed: number;
  dead: number;
}

/**
 * Delivers due outbox rows once: claims them in a short transaction (FOR UPDATE SKIP LOCKED plus a
 * lease, so several instances never post the same message at once and no transaction stays open
 * during the HTTP call), posts them concurrently, and records each attempt with its outcome:
 * sent, pending with the next backoff time, or dead after the last attempt.
 */
export async function deliverDueOutbox(
  db: Db,
  now: Date,
  send: Send,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<DeliveryRun> {
  const limit = options.limit ?? 20;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 2 * DEFAULT_TIMEOUT_MS + 30_000));
  const claimed = await db.transaction((tx) => claimDue(tx, now, leaseUntil, limit));
  const run: DeliveryRun = { sent: 0, failed: 0, dead: 0 };
  await Promise.all(
    claimed.map(async (message) => {
      const started = performance.now();
      let result: SendResult;
      try {
        result = await send({
          kind: message.kind as WebhookKind,
          url: message.url,
          secretEnc: message.secretEnc,
          payload: message.payload,
        });
      } catch (error) {
        result = { httpStatus: null, error: error instanceof Error ? error.message : String(error) };
      }
      const durationMs = Math.round(performance.now() - started);
      const ok = result.error === null;
      const attempts = message.attempts + 1;
      const outcome = afterAttempt(ok, attempts, now);
      if (outcome.status === 'sent') run.sent += 1;
      else if (outcome.status === 'dead') run.dead += 1;
      else run.failed += 1;
      await db.transaction((tx) =>
        recordAttempt(
          tx,
          {
            outboxId: message.id,
            attemptedAt: now,
            httpStatus: result.httpStatus,
            ok,
            error: result.error,
            durationMs,
          },
          {
            status: outcome.status,
            attempts,
            lastError: result.error,
            ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
            ...(outcome.status === 'sent' ? { sentAt: now } : {}),
          },
        ),
      );
    }),
  );
  return run;
}
