import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { decodeEvent, encodeEvent } from './event-bus.rules.ts';

/** The one PostgreSQL channel every topic travels on (the envelope names the topic). */
export const EVENTS_CHANNEL = 'gridline_events';

/**
 * Live events (the dashboard's "figures changed"), fanned out to every subscriber in every instance on
 * the same database: a publish is a `pg_notify` and each instance's one listening connection hands it
 * to its subscribers (on PGlite, in-process). Nothing goes through one process's memory alone, so any
 * number of instances behind a load balancer see every change. Delivery is at most once: a subscriber
 * that must not miss anything also listens for `onResync` and re-reads.
 */
export interface EventBus {
  /** Sends payload (JSON) to every subscriber of topic, split under the NOTIFY size limit if needed. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns the unsubscribe function. Events arrive once `ready()` has resolved. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
  /** Resolves once this process hears published events (its LISTEN is live). */
  ready(): Promise<void>;
  /**
   * A raw database channel, e.g. a trigger's `pg_notify('gridline_rollup_dirty', …)`; resolves once
   * LISTENed (the result stops listening). Channel names are lower-case identifiers.
   */
  subscribeChannel(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /** After the listening connection dropped and came back: events in between were lost, re-read. */
  onResync(handler: () => void): () => void;
  /** How many handlers this process has on a topic (tests check closed streams leave none behind). */
  subscriberCount(topic: string): number;
}

const buses = new WeakMap<Database, EventBus>();

/** The one bus of a database (memoised, so the refresher and the SSE route share it). */
export function eventsOf(database: Database): EventBus {
  let bus = buses.get(database);
  if (!bus) {
    bus = createBus(database);
    buses.set(database, bus);
  }
  return bus;
}

function createBus(database: Database): EventBus {
  const topics = new Map<string, Set<(payload: unknown) => void>>();
  let listening: Promise<void> | undefined;

  const deliver = (text: string) => {
    const envelope = decodeEvent(text);
    if (!envelope) return;
    for (const handler of [...(topics.get(envelope.topic) ?? [])]) {
      // One subscriber's failure (a closed socket) must not keep the event from the others.
      try {
        handler(envelope.payload);
      } catch {
        // The subscriber owns its errors.
      }
    }
  };

  // Connects the listening side once, on first need: a process that only publishes holds no connection.
  const start = () => {
    listening ??= database.notifications.listen(EVENTS_CHANNEL, deliver).then(() => undefined);
    return listening;
  };

  return {
    async publish(topic, payload) {
      for (const text of encodeEvent(topic, payload)) {
        await database.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${text})`);
      }
    },
    subscribe(topic, handler) {
      void start().catch(() => undefined);
      let set = topics.get(topic);
      if (!set) {
        set = new Set();
        topics.set(topic, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && topics.get(topic) === set) topics.delete(topic);
      };
    },
    ready: start,
    subscribeChannel(channel, handler) {
      return database.notifications.listen(channel, handler);
    },
    onResync(handler) {
      return database.notifications.onReconnect(handler);
    },
    subscriberCount(topic) {
      return topics.get(topic)?.size ?? 0;
    },
  };
}
