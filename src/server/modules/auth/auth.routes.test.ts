import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../core/db/core.tables.ts';
import type { App } from '../../app.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { createAreaTree, createTestApp, createUser, signIn, type TestTree } from '../../testing/factories.ts';

function cookieOf(setCookie: string | string[] | undefined): string {
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return raw ?? '';
}

describeEachDatabase('auth routes', (database) => {
  let app: App;
  let tree: TestTree;
  beforeAll(async () => {
    app = await createTestApp(database());
    tree = await createAreaTree(database().db);
  });

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

  describe('login', () => {
    it('sets an httpOnly SameSite=Lax session cookie and returns me with permissions', async () => {
      const user = await createUser(database().db, { role: 'town_staff', scopePath: tree.towns[0].path });
      const res = await login(user.username, user.password);
      expect(res.statusCode).toBe(200);
      const cookie = cookieOf(res.headers['set-cookie']);
      expect(cookie).toMatch(/^gridline_session=[\w-]{43};/);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toContain('Secure');
      expect(res.json()).toMatchObject({
        id: user.id,
        username: user.username,
        role: 'town_staff',
        scopePath: tree.towns[0].path,
        scopeName: '甲街道',
        permissions: expect.arrayContaining(['areas:read', 'areas:manage', 'orgs:manage']),
        mustChangePassword: false,
      });
      expect(res.json().permissions).not.toContain('audit:read');
      expect(res.json().csrfToken).toHaveLength(43);
    });

    it('accepts the username in another case', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const res = await login(user.username.toUpperCase(), user.password);
      expect(res.statusCode).toBe(200);
    });

    it('answers 401 invalid_credentials in Chinese for a wrong password, in English when asked', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const zh = await login(user.username, 'wrong-password');
      expect(zh.statusCode).toBe(401);
      expect(zh.headers['set-cookie']).toBeUndefined();
      expect(zh.json()).toEqual({
        error: { code: 'invalid_credentials', message: '用户名或密码错误', details: [] },
      });
      const en = await login(user.username, 'wrong-password', { 'accept-language': 'en-US,en;q=0.9' });
      expect(en.statusCode).toBe(401);
      expect(en.json().error.message).toBe('Wrong username or password');
    });

    it('answers an unknown username exactly like a wrong password', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const wrong = await login(user.username, 'wrong-password');
      const unknown = await login('nobody-here', 'wrong-password');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.body).toBe(wrong.body);
    });

    it('refuses an inactive user with the same 401', async () => {
      const user = await createUser(database().db, {
        role: 'volunteer',
        scopePath: tree.grids[0].path,
        active: false,
      });
      const res = await login(user.username, user.password);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
    });

    it('locks an account for a while after 5 failures, even with the right password', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      for (let i = 0; i < 5; i++) {
        expect((await login(user.username, `wrong-${i}`)).statusCode).toBe(401);
      }
      const blocked = await login(user.username, user.password);
      expect(blocked.statusCode).toBe(429);
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
      expect(blocked.json().error).toMatchObject({
        code: 'rate_limited',
        message: '登录失败次数过多，请 15 分钟后再试',
      });
      const en = await login(user.username, user.password, { 'accept-language': 'en-US' });
      expect(en.json().error.message).toBe('Too many failed sign-ins; try again in 15 minutes');
      // Another account is not affected.
      const other = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      expect((await login(other.username, other.password)).statusCode).toBe(200);
    });

    it('blocks an address after 20 failures across accounts, leaving other addresses alone', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const from = (remoteAddress: string, username: string, password: string) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/login',
          remoteAddress,
          payload: { username, password },
        });
      for (let i = 0; i < 20; i++) {
        expect((await from('10.9.8.7', `guess-${i}`, 'wrong')).statusCode).toBe(401);
      }
      const blocked = await from('10.9.8.7', user.username, user.password);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['retry-after']).toBeDefined();
      expect((await from('10.9.8.6', user.username, user.password)).statusCode).toBe(200);
    });

    it('clears an account’s failures on a successful login', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      for (let i = 0; i < 4; i++) await login(user.username, `wrong-${i}`);
      expect((await login(user.username, user.password)).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) {
        expect((await login(user.username, `wrong-again-${i}`)).statusCode).toBe(401);
      }
      expect((await login(user.username, user.password)).statusCode).toBe(200);
    });

    it('answers 400 naming a missing field', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'someone' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details).toEqual([{ field: 'password', reason: '必填' }]);
    });

    it('answers 400 naming an unknown field', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'accept-language': 'en-US' },
        payload: { username: 'someone', password: 'x', remember: true },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ field: 'remember', reason: 'is not an allowed field' }]);
    });

    it('answers 400 naming an overlong username', async () => {
      const res = await login('u'.repeat(65), 'x');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('username');
    });
  });

  describe('me and logout', () => {
    it('answers /auth/me with 401 without a cookie and 200 with one', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/api/auth/me' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error).toMatchObject({ code: 'unauthenticated', message: '请先登录' });
      const user = await createUser(database().db, { role: 'admin', scopePath: null });
      const session = await signIn(app, user);
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: session.cookie },
      });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({
        username: user.username,
        scopePath: null,
        scopeName: null,
        permissions: expect.arrayContaining(['areas:read', 'areas:manage', 'audit:read', 'pii:read']),
        csrfToken: session.csrfToken,
      });
    });

    it('answers 401 to a forged session cookie', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: 'gridline_session=forged' },
      });
      expect(res.statusCode).toBe(401);
    });

    it('logs out with 204, clears the cookie, and the old cookie stops working', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const session = await signIn(app, user);
      const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
      expect(res.statusCode).toBe(204);
      expect(cookieOf(res.headers['set-cookie'])).toMatch(/^gridline_session=;/);
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: session.cookie },
      });
      expect(me.statusCode).toBe(401);
    });

    it('refuses a logout carrying the cookie but no CSRF token', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const session = await signIn(app, user);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: session.cookie },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_failed');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
      });
      expect(wrong.statusCode).toBe(403);
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: session.cookie },
      });
      expect(me.statusCode).toBe(200);
    });

    it('signs out a user who is deactivated while signed in', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const session = await signIn(app, user);
      await database().db.update(users).set({ active: false }).where(eq(users.id, user.id));
      const me = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: session.cookie },
      });
      expect(me.statusCode).toBe(401);
    });
  });

  describe('password change', () => {
    const change = (headers: Record<string, string>, payload: object) =>
      app.inject({ method: 'POST', url: '/api/auth/password', headers, payload });

    it('answers 400 on currentPassword when the current password is wrong', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const s = await signIn(app, user);
      const res = await change(s.headers, { currentPassword: 'not-it', newPassword: 'a-new-password' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ field: 'currentPassword', reason: '当前密码不正确' }]);
    });

    it('answers 400 on newPassword when it is too short', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const s = await signIn(app, user);
      const res = await change(s.headers, { currentPassword: user.password, newPassword: 'short' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe('newPassword');
    });

    it('answers 400 when the new password equals the current one', async () => {
      const user = await createUser(database().db, { role: 'volunteer', scopePath: tree.grids[0].path });
      const s = await signIn(app, user);
      const res = await change(s.headers, { currentPassword: user.password, newPassword: user.password });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'password_reused',
        details: [{ field: 'newPassword', reason: '新密码不能与当前密码相同' }],
      });
    });

    it('changes the password, keeps this session and signs out the user’s other sessions', async () => {
      const user = await createUser(database().db, {
        role: 'volunteer',
        scopePath: tree.grids[0].path,
        mustChangePassword: true,
      });
      const here = await signIn(app, user);
      const elsewhere = await signIn(app, user);
      const newPassword = 'a-brand-new-password';
      const res = await change(here.headers, { currentPassword: user.password, newPassword });
      expect(res.statusCode).toBe(204);

      const meHere = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: here.cookie },
      });
      expect(meHere.statusCode).toBe(200);
      expect(meHere.json().mustChangePassword).toBe(false);
      const meElsewhere = await app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: elsewhere.cookie },
      });
      expect(meElsewhere.statusCode).toBe(401);

      expect((await login(user.username, user.password)).statusCode).toBe(401);
      expect((await login(user.username, newPassword)).statusCode).toBe(200);
    });

    it('answers 401 to an anonymous password change', async () => {
      const res = await change({}, { currentPassword: 'x', newPassword: 'a-new-password' });
      expect(res.statusCode).toBe(401);
    });
  });
});
