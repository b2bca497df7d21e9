import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets waiting requests through between slices of long work. On PGlite each query runs on this thread
 * and its await resolves as a microtask, so a loop of queries never reaches the event loop's I/O phase;
 * and one turn is not enough, since a request needs several (accept, read, answer) to be served.
 */
export async function breathe(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await nextTurn();
}
