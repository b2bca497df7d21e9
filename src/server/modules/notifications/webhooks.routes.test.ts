import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../app.ts';
import { auditLog } from '../../core/db/core.tables.ts';
import { testPiiCipher } from '../../core/crypto/pii.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import {
  createAreaTree,
  createTestApp,
  signInAs,
  type Session,
  type TestTree,
} from '../../testing/factories.ts';
import { notify } from './notify.ts';
import { outbox, webhookEndpoints } from './notifications.tables.ts';
import { deliverDueOutbox, robotSender } from './outbox.ts';
import { MAX_ATTEMPTS } from './notifications.rules.ts';

/** A robot on 127.0.0.1 that records every post and answers what the test tells it to. */
interface Received {
  path: string;
  query: URLSearchParams;
  body: unknown;
}
interface FakeRobot {
  url: string;
  received: Received[];
  answer: (status: number, body: string) => void;
  hang: (on: boolean) => void;
  close: () => Promise<void>;
}

async function startRobot(): Promise<FakeRobot> {
  const received: Received[] = [];
  let reply = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  let hanging = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      received.push({
        path: url.pathname,
        query: url.searchParams,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      if (hanging) return;
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/robot/send?access_token=tok123456`,
    received,
    answer: (status, body) => {
      reply = { status, body };
    },
    hang: (on) => {
      hanging = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pii = testPiiCipher();
const send = robotSender({ pii, timeoutMs: 2_000 });
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

interface WebhookBody {
  id: string;
  version: number;
  urlMasked: string;
  hasSecret: boolean;
  active: boolean;
  areaPath: string;
  events: string[];
  can: { update: boolean };
}

describeEachDatabase('webhooks: group robots, the outbox and its delivery', (database) => {
  let app: App;
  let tree: TestTree;
  let admin: Session;
  let townAdmin: Session;
  let staff: Session;
  let robot: FakeRobot;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
    admin = await signInAs(app, database().db, 'admin', null);
    townAdmin = await signInAs(app, database().db, 'admin', tree.towns[0].path);
    staff = await signInAs(app, database().db, 'town_staff', tree.towns[0].path);
    robot = await startRobot();
  });
  afterAll(async () => {
    await robot.close();
  });

  const get = (url: string, s?: Session) => app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const send_ = (method: 'POST' | 'PATCH', url: string, s: Session | undefined, payload?: object) =>
    app.inject({ method, url, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });

  const create = async (body: Record<string, unknown>, s: Session = admin): Promise<WebhookBody> => {
    const res = await send_('POST', '/api/webhooks', s, {
      name: '测试机器人',
      kind: 'dingtalk',
      url: robot.url,
      areaId: tree.towns[0].id,
      ...body,
    });
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json() as WebhookBody;
  };
  /** Messages still pending for one endpoint, so other tests' rows do not matter. */
  const rowsOf = (endpointId: string) =>
    database().db.select().from(outbox).where(eq(outbox.endpointId, endpointId)).orderBy(outbox.id);

  it('401 anonymous and 403 without cases:admin on every webhook route', async () => {
    const id = crypto.randomUUID();
    const routes: ['GET' | 'POST' | 'PATCH', string, object?][] = [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks', { name: 'x', kind: 'wecom', url: robot.url, areaId: tree.towns[0].id }],
      ['PATCH', `/api/webhooks/${id}`, { version: 1 }],
      ['POST', `/api/webhooks/${id}/deactivate`, { version: 1 }],
      ['POST', `/api/webhooks/${id}/test`],
      ['GET', `/api/webhooks/${id}/deliveries`],
    ];
    for (const [method, url, payload] of routes) {
      const anonymous = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const denied = await app.inject({
        method,
        url,
        headers: staff.headers,
        ...(payload ? { payload } : {}),
      });
      expect(denied.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('creates with the secret encrypted and never returned, lists, and audits without the secret', async () => {
    const secret = 'SECabcdef0123456789';
    const created = await create({ secret, events: ['sla_breach'] });
    expect(created).toMatchObject({
      hasSecret: true,
      active: true,
      version: 1,
      areaPath: tree.towns[0].path,
    });
    expect(created.urlMasked).not.toContain('tok123456');
    expect(created.urlMasked).toContain('access_token=tok1…');
    const list = await get('/api/webhooks', admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain('tok123456');
    expect((list.json() as { items: WebhookBody[] }).items.some((w) => w.id === created.id)).toBe(true);

    const [row] = await database()
      .db.select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, created.id));
    expect(row?.secretEnc).not.toContain(secret);
    expect(pii.decrypt(row?.secretEnc ?? '')).toBe(secret);

    const audits = await database()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'webhook.create'), eq(auditLog.entityId, created.id)));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]?.after)).not.toContain(secret);
    expect(JSON.stringify(audits[0]?.after)).not.toContain('tok123456');
  });

  it('400 naming url for plain http elsewhere, secret for WeCom, areaId outside scope', async () => {
    const plain = await send_('POST', '/api/webhooks', admin, {
      name: 'x',
      kind: 'dingtalk',
      url: 'http://oapi.dingtalk.com/robot/send?access_token=x',
      areaId: tree.towns[0].id,
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.details[0].field).toBe('url');
    const wecomSecret = await send_('POST', '/api/webhooks', admin, {
      name: 'x',
      kind: 'wecom',
      url: robot.url,
      secret: 'SECx',
      areaId: tree.towns[0].id,
    });
    expect(wecomSecret.statusCode).toBe(400);
    expect(wecomSecret.json().error.details[0].field).toBe('secret');
    const outside = await send_('POST', '/api/webhooks', townAdmin, {
      name: 'x',
      kind: 'wecom',
      url: robot.url,
      areaId: tree.towns[1].id,
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.details[0].field).toBe('areaId');
    const badKind = await send_('POST', '/api/webhooks', admin, {
      name: 'x',
      kind: 'slack',
      url: robot.url,
      areaId: tree.towns[0].id,
    });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.details[0].field).toBe('kind');
  });

  it('updates at the version: stale is 409, the secret can be replaced or removed; out of scope is 404', async () => {
    const created = await create({ kind: 'wecom', name: '企微群' });
    const url = `/api/webhooks/${created.id}`;
    const ok = await send_('PATCH', url, admin, { version: 1, name: '企微值班群', events: ['comment'] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: '企微值班群', events: ['comment'], version: 2 });
    const stale = await send_('PATCH', url, admin, { version: 1, name: '过期' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].field).toBe('version');
    const badUrl = await send_('PATCH', url, admin, { version: 2, url: 'ftp://127.0.0.1/x' });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error.details[0].field).toBe('url');
    expect((await send_('PATCH', url, admin, { name: 'no version' })).statusCode).toBe(400);

    const ding = await create({ secret: 'SEC1' });
    const replaced = await send_('PATCH', `/api/webhooks/${ding.id}`, admin, { version: 1, secret: null });
    expect(replaced.json()).toMatchObject({ hasSecret: false, version: 2 });

    const other = await create({ kind: 'wecom', areaId: tree.towns[1].id });
    expect(
      (await send_('PATCH', `/api/webhooks/${other.id}`, townAdmin, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
    expect((await get(`/api/webhooks/${other.id}/deliveries`, townAdmin)).statusCode).toBe(404);
    expect((await send_('POST', `/api/webhooks/${other.id}/test`, townAdmin)).statusCode).toBe(404);
    const townList = (await get('/api/webhooks', townAdmin)).json() as { items: WebhookBody[] };
    expect(townList.items.some((w) => w.id === other.id)).toBe(false);
    expect(
      (await send_('PATCH', `/api/webhooks/${crypto.randomUUID()}`, admin, { version: 1 })).statusCode,
    ).toBe(404);
    expect((await send_('PATCH', '/api/webhooks/not-a-uuid', admin, { version: 1 })).statusCode).toBe(400);
  });

  it('a test message reaches the robot signed as DingTalk documents, and the log shows it', async () => {
    const secret = 'SECsigning-secret-42';
    const hook = await create({ secret });
    const before = robot.received.length;
    const queued = await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    expect(queued.statusCode).toBe(202);
    const now = new Date();
    await deliverDueOutbox(database().db, now, send);
    const mine = robot.received.slice(before);
    expect(mine).toHaveLength(1);
    const got = mine[0];
    if (!got) throw new Error('nothing received');
    expect(got.path).toBe('/robot/send');
    expect(got.query.get('access_token')).toBe('tok123456');
    const timestamp = got.query.get('timestamp') ?? '';
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    // URLSearchParams has already decoded the percent-encoding once.
    expect(got.query.get('sign')).toBe(expected);
    expect(got.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: expect.stringContaining('测试') },
    });
    expect(Object.keys((got.body as { markdown: object }).markdown).sort()).toEqual(['text', 'title']);

    const log = await get(`/api/webhooks/${hook.id}/deliveries`, admin);
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({
      items: [{ ok: true, httpStatus: 200, error: null, messageStatus: 'sent', attempts: 1 }],
      queue: { pending: 0, dead: 0 },
    });
    expect(log.json().items[0].title).toContain('测试');
    expect((await get(`/api/webhooks/${hook.id}/deliveries?cursor=xyz`, admin)).statusCode).toBe(400);
  });

  it('WeCom gets {msgtype, markdown: {content}} and no signature', async () => {
    const hook = await create({ kind: 'wecom' });
    const before = robot.received.length;
    await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    await deliverDueOutbox(database().db, new Date(), send);
    const got = robot.received.slice(before)[0];
    expect(got?.query.get('sign')).toBeNull();
    expect(Object.keys((got?.body as { markdown: object }).markdown)).toEqual(['content']);
  });

  it('errcode ≠ 0 in a 200 is a failure: retried after a minute, then delivered', async () => {
    const hook = await create({ kind: 'wecom' });
    await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    const now = new Date();
    robot.answer(200, '{"errcode":93000,"errmsg":"invalid webhook url"}');
    try {
      await deliverDueOutbox(database().db, now, send);
    } finally {
      robot.answer(200, '{"errcode":0,"errmsg":"ok"}');
    }
    let [row] = await rowsOf(hook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toContain('93000');
    expect(row?.nextAttemptAt.getTime()).toBe(minutes(now, 1).getTime());

    const before = robot.received.length;
    await deliverDueOutbox(database().db, minutes(now, 0.5), send);
    expect(robot.received.length).toBe(before);
    await deliverDueOutbox(database().db, minutes(now, 1), send);
    [row] = await rowsOf(hook.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    const log = (await get(`/api/webhooks/${hook.id}/deliveries`, admin)).json();
    expect(log.items.map((d: { ok: boolean }) => d.ok)).toEqual([true, false]);
    expect(log.items[1].error).toContain('93000');
  });

  it('gives up after 8 failed attempts with growing delays, and a dead message is not posted again', async () => {
    const hook = await create({ kind: 'wecom' });
    await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    robot.answer(500, 'down');
    let now = new Date();
    const delays: number[] = [];
    try {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        await deliverDueOutbox(database().db, now, send);
        const [row] = await rowsOf(hook.id);
        expect(row?.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          if (!row) throw new Error('missing');
          delays.push((row.nextAttemptAt.getTime() - now.getTime()) / 60_000);
          now = row.nextAttemptAt;
        }
      }
    } finally {
      robot.answer(200, '{"errcode":0,"errmsg":"ok"}');
    }
    expect(delays).toEqual([1, 5, 15, 60, 120, 240, 480]);
    const [dead] = await rowsOf(hook.id);
    expect(dead).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    expect(dead?.lastError).toBe('HTTP 500: down');
    const before = robot.received.length;
    await deliverDueOutbox(database().db, minutes(now, 10_000), send);
    expect(robot.received.length).toBe(before);
    const log = (await get(`/api/webhooks/${hook.id}/deliveries?limit=3`, admin)).json();
    expect(log.items).toHaveLength(3);
    expect(log.nextCursor).not.toBeNull();
    expect(log.queue).toEqual({ pending: 0, dead: 1 });
  });

  it('a robot that does not answer in time is a failed attempt with a timeout error', async () => {
    const hook = await create({ kind: 'wecom' });
    await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    robot.hang(true);
    try {
      await deliverDueOutbox(database().db, new Date(), robotSender({ pii, timeoutMs: 200 }));
    } finally {
      robot.hang(false);
    }
    const [row] = await rowsOf(hook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row?.lastError).toMatch(/no answer within 200 ms/);
  });

  it('notify enqueues for active robots covering the area whose events take the kind, in its transaction', async () => {
    const townA = await create({ kind: 'wecom', name: '甲街道群' });
    const cityOnlySla = await create({
      kind: 'wecom',
      name: '市级超时群',
      areaId: tree.city.id,
      events: ['sla_breach'],
    });
    const townB = await create({ kind: 'wecom', name: '乙镇群', areaId: tree.towns[1].id });
    const gone = await create({ kind: 'dingtalk', name: '已停用' });
    await send_('POST', `/api/webhooks/${gone.id}/deactivate`, admin, { version: 1 });
    const user = await signInAs(app, database().db, 'community_worker', tree.communities[0].path);

    await notify(database().db, {
      userIds: [user.user.id],
      kind: 'comment',
      title: '新评论 *重要*',
      body: '请查看',
      areaPath: tree.grids[0].path,
      url: 'https://gridline.example/cases/1',
    });
    const [msg] = await rowsOf(townA.id);
    expect(msg?.payload).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: '### 新评论 \\*重要\\*\n\n请查看\n\n[查看详情](https://gridline.example/cases/1)',
      },
    });
    expect(await rowsOf(cityOnlySla.id)).toHaveLength(0);
    expect(await rowsOf(townB.id)).toHaveLength(0);
    expect(await rowsOf(gone.id)).toHaveLength(0);

    await notify(database().db, {
      userIds: [],
      kind: 'sla_breach',
      title: '超时',
      areaPath: tree.grids[0].path,
    });
    expect(await rowsOf(cityOnlySla.id)).toHaveLength(1);
    expect(await rowsOf(townA.id)).toHaveLength(2);

    await expect(
      database().db.transaction(async (tx) => {
        await notify(tx, {
          userIds: [user.user.id],
          kind: 'comment',
          title: '回滚',
          areaPath: tree.grids[0].path,
        });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await rowsOf(townA.id)).toHaveLength(2);

    // A recipient who turned robot copies off keeps the message out of the groups.
    await app.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      headers: user.headers,
      payload: { muted: [], webhook: false },
    });
    await notify(database().db, {
      userIds: [user.user.id],
      kind: 'comment',
      title: '私下',
      areaPath: tree.grids[0].path,
    });
    expect(await rowsOf(townA.id)).toHaveLength(2);
  });

  it('deactivate at the version: then a test is 409 and queued messages wait', async () => {
    const hook = await create({ kind: 'wecom' });
    await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    expect(
      (await send_('POST', `/api/webhooks/${hook.id}/deactivate`, admin, { version: 9 })).statusCode,
    ).toBe(409);
    expect((await send_('POST', `/api/webhooks/${hook.id}/deactivate`, admin, {})).statusCode).toBe(400);
    const off = await send_('POST', `/api/webhooks/${hook.id}/deactivate`, admin, { version: 1 });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    const test = await send_('POST', `/api/webhooks/${hook.id}/test`, admin);
    expect(test.statusCode).toBe(409);
    expect(test.json().error.details[0].field).toBe('active');
    await deliverDueOutbox(database().db, new Date(), send);
    const [row] = await rowsOf(hook.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('robotSender against an unreachable robot', () => {
  it('reports the connection failure instead of throwing', async () => {
    const result = await robotSender({ pii, timeoutMs: 1_000 })({
      kind: 'wecom',
      url: 'http://127.0.0.1:9/hook',
      secretEnc: null,
      payload: { msgtype: 'markdown', markdown: { content: 'x' } },
    });
    expect(result.httpStatus).toBeNull();
    expect(result.error).toBeTruthy();
  });
});
