import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { eventsOf, type EventBus } from '../../core/events/event-bus.ts';
import { serviceContext, type ModuleOptions } from '../../core/request-context.ts';
import { DashboardEventsQuery, DashboardEventsResponse } from './dashboard-events.schema.ts';
import { streamScope } from './dashboard-events.service.ts';
import {
  DASHBOARD_TOPIC,
  HEARTBEAT_MS,
  MAX_BUFFERED_BYTES,
  RETRY_MS,
  eventForScope,
  sseComment,
  sseEvent,
} from './dashboard-events.rules.ts';

/** How long a new stream waits for the listening connection before it opens anyway. */
const READY_WAIT_MS = 5000;

const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx (and proxies that copy it) would otherwise buffer the stream and delay every event.
  'x-accel-buffering': 'no',
};

/** True when the bus hears events within ms; false when it is still (re)connecting. */
async function readyWithin(bus: EventBus, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([bus.ready().then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /api/dashboard/events: server-sent events telling open dashboards which figures changed. */
export const dashboardEventsRoutes: FastifyPluginAsync<ModuleOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  /** Ends every open stream: a hijacked reply would otherwise keep app.close() waiting for ever. */
  const open = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(
    '/dashboard/events',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['dashboard'],
        summary: 'Live stream of which figures changed in the actor’s area (server-sent events)',
        querystring: DashboardEventsQuery,
        response: DashboardEventsResponse,
      },
    },
    async (request, reply) => {
      // Everything that can fail (401/403 in the auth hook, 400, 404 here) answers before the hijack.
      const scope = await streamScope(serviceContext(request, opts), request.query.areaId);
      const bus = eventsOf(opts.database);
      const live = await readyWithin(bus, READY_WAIT_MS);

      reply.hijack();
      const res = reply.raw;
      let ended = false;
      const write = (text: string) => {
        if (ended) return;
        res.write(text);
        if (res.writableLength > MAX_BUFFERED_BYTES) end();
      };
      const unsubscribe = bus.subscribe(DASHBOARD_TOPIC, (payload) => {
        const event = eventForScope(payload, scope);
        if (event) write(sseEvent('dashboard', event));
      });
      // Events published while the listening connection was down were lost: the page re-reads everything.
      const resync = () => write(sseEvent('resync', { at: new Date().toISOString() }));
      const stopResync = bus.onResync(resync);
      const heartbeat = setInterval(() => write(sseComment('heartbeat')), HEARTBEAT_MS);
      const cleanup = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        stopResync();
        open.delete(end);
      };
      function end() {
        cleanup();
        res.end();
      }
      open.add(end);
      res.on('close', cleanup);
      res.on('error', cleanup);

      res.writeHead(200, STREAM_HEADERS);
      write(`retry: ${RETRY_MS}\n\n`);
      write(sseComment('live'));
      if (!live) {
        bus.ready().then(resync, end);
      }
    },
  );
};
