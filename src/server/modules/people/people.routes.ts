import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../../core/db/client.ts';
import type { PiiCipher } from '../../core/crypto/pii.ts';

export interface PeopleRouteOptions {
  database: Database;
  pii: PiiCipher;
}

// Routes of this registry are added as the registries issue lands.
export const peopleRoutes: FastifyPluginAsync<PeopleRouteOptions> = async () => {};
