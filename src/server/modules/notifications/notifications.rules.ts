import { createHmac } from 'node:crypto';
import type { LocalisedFieldError } from '../../core/errors.ts';

// Pure rules of the notification module: per-user settings, robot message shapes and signatures,
// the retry schedule, and how a robot's answer is read. No database, no network.

export const WEBHOOK_KINDS = ['dingtalk', 'wecom'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface NotificationSettings {
  /** Kinds that do not reach this user's inbox. */
  muted: string[];
  /** Whether this user's notifications may also go to the area's group robots. */
  webhook: boolean;
}

export const DEFAULT_SETTINGS: NotificationSettings = { muted: [], webhook: true };

/** Reads the stored jsonb leniently: anything unexpected falls back to the default. */
export function normaliseSettings(stored: unknown): NotificationSettings {
  if (typeof stored !== 'object' || stored === null) return { ...DEFAULT_SETTINGS, muted: [] };
  const value = stored as { muted?: unknown; webhook?: unknown };
  const muted = Array.isArray(value.muted)
    ? [...new Set(value.muted.filter((k): k is string => typeof k === 'string'))].sort()
    : [];
  return { muted, webhook: typeof value.webhook === 'boolean' ? value.webhook : true };
}

export interface Recipients {
  /** Users whose inbox gets the message. */
  inbox: string[];
  /** Whether the message goes to the group robots as well. */
  robots: boolean;
}

/**
 * Who hears about one event: every addressed user except those who muted the kind. Robots hear it
 * when nobody in particular was addressed, or when at least one inbox recipient allows robot copies.
 */
export function recipientsFor(
  userIds: readonly string[],
  settingsOf: (userId: string) => NotificationSettings,
  kind: string,
): Recipients {
  const unique = [...new Set(userIds)];
  const inbox = unique.filter((id) => !settingsOf(id).muted.includes(kind));
  const robots = unique.length === 0 || inbox.some((id) => settingsOf(id).webhook);
  return { inbox, robots };
}

/** An endpoint's event filter: empty means every kind. */
export function endpointWantsKind(events: unknown, kind: string): boolean {
  if (!Array.isArray(events) || events.length === 0) return true;
  return events.includes(kind);
}

// ── robot messages ────────────────────────────────────────────────────────────

export interface DingtalkMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

export interface WecomMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

export type RobotPayload = DingtalkMarkdown | WecomMarkdown;

export interface RobotMessage {
  title: string;
  body?: string;
  /** An absolute http(s) link; anything else is left out (robots cannot open relative links). */
  url?: string | null;
}

/** WeCom rejects markdown content above 4096 bytes; DingTalk's limit is larger, one cap serves both. */
const MAX_MARKDOWN_BYTES = 4000;

/** Markdown control characters in user text would reformat the message; they are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(`${out}${ch}…`, 'utf8') > max) break;
    out += ch;
  }
  return `${out}…`;
}

function markdownText(message: RobotMessage): string {
  const lines = [`### ${escapeMarkdown(message.title)}`];
  if (message.body) lines.push('', escapeMarkdown(message.body));
  if (message.url && /^https?:\/\//i.test(message.url)) lines.push('', `[查看详情](${message.url})`);
  return truncateBytes(lines.join('\n'), MAX_MARKDOWN_BYTES);
}

/** DingTalk custom robot: {"msgtype":"markdown","markdown":{"title","text"}}. */
export function dingtalkMarkdown(message: RobotMessage): DingtalkMarkdown {
  return {
    msgtype: 'markdown',
    markdown: { title: truncateBytes(message.title, 200), text: markdownText(message) },
  };
}

/** WeCom group robot: {"msgtype":"markdown","markdown":{"content"}}. */
export function wecomMarkdown(message: RobotMessage): WecomMarkdown {
  return { msgtype: 'markdown', markdown: { content: markdownText(message) } };
}

export function robotPayload(kind: WebhookKind, message: RobotMessage): RobotPayload {
  return kind === 'dingtalk' ? dingtalkMarkdown(message) : wecomMarkdown(message);
}

/** The title a stored payload shows in the delivery log. */
export function payloadTitle(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const markdown = (payload as { markdown?: { title?: unknown; content?: unknown } }).markdown;
  if (typeof markdown?.title === 'string') return markdown.title;
  if (typeof markdown?.content === 'string') {
    const first = markdown.content.split('\n')[0] ?? '';
    return first.replace(/^#+\s*/, '').replace(/\\(.)/g, '$1');
  }
  return '';
}

/**
 * DingTalk signing: sign = urlencode(base64(HmacSHA256(key = secret, message = `${timestamp}\n${secret}`))),
 * timestamp in milliseconds; DingTalk refuses a timestamp more than an hour off.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** The URL to post to: DingTalk with a secret gets `&timestamp=…&sign=…` appended; others unchanged. */
export function signedUrl(
  kind: WebhookKind,
  url: string,
  secret: string | null,
  timestampMs: number,
): string {
  if (kind !== 'dingtalk' || !secret) return url;
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}timestamp=${timestampMs}&sign=${dingtalkSign(secret, timestampMs)}`;
}

// ── delivery ──────────────────────────────────────────────────────────────────

export const MAX_ATTEMPTS = 8;
const BACKOFF_MINUTES = [1, 5, 15, 60, 120, 240, 480];

/** Delay before the next attempt after `attempts` failed ones: 1, 5, 15, 60 min, then 2, 4, 8 h. */
export function backoffMs(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), BACKOFF_MINUTES.length) - 1;
  return (BACKOFF_MINUTES[index] ?? 480) * 60_000;
}

export type AttemptOutcome =
  { status: 'sent' } | { status: 'pending'; nextAttemptAt: Date } | { status: 'dead' };

/** Where a message stands after an attempt; `attempts` counts this one. */
export function afterAttempt(ok: boolean, attempts: number, now: Date): AttemptOutcome {
  if (ok) return { status: 'sent' };
  if (attempts >= MAX_ATTEMPTS) return { status: 'dead' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) };
}

/**
 * Reads a robot's answer: a non-2xx status fails; DingTalk and WeCom also answer 200 with
 * `{"errcode": n, "errmsg": …}` where n ≠ 0 means the message was refused. Null = delivered.
 */
export function robotAnswerError(httpStatus: number, bodyText: string): string | null {
  if (httpStatus < 200 || httpStatus >= 300) {
    return `HTTP ${httpStatus}${bodyText ? `: ${bodyText.slice(0, 200)}` : ''}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { errcode, errmsg } = parsed as { errcode?: unknown; errmsg?: unknown };
  if (errcode === undefined || errcode === 0 || errcode === '0') return null;
  return `errcode ${String(errcode)}${typeof errmsg === 'string' ? `: ${errmsg.slice(0, 200)}` : ''}`;
}

// ── endpoint input ────────────────────────────────────────────────────────────

/** Robots are reached over https; plain http only on this machine (tests, a local relay). */
export function webhookUrlError(url: string): LocalisedFieldError | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { field: 'url', reason: { zh: '不是有效的网址', en: 'is not a valid URL' } };
  }
  if (parsed.username || parsed.password) {
    return { field: 'url', reason: { zh: '网址不能包含用户名或密码', en: 'must not contain credentials' } };
  }
  if (parsed.protocol === 'https:') return null;
  const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
  if (parsed.protocol === 'http:' && local) return null;
  return {
    field: 'url',
    reason: { zh: '必须是 https 网址', en: 'must be an https URL' },
  };
}
