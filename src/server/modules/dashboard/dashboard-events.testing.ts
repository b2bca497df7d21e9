import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../../app.ts';

/** One parsed server-sent event (comments and `retry:` lines are kept apart). */
export interface SseMessage {
  event: string;
  data: unknown;
  receivedAt: number;
}

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Everything the server wrote so far, raw. */
  text(): string;
  messages: SseMessage[];
  /** The first message (from now on or already received) matching, or an error after ms. */
  next(match: (message: SseMessage) => boolean, ms?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** The base URL of an app listening on a free port of the loopback interface. */
export async function listenOnFreePort(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Opens an event stream the way a browser's EventSource does and parses it; resolves once the
 * response head (and, for a 200, the first chunk) has arrived, so the subscription is live.
 */
export function openSse(url: string, cookie?: string): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, {
      headers: { accept: 'text/event-stream', ...(cookie ? { cookie } : {}) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let raw = '';
      let pending = '';
      const messages: SseMessage[] = [];
      const waiters = new Set<() => void>();
      let endedResolve: () => void = () => undefined;
      const ended = new Promise<void>((done) => (endedResolve = done));
      response.on('end', () => endedResolve());
      response.on('close', () => endedResolve());
      response.on('error', () => endedResolve());
      response.setEncoding('utf8');
      let first = true;
      const client: SseClient = {
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: () => raw,
        messages,
        ended,
        next(match, ms = 2000) {
          return new Promise((found, fail) => {
            const check = () => {
              const hit = messages.find(match);
              if (!hit) return false;
              waiters.delete(check);
              clearTimeout(timer);
              found(hit);
              return true;
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no matching event within ${ms} ms; received: ${JSON.stringify(messages)}`));
            }, ms);
            if (!check()) waiters.add(check);
          });
        },
        close() {
          request.destroy();
        },
      };
      response.on('data', (chunk: string) => {
        raw += chunk;
        pending += chunk;
        let cut = pending.indexOf('\n\n');
        while (cut >= 0) {
          const block = pending.slice(0, cut);
          pending = pending.slice(cut + 2);
          cut = pending.indexOf('\n\n');
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) {
            messages.push({ event, data: JSON.parse(data.join('\n')) as unknown, receivedAt: Date.now() });
          }
        }
        for (const waiter of [...waiters]) waiter();
        if (first) {
          first = false;
          resolve(client);
        }
      });
      if (response.statusCode !== 200) {
        response.on('end', () => resolve(client));
      }
    });
  });
}
