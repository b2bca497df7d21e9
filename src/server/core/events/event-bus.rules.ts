/**
 * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more (its default build); a little headroom
 * stays for the envelope's growth when a chunk is re-encoded.
 */
export const MAX_NOTIFY_BYTES = 7900;

/** What travels on the events channel: the topic and the publisher's payload. */
export interface EventEnvelope {
  topic: string;
  payload: unknown;
}

export class EventTooLargeError extends Error {
  constructor(topic: string, bytes: number) {
    super(`event on topic ${topic} needs ${bytes} bytes and has no list left to split`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Encodes one event as one or more NOTIFY payloads under maxBytes. A payload too large is split on its
 * largest list field (a dashboard event's `paths`), each part keeping the other fields, so every part
 * is itself a valid event and together they say everything the original said.
 */
export function encodeEvent(topic: string, payload: unknown, maxBytes = MAX_NOTIFY_BYTES): string[] {
  const text = JSON.stringify({ topic, payload } satisfies EventEnvelope);
  const bytes = bytesOf(text);
  if (bytes <= maxBytes) return [text];
  if (!isRecord(payload)) throw new EventTooLargeError(topic, bytes);
  let key: string | undefined;
  let largest = 0;
  for (const [field, value] of Object.entries(payload)) {
    if (!Array.isArray(value) || value.length < 2) continue;
    const size = bytesOf(JSON.stringify(value));
    if (size > largest) {
      largest = size;
      key = field;
    }
  }
  if (key === undefined) throw new EventTooLargeError(topic, bytes);
  const items = payload[key] as unknown[];
  const half = Math.ceil(items.length / 2);
  return [
    ...encodeEvent(topic, { ...payload, [key]: items.slice(0, half) }, maxBytes),
    ...encodeEvent(topic, { ...payload, [key]: items.slice(half) }, maxBytes),
  ];
}

/** The envelope of a NOTIFY payload, or null for anything else (another writer's text on the channel). */
export function decodeEvent(text: string): EventEnvelope | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || typeof parsed.topic !== 'string' || !('payload' in parsed)) return null;
  return { topic: parsed.topic, payload: parsed.payload };
}
