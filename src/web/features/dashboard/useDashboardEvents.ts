import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { DashboardChangeEvent } from '../../../shared/dashboard.ts';

/** The server's stream of changed figures (only the changes inside the signed-in user's area). */
export const DASHBOARD_EVENTS_URL = '/api/dashboard/events';

/** A burst of changes (a batch of 1,000 records) refetches once per this long, not once per event. */
export const INVALIDATE_EVERY_MS = 500;

/**
 * EventSource retries a dropped connection by itself, but gives up for good when the server answers
 * with an error (a restart behind a proxy answering 502): then a new one is opened after this long.
 */
const REOPEN_AFTER_MS = 10_000;

/** Query keys whose data the dashboard's figures feed (the dashboard's views and the targets' progress). */
const LIVE_QUERY_KEYS = [['dashboard'], ['targets']] as const;

export interface DashboardLiveState {
  /** The stream is open: changes show within seconds ("实时 / live"). */
  connected: boolean;
  /** When the last change concerning the viewed area arrived (epoch ms). */
  lastEventAt: number | null;
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

/**
 * Whether a change at these paths concerns the area being viewed: a change inside it (a grid of the
 * town) or above it (the town's own row, which the view's totals and trail show). Without an area
 * (the user's own scope) every change the server sends concerns it.
 */
export function concernsArea(paths: readonly string[], areaPath: string | null | undefined): boolean {
  if (!areaPath) return paths.length > 0;
  return paths.some((path) => within(path, areaPath) || within(areaPath, path));
}

/** The event in a `dashboard` message, or null for anything malformed. */
export function parseChangeEvent(data: string): DashboardChangeEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { paths, families, at } = parsed as Record<string, unknown>;
  if (!Array.isArray(paths) || !paths.every((path) => typeof path === 'string')) return null;
  return {
    paths: paths as string[],
    families: Array.isArray(families) ? (families as DashboardChangeEvent['families']) : [],
    at: typeof at === 'string' ? at : new Date().toISOString(),
  };
}

export interface Throttle {
  /** Runs now if the last run is at least the interval ago, else once at the end of the interval. */
  trigger(): void;
  cancel(): void;
}

/** Leading and trailing: the first change shows at once, a burst after it costs one more run. */
export function createThrottle(intervalMs: number, run: () => void): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = Date.now();
    run();
  };
  return {
    trigger() {
      if (timer !== null) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

function refetchLiveQueries(client: QueryClient): void {
  for (const queryKey of LIVE_QUERY_KEYS) void client.invalidateQueries({ queryKey: [...queryKey] });
}

/**
 * Keeps an open dashboard current without a reload: listens to the server's change stream and, when a
 * change concerns the viewed area (its path, e.g. the summary's `area.path`), refetches the dashboard's
 * and targets' queries, at most once per 500 ms. After a reconnect it refetches too, since changes in
 * between were not heard.
 */
export function useDashboardEvents(areaPath?: string | null): DashboardLiveState {
  const client = useQueryClient();
  const [state, setState] = useState<DashboardLiveState>({ connected: false, lastEventAt: null });
  // The stream stays open while the user drills down; only the filter follows the viewed area.
  const area = useRef(areaPath);
  useEffect(() => {
    area.current = areaPath;
  }, [areaPath]);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    const throttle = createThrottle(INVALIDATE_EVERY_MS, () => refetchLiveQueries(client));
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let missed = false;
    let stopped = false;

    const setConnected = (connected: boolean) =>
      setState((current) => (current.connected === connected ? current : { ...current, connected }));

    const open = () => {
      const next = new EventSource(DASHBOARD_EVENTS_URL);
      source = next;
      next.onopen = () => {
        setConnected(true);
        if (missed) throttle.trigger();
        missed = false;
      };
      next.onerror = () => {
        missed = true;
        setConnected(false);
        if (next.readyState === EventSource.CLOSED && !stopped) {
          reopen = setTimeout(open, REOPEN_AFTER_MS);
        }
      };
      next.addEventListener('dashboard', (message: MessageEvent<string>) => {
        const event = parseChangeEvent(message.data);
        if (!event || !concernsArea(event.paths, area.current)) return;
        setState((current) => ({ ...current, lastEventAt: Date.now() }));
        throttle.trigger();
      });
      // The server's listening connection was down for a while: changes may have been missed.
      next.addEventListener('resync', () => throttle.trigger());
    };
    open();

    return () => {
      stopped = true;
      if (reopen !== null) clearTimeout(reopen);
      throttle.cancel();
      source?.close();
    };
  }, [client]);

  return state;
}
