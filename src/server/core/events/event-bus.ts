import { EventEmitter } from 'node:events';
import type { Database } from '../db/client.ts';

/**
 * Live events (the dashboard's "figures changed"), fanned out to every open SSE stream.
 * STUB (in-process only): the live-updates work replaces it with PostgreSQL LISTEN/NOTIFY so that
 * every instance behind a load balancer hears every change; on PGlite it stays in-process.
 */
export interface EventBus {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

const buses = new WeakMap<Database, EventBus>();

/** The one bus of a database (memoised, so the refresher and the SSE route share it). */
export function eventsOf(database: Database): EventBus {
  let bus = buses.get(database);
  if (!bus) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    bus = {
      async publish(topic, payload) {
        emitter.emit(topic, payload);
      },
      subscribe(topic, handler) {
        emitter.on(topic, handler);
        return () => emitter.off(topic, handler);
      },
    };
    buses.set(database, bus);
  }
  return bus;
}
