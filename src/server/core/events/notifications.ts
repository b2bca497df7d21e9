import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

/** Receives the payload of each NOTIFY on a channel. */
export type NotificationHandler = (payload: string) => void;

/** Stops a handler hearing its channel (UNLISTEN once the channel has no handler left). */
export type Unlisten = () => Promise<void>;

export interface NotificationListener {
  /** Resolves once the channel is LISTENed on a live connection; rejects when the listener is closed. */
  listen(channel: string, handler: NotificationHandler): Promise<Unlisten>;
  /** Called after the connection came back: notifications sent while it was down are lost. */
  onReconnect(handler: () => void): () => void;
  close(): Promise<void>;
}

export interface ListenerOptions {
  /** First reconnect delay; doubles up to maxDelayMs and resets after a good connection. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A silently dead connection (a dropped NAT entry) raises no error: a ping every so often finds it. */
  pingIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/** The name operators see in pg_stat_activity (and tests terminate to prove the reconnect). */
export const LISTENER_APPLICATION_NAME = 'gridline-listener';

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Channel names are plain lower-case identifiers: PGlite sends `LISTEN name` unquoted (so PostgreSQL
 * folds it to lower case) while pg_notify takes the name verbatim; one rule keeps both drivers alike.
 */
export function assertChannelName(channel: string): void {
  if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid notification channel name: ${channel}`);
}

/** PGlite runs in this process: its LISTEN/NOTIFY is already in-process and never drops. */
export function pgliteNotifications(client: PGlite): NotificationListener {
  let closed = false;
  return {
    async listen(channel, handler) {
      assertChannelName(channel);
      if (closed) throw new Error('the notification listener is closed');
      const unlisten = await client.listen(channel, handler);
      return async () => {
        // After close the database is gone, and with it every LISTEN.
        if (!closed) await unlisten();
      };
    },
    onReconnect: () => () => undefined,
    async close() {
      closed = true;
    },
  };
}

/**
 * One dedicated connection (not from the pool: a pooled client is handed to other queries and its
 * LISTENs would leak into them or be lost when it is recycled) that LISTENs on every channel some
 * handler wants, dispatches notifications, and reconnects with backoff, re-LISTENing, when it drops.
 * It connects on the first listen, so a process that never listens holds no extra connection.
 */
export function createPostgresListener(url: string, options: ListenerOptions = {}): NotificationListener {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const pingInterval = options.pingIntervalMs ?? 30_000;
  const handlers = new Map<string, Set<NotificationHandler>>();
  const reconnectHandlers = new Set<() => void>();
  let client: pg.Client | null = null;
  /** Channels LISTENed on the current client. */
  let listening = new Set<string>();
  let closed = false;
  let everConnected = false;
  /** True between losing a connection that had been up and getting the next one. */
  let reconnecting = false;
  let delay = minDelay;
  let retryTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  /** Every change of connection or LISTEN set runs in this chain, one at a time. */
  let chain: Promise<void> = Promise.resolve();
  /** Callers waiting for their channel to be live; settled by each sync. */
  let waiters: { channel: string; resolve: () => void; reject: (error: Error) => void }[] = [];

  const report = (error: unknown) => options.onError?.(error);

  function dispatch(message: pg.Notification) {
    const set = handlers.get(message.channel);
    if (!set) return;
    for (const handler of [...set]) {
      try {
        handler(message.payload ?? '');
      } catch (error) {
        report(error);
      }
    }
  }

  function drop(failed: pg.Client) {
    if (client !== failed) return;
    client = null;
    listening = new Set();
    if (everConnected) reconnecting = true;
    if (pingTimer) clearInterval(pingTimer);
    pingTimer = null;
    failed.removeAllListeners('notification');
    failed.end().catch(() => undefined);
    scheduleRetry();
  }

  function scheduleRetry() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      enqueueSync();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, maxDelay);
  }

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    // Without an error listener a dropped connection would crash the process.
    next.on('error', (error) => {
      report(error);
      drop(next);
    });
    next.on('end', () => drop(next));
    next.on('notification', dispatch);
    await next.connect();
    return next;
  }

  async function sync(): Promise<void> {
    if (closed) return;
    try {
      if (!client && handlers.size > 0) {
        const fresh = await connect();
        if (closed) {
          await fresh.end().catch(() => undefined);
          return;
        }
        client = fresh;
        listening = new Set();
        pingTimer = setInterval(() => {
          fresh.query('select 1').catch((error: unknown) => {
            report(error);
            drop(fresh);
          });
        }, pingInterval);
        pingTimer.unref();
      }
      const current = client;
      if (current) {
        for (const channel of handlers.keys()) {
          if (!listening.has(channel)) {
            await current.query(`LISTEN ${channel}`);
            listening.add(channel);
          }
        }
        for (const channel of [...listening]) {
          if (!handlers.has(channel)) {
            await current.query(`UNLISTEN ${channel}`);
            listening.delete(channel);
          }
        }
        delay = minDelay;
        if (everConnected && reconnecting) {
          reconnecting = false;
          for (const handler of [...reconnectHandlers]) {
            try {
              handler();
            } catch (error) {
              report(error);
            }
          }
        }
        everConnected = true;
      }
    } catch (error) {
      report(error);
      if (client) drop(client);
      else scheduleRetry();
    }
    settleWaiters();
  }

  function settleWaiters() {
    const pending = waiters;
    waiters = [];
    for (const waiter of pending) {
      if (closed) waiter.reject(new Error('the notification listener is closed'));
      else if (client && listening.has(waiter.channel)) waiter.resolve();
      else waiters.push(waiter);
    }
  }

  function enqueueSync(): Promise<void> {
    chain = chain.then(sync);
    return chain;
  }

  return {
    async listen(channel, handler) {
      assertChannelName(channel);
      if (closed) throw new Error('the notification listener is closed');
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
      }
      set.add(handler);
      const live = new Promise<void>((resolve, reject) => waiters.push({ channel, resolve, reject }));
      void enqueueSync();
      await live;
      return async () => {
        const current = handlers.get(channel);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(channel);
        await enqueueSync();
      };
    },
    onReconnect(handler) {
      reconnectHandlers.add(handler);
      return () => reconnectHandlers.delete(handler);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (pingTimer) clearInterval(pingTimer);
      settleWaiters();
      // Let an in-flight connect or LISTEN finish before ending its connection.
      await chain.catch(() => undefined);
      const last = client;
      client = null;
      if (last) {
        last.removeAllListeners('end');
        await last.end().catch(() => undefined);
      }
    },
  };
}
