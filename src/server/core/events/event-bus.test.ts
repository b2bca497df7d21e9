import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../db/client.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { eventsOf } from './event-bus.ts';
import { LISTENER_APPLICATION_NAME } from './notifications.ts';

/** Resolves with the first `count` payloads a topic delivers, or fails after ms. */
function nextEvents(database: Database, topic: string, count = 1, ms = 2000): Promise<unknown[]> {
  const seen: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`only ${seen.length} of ${count} events on ${topic} within ${ms} ms`));
    }, ms);
    const stop = eventsOf(database).subscribe(topic, (payload) => {
      seen.push(payload);
      if (seen.length < count) return;
      clearTimeout(timer);
      stop();
      resolve(seen);
    });
  });
}

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describeEachDatabase('Event bus over LISTEN/NOTIFY', (database) => {
  it('delivers a published event to a subscriber', async () => {
    const bus = eventsOf(database());
    await bus.ready();
    const received = nextEvents(database(), 'test-topic');
    await bus.publish('test-topic', { paths: ['330482.01'], n: 1 });
    expect(await received).toEqual([{ paths: ['330482.01'], n: 1 }]);
    expect(bus.subscriberCount('test-topic')).toBe(0);
  });

  it('only to subscribers of that topic', async () => {
    const bus = eventsOf(database());
    const other: unknown[] = [];
    const stop = bus.subscribe('other-topic', (payload) => other.push(payload));
    await bus.ready();
    const received = nextEvents(database(), 'mine');
    await bus.publish('mine', 1);
    expect(await received).toEqual([1]);
    stop();
    expect(other).toEqual([]);
  });

  it('splits an event too large for one NOTIFY and delivers every part', async () => {
    const bus = eventsOf(database());
    await bus.ready();
    const paths = Array.from({ length: 1200 }, (_, i) => `330482.01.${String(i).padStart(4, '0')}.0001`);
    // 1,200 paths of ~22 bytes: more than 8,000 bytes, so at least four parts.
    const received = nextEvents(database(), 'big', 4);
    await bus.publish('big', { paths, families: ['records'] });
    const parts = (await received) as { paths: string[]; families: string[] }[];
    expect(parts.flatMap((part) => part.paths)).toEqual(paths);
    expect(parts.every((part) => part.families[0] === 'records')).toBe(true);
  });

  it('hears a raw database channel (what triggers notify)', async () => {
    const heard: string[] = [];
    const stop = await eventsOf(database()).subscribeChannel('gridline_test_dirty', (payload) =>
      heard.push(payload),
    );
    await database().db.execute(sql`select pg_notify('gridline_test_dirty', 'grid 0001')`);
    await until(async () => heard.length > 0, 2000);
    expect(heard).toEqual(['grid 0001']);
    await stop();
    await database().db.execute(sql`select pg_notify('gridline_test_dirty', 'after')`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual(['grid 0001']);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(eventsOf(database()).subscribeChannel('Bad-Name', () => undefined)).rejects.toThrow(
      /channel name/,
    );
  });

  // The multi-instance cases need a real server (PGlite is one process by design): a second handle on
  // the same database stands for a second Gridline instance.
  describe('across instances', () => {
    let second: Database;
    beforeAll(async () => {
      if (database().kind === 'postgres') second = await openPostgres(database().url ?? '', 2);
    });
    afterAll(async () => {
      await second?.close();
    });

    it('fans out: a publish on one handle reaches the other', async (context) => {
      if (database().kind !== 'postgres') context.skip();
      await eventsOf(second).ready();
      const received = nextEvents(second, 'fan-out');
      await eventsOf(database()).publish('fan-out', { from: 'first' });
      expect(await received).toEqual([{ from: 'first' }]);
    });

    it('reconnects and re-LISTENs after its connection is killed, and asks subscribers to re-read', async (context) => {
      if (database().kind !== 'postgres') context.skip();
      const bus = eventsOf(second);
      await bus.ready();
      let resyncs = 0;
      const stopResync = bus.onResync(() => (resyncs += 1));
      const killed = (await database().db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
            where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`,
      )) as unknown as { rows: unknown[] };
      expect(killed.rows.length).toBeGreaterThan(0);
      await until(async () => resyncs > 0);
      const received = nextEvents(second, 'after-reconnect');
      await eventsOf(database()).publish('after-reconnect', 2);
      expect(await received).toEqual([2]);
      stopResync();
    });
  });
});
