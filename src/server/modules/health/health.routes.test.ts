import { testPiiCipher } from '../../core/crypto/pii.ts';
import { beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { readJournal } from '../../core/db/migrations.ts';
import { describeEachDatabase } from '../../testing/test-database.ts';

describeEachDatabase('health route', (database) => {
  let app: App;
  const startedAt = new Date(Date.now() - 90_000);
  beforeAll(async () => {
    app = await buildApp({ database: database(), pii: testPiiCipher(), startedAt });
  });

  it('answers anyone with the database kind, schema version and uptime', async () => {
    const journal = readJournal();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      database: {
        kind: database().kind,
        schemaVersion: journal.length,
        migration: journal.at(-1)?.tag,
      },
      uptimeSeconds: expect.any(Number),
      startedAt: startedAt.toISOString(),
    });
    expect(res.json().uptimeSeconds).toBeGreaterThanOrEqual(90);
    expect(res.json().uptimeSeconds).toBeLessThan(200);
  });
});
