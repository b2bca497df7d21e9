import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { can, isRole, type Actor, type RouteAccess } from '../access/policy.ts';
import type { AuditActor } from '../audit/audit.ts';
import { extendSession, findLiveSession, type UserRow } from './auth.repo.ts';
import { CSRF_HEADER, SESSION_COOKIE, hashToken } from './session-token.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route must say who may call it; registration fails otherwise. */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionIdHash: string | null;
    csrfToken: string | null;
  }
}

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

/** API routes added by a third-party plugin (the docs UI); everything outside /api is the SPA's static files. */
const isPluginRoute = (url: string): boolean => !url.startsWith('/api') || url.startsWith('/api/docs');

export interface AuthPluginOptions {
  db: Db;
  sessionTtlHours: number;
  routes: RouteAccessEntry[];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function actorFromUser(user: UserRow): Actor {
  if (!isRole(user.role)) throw new Error(`user ${user.username} has unknown role ${user.role}`);
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    scopePath: user.scopePath,
    department: user.department,
    orgId: user.orgId,
  };
}

export function auditActorOf(request: FastifyRequest): AuditActor {
  return {
    actorId: request.actor?.id ?? null,
    actorName: request.actor?.displayName ?? null,
    ip: request.ip,
    requestId: request.id,
  };
}

/** The signed-in actor of a route whose access is not public (the hook guarantees one). */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

async function authPlugin(app: FastifyInstance, options: AuthPluginOptions): Promise<void> {
  const ttlMs = options.sessionTtlHours * 3600_000;
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionIdHash', null);
  app.decorateRequest('csrfToken', null);

  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined) {
      if (!isPluginRoute(route.url)) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares no access; add config.access`);
      }
      route.config = { ...route.config, access: 'public' };
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      options.routes.push({ method, url: route.url, access });
    }
  });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const idHash = hashToken(token);
      const now = new Date();
      const found = await findLiveSession(options.db, idHash, now);
      if (found) {
        request.actor = actorFromUser(found.user);
        request.sessionIdHash = idHash;
        request.csrfToken = found.session.csrfToken;
        // Sliding expiry, written at most once a minute per session rather than on every request.
        if (now.getTime() - found.session.lastSeenAt.getTime() > 60_000) {
          await extendSession(options.db, idHash, now, new Date(now.getTime() + ttlMs));
        }
      }
    }
    if (access === 'public') return;
    if (!request.actor) throw new AppError('unauthenticated');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.csrfToken) {
      throw new AppError('csrf_failed');
    }
    if (access !== 'authenticated' && !can(request.actor, access)) throw new AppError('forbidden');
  });
}

export const authentication = fp(authPlugin, { name: 'gridline-auth' });
