import { describe, expect, it } from 'vitest';
import { EventTooLargeError, decodeEvent, encodeEvent } from './event-bus.rules.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('encodeEvent', () => {
  it('sends a small event as one payload that decodes back', () => {
    const [text, ...rest] = encodeEvent('dashboard', { paths: ['330482.01'], families: ['records'] });
    expect(rest).toEqual([]);
    expect(decodeEvent(text ?? '')).toEqual({
      topic: 'dashboard',
      payload: { paths: ['330482.01'], families: ['records'] },
    });
  });

  it('splits a large event on its largest list, every part under the limit, nothing lost', () => {
    const paths = Array.from({ length: 2000 }, (_, i) => `330482.01.${String(i).padStart(3, '0')}.0001`);
    const event = { paths, families: ['records', 'cases'], at: '2020-02-10T08:00:00.000Z' };
    const parts = encodeEvent('dashboard', event, 7900);
    expect(parts.length).toBeGreaterThan(1);
    const decoded = parts.map((part) => {
      expect(bytes(part)).toBeLessThanOrEqual(7900);
      return decodeEvent(part)?.payload as typeof event;
    });
    expect(decoded.flatMap((part) => part.paths)).toEqual(paths);
    for (const part of decoded) {
      expect(part.families).toEqual(['records', 'cases']);
      expect(part.at).toBe(event.at);
    }
  });

  it('counts bytes, not characters (Chinese text is three bytes a character)', () => {
    const names = Array.from({ length: 40 }, () => '当湖街道'.repeat(10));
    const parts = encodeEvent('names', { names }, 1000);
    for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(1000);
    expect(parts.length).toBeGreaterThan(4);
  });

  it('refuses an event it cannot split', () => {
    expect(() => encodeEvent('big', 'x'.repeat(9000))).toThrow(EventTooLargeError);
    expect(() => encodeEvent('big', { text: 'x'.repeat(9000) })).toThrow(EventTooLargeError);
  });
});

describe('decodeEvent', () => {
  it('ignores what is not an envelope', () => {
    expect(decodeEvent('not json')).toBeNull();
    expect(decodeEvent('[1,2]')).toBeNull();
    expect(decodeEvent('{"payload":1}')).toBeNull();
    expect(decodeEvent('{"topic":"x"}')).toBeNull();
  });
});
