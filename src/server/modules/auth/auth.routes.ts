import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '../../core/db/client.ts';
import { auditActorOf, requireActor } from '../../core/auth/auth.plugin.ts';
import { SESSION_COOKIE } from '../../core/auth/session-token.ts';
import { AppError } from '../../core/errors.ts';
import { Type } from 'typebox';
import { LoginBody, Me, PasswordChangeBody } from './auth.schema.ts';
import * as service from './auth.service.ts';

interface AuthRouteOptions {
  database: Database;
  sessionTtlHours: number;
  secureCookies: boolean;
}

export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (plain, opts) => {
  const app = plain.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts.database;
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Sign in; sets the session cookie', body: LoginBody, response: { 200: Me } },
    },
    async (request, reply) => {
      const result = await service.login(
        db,
        request.body,
        { ip: request.ip, userAgent: request.headers['user-agent'] },
        opts.sessionTtlHours,
      );
      void reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
        maxAge: opts.sessionTtlHours * 3600,
      });
      return service.describeMe(db, result.actor, result.csrfToken);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Sign out this session', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      requireActor(request);
      if (request.sessionIdHash) await service.logout(db, request.sessionIdHash, auditActorOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'The signed-in user, permissions and CSRF token', response: { 200: Me } },
    },
    async (request) => {
      if (!request.csrfToken) throw new AppError('unauthenticated');
      return service.describeMe(db, requireActor(request), request.csrfToken);
    },
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change my password; signs out my other sessions',
        body: PasswordChangeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.sessionIdHash) throw new AppError('unauthenticated');
      await service.changePassword(db, actor, request.sessionIdHash, request.body, auditActorOf(request));
      return reply.status(204).send(null);
    },
  );
};
