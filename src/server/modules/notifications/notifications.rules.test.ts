import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  backoffMs,
  dingtalkMarkdown,
  dingtalkSign,
  endpointWantsKind,
  escapeMarkdown,
  MAX_ATTEMPTS,
  normaliseSettings,
  payloadTitle,
  recipientsFor,
  robotAnswerError,
  robotPayload,
  signedUrl,
  webhookUrlError,
  wecomMarkdown,
  type NotificationSettings,
} from './notifications.rules.ts';

describe('settings', () => {
  it('defaults to nothing muted and robot copies on', () => {
    expect(normaliseSettings({})).toEqual({ muted: [], webhook: true });
    expect(normaliseSettings(null)).toEqual({ muted: [], webhook: true });
    expect(normaliseSettings({ muted: 'comment', webhook: 'no' })).toEqual({ muted: [], webhook: true });
  });
  it('keeps muted kinds once each, sorted, and an explicit webhook choice', () => {
    expect(normaliseSettings({ muted: ['sla_warning', 'comment', 'comment', 3], webhook: false })).toEqual({
      muted: ['comment', 'sla_warning'],
      webhook: false,
    });
  });
});

describe('recipientsFor', () => {
  const settings: Record<string, NotificationSettings> = {
    a: { muted: ['comment'], webhook: true },
    b: { muted: [], webhook: false },
  };
  const of = (id: string) => settings[id] ?? { muted: [], webhook: true };

  it('leaves out users who muted the kind, once each', () => {
    expect(recipientsFor(['a', 'b', 'b', 'c'], of, 'comment').inbox).toEqual(['b', 'c']);
    expect(recipientsFor(['a', 'b'], of, 'sla_breach').inbox).toEqual(['a', 'b']);
  });
  it('sends to robots when a remaining recipient allows it or nobody was addressed', () => {
    expect(recipientsFor(['b'], of, 'sla_breach').robots).toBe(false);
    expect(recipientsFor(['a', 'b'], of, 'comment').robots).toBe(false);
    expect(recipientsFor(['a', 'b'], of, 'sla_breach').robots).toBe(true);
    expect(recipientsFor([], of, 'sla_breach')).toEqual({ inbox: [], robots: true });
  });
});

describe('endpointWantsKind', () => {
  it('an empty filter takes every kind; otherwise only listed ones', () => {
    expect(endpointWantsKind([], 'comment')).toBe(true);
    expect(endpointWantsKind(null, 'comment')).toBe(true);
    expect(endpointWantsKind(['sla_breach'], 'comment')).toBe(false);
    expect(endpointWantsKind(['sla_breach', 'comment'], 'comment')).toBe(true);
  });
});

describe('robot messages', () => {
  it('DingTalk markdown has msgtype, title and text', () => {
    const payload = dingtalkMarkdown({
      title: '案件超时',
      body: '企业反映原料不足',
      url: 'https://gridline.example/cases/1',
    });
    expect(Object.keys(payload).sort()).toEqual(['markdown', 'msgtype']);
    expect(payload.msgtype).toBe('markdown');
    expect(Object.keys(payload.markdown).sort()).toEqual(['text', 'title']);
    expect(payload.markdown.title).toBe('案件超时');
    expect(payload.markdown.text).toBe(
      '### 案件超时\n\n企业反映原料不足\n\n[查看详情](https://gridline.example/cases/1)',
    );
  });

  it('WeCom markdown has msgtype and content only', () => {
    const payload = wecomMarkdown({ title: '案件超时', body: '请处理' });
    expect(payload).toEqual({ msgtype: 'markdown', markdown: { content: '### 案件超时\n\n请处理' } });
    expect(robotPayload('wecom', { title: 'x' })).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### x' },
    });
  });

  it('leaves out relative links and escapes markdown in user text', () => {
    expect(dingtalkMarkdown({ title: 't', url: '/cases/1' }).markdown.text).toBe('### t');
    expect(escapeMarkdown('**粗体** [链接](x) #1')).toBe('\\*\\*粗体\\*\\* \\[链接\\](x) \\#1');
  });

  it('caps the content below WeCom’s 4096-byte limit', () => {
    const content = wecomMarkdown({ title: '长', body: '字'.repeat(3000) }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith('…')).toBe(true);
  });

  it('reads the title back from either payload for the delivery log', () => {
    expect(payloadTitle(dingtalkMarkdown({ title: '测试 #1' }))).toBe('测试 #1');
    expect(payloadTitle(wecomMarkdown({ title: '测试 #1', body: 'x' }))).toBe('测试 #1');
    expect(payloadTitle('x')).toBe('');
  });
});

