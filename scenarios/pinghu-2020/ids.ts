import { createHash } from 'node:crypto';

/** A stable id from a path, so the demo is identical on every load (UUID v5 layout over sha1). */
export function stableId(key: string): string {
  const h = createHash('sha1').update(`gridline:pinghu-2020:${key}`).digest('hex');
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
