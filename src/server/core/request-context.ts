import type { FastifyRequest } from 'fastify';
import type { Database, Db } from './db/client.ts';
import type { PiiCipher } from './crypto/pii.ts';
import type { FileStore } from './storage/file-store.ts';
import type { Actor } from './access/policy.ts';
import type { AuditActor } from './audit/audit.ts';
import { auditActorOf, requireActor } from './auth/auth.plugin.ts';

/** What app.ts hands every module's route plugin. */
export interface ModuleOptions {
  database: Database;
  pii: PiiCipher;
  /** Uploaded files (case attachments); app.ts always passes one. */
  files?: FileStore;
}

/** What a service function needs from the request: the handle, who acts, and the personal-data cipher. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  who: AuditActor;
  pii: PiiCipher;
}

/** Builds the context for a route whose access is not public (so an actor is present). */
export function serviceContext(request: FastifyRequest, options: ModuleOptions): ServiceContext {
  return {
    db: options.database.db,
    actor: requireActor(request),
    who: auditActorOf(request),
    pii: options.pii,
  };
}