describe('DingTalk signature', () => {
  it('is urlencode(base64(HmacSHA256(secret, `${timestamp}\\n${secret}`)))', () => {
    const secret = 'SEC0123456789abcdef';
    const ts = 1_700_000_000_000;
    const raw = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    const sign = dingtalkSign(secret, ts);
    expect(decodeURIComponent(sign)).toBe(raw);
    // base64's + / = must not survive into the query string
    expect(sign).not.toMatch(/[+/=]/);
  });

  it('a known vector: the secret "this is secret" at 1577262236757', () => {
    // Computed independently with Python's hmac + base64 + urllib.parse.quote_plus.
    expect(dingtalkSign('this is secret', 1577262236757)).toBe(
      'hmPWwU%2B7lVdm3ZZz0r9tSfx0L4Q26jWOZr9%2BGs6EZQM%3D',
    );
  });

  it('appends timestamp and sign to a DingTalk URL with a secret only', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=abc';
    const signed = signedUrl('dingtalk', url, 'SECx', 42);
    expect(signed).toBe(`${url}&timestamp=42&sign=${dingtalkSign('SECx', 42)}`);
    expect(signedUrl('dingtalk', url, null, 42)).toBe(url);
    expect(signedUrl('wecom', url, 'SECx', 42)).toBe(url);
    expect(signedUrl('dingtalk', 'https://x.test/hook', 'SECx', 42)).toMatch(
      /^https:\/\/x\.test\/hook\?timestamp=42&sign=/,
    );
  });
});

describe('retries', () => {
  it('waits 1, 5, 15, 60 minutes, then longer, and gives up after 8 attempts', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n) / 60_000);
    expect(minutes).toEqual([1, 5, 15, 60, 120, 240, 480]);
    const now = new Date('2024-01-01T00:00:00Z');
    expect(afterAttempt(true, 3, now)).toEqual({ status: 'sent' });
    expect(afterAttempt(false, 1, now)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date('2024-01-01T00:01:00Z'),
    });
    expect(afterAttempt(false, MAX_ATTEMPTS - 1, now).status).toBe('pending');
    expect(afterAttempt(false, MAX_ATTEMPTS, now)).toEqual({ status: 'dead' });
  });

  it('a 200 with errcode ≠ 0 is a failure; errcode 0 and plain 2xx are deliveries', () => {
    expect(robotAnswerError(200, '{"errcode":0,"errmsg":"ok"}')).toBeNull();
    expect(robotAnswerError(200, '')).toBeNull();
    expect(robotAnswerError(204, 'not json')).toBeNull();
    expect(robotAnswerError(200, '{"errcode":310000,"errmsg":"sign not match"}')).toBe(
      'errcode 310000: sign not match',
    );
    expect(robotAnswerError(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toMatch(/93000/);
    expect(robotAnswerError(500, 'oops')).toBe('HTTP 500: oops');
    expect(robotAnswerError(302, '')).toBe('HTTP 302');
  });
});

describe('webhookUrlError', () => {
  it('accepts https anywhere and http only on this machine', () => {
    expect(webhookUrlError('https://oapi.dingtalk.com/robot/send?access_token=x')).toBeNull();
    expect(webhookUrlError('http://127.0.0.1:8080/hook')).toBeNull();
    expect(webhookUrlError('http://localhost/hook')).toBeNull();
  });
  it('refuses http elsewhere, other schemes, credentials and garbage, naming url', () => {
    for (const bad of [
      'http://oapi.dingtalk.com/robot/send',
      'ftp://127.0.0.1/x',
      'https://user:pw@example.com/x',
      'not a url',
      'http://127.0.0.1.evil.com/x',
    ]) {
      expect(webhookUrlError(bad)?.field, bad).toBe('url');
    }
  });
});
