import { pathWithin } from '../../core/access/policy.ts';
import { ROLLUP_FAMILIES, type DashboardChangeEvent, type RollupFamily } from '../../../shared/dashboard.ts';

/** The bus topic the rollup refresher publishes on and the stream relays. */
export const DASHBOARD_TOPIC = 'dashboard';

/** How soon a browser reconnects after losing the stream (the SSE `retry:` field). */
export const RETRY_MS = 2000;

/** A comment this often keeps proxies and load balancers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * A stream whose client stopped reading (a sleeping tablet) is ended past this much unsent data rather
 * than buffered without bound; the browser reconnects and re-reads when it wakes.
 */
export const MAX_BUFFERED_BYTES = 256 * 1024;

const isFamily = (value: unknown): value is RollupFamily =>
  (ROLLUP_FAMILIES as readonly unknown[]).includes(value);

/**
 * The part of a published dashboard event one stream may see: only the changed paths inside its scope
 * (null = everywhere), or null when none is — so a town's staff never learn that another town changed.
 * Anything that is not a well-formed event is dropped.
 */
export function eventForScope(payload: unknown, scope: string | null): DashboardChangeEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { paths, families, at } = payload as Record<string, unknown>;
  if (!Array.isArray(paths) || !Array.isArray(families) || typeof at !== 'string') return null;
  const visible = paths.filter((path): path is string => typeof path === 'string' && pathWithin(path, scope));
  if (visible.length === 0) return null;
  return { paths: visible, families: families.filter(isFamily), at };
}

/** One server-sent event: its type and a JSON body on one `data:` line (JSON has no raw newlines). */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, enough to keep the connection warm. */
export function sseComment(text: string): string {
  return `: ${text.replaceAll('\n', ' ')}\n\n`;
}
