import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstStart } from '../../src/server/bootstrap.ts';
import { openPglite, type Database } from '../../src/server/core/db/client.ts';
import { runMigrations } from '../../src/server/core/db/migrations.ts';
import { testPiiCipher } from '../../src/server/core/crypto/pii.ts';
import { isValidResidentId } from '../../src/shared/identifiers.ts';
import { AlreadyGeneratedError, generateCity } from './city.ts';

// PGlite only: the generator's SQL is plain multi-row INSERTs, and the demo suites cover PostgreSQL.
describe('scale generator', () => {
  const pii = testPiiCipher();
  let database: Database;
  beforeAll(async () => {
    database = await openPglite(undefined);
    await runMigrations(database);
    await firstStart(database.db, {
      loadDemo: true,
      adminPassword: 'x'.repeat(12),
      demoPassword: 'y'.repeat(12),
      pii,
    });
  }, 120_000);
  afterAll(async () => {
    await database.close();
  });

  const count = async (query: string) => {
    const result = await database.db.execute(sql.raw(query));
    return Number((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n);
  };

  it('adds the asked number of residents beside the demo, with valid unique identity numbers, and reports progress', async () => {
    const before = await count('select count(*)::int n from people');
    const progress: number[] = [];
    const result = await generateCity(database.db, {
      residents: 2500,
      seed: 7,
      pii,
      progressEvery: 1000,
      onProgress: (done) => progress.push(done),
    });
    expect(result.people).toBe(2500);
    // Reported after the household that crosses each thousand, so up to 4 people past it.
    expect(progress).toHaveLength(2);
    progress.forEach((done, i) => expect(done - (i + 1) * 1000).toBeLessThan(5));
    expect(await count('select count(*)::int n from people')).toBe(before + 2500);
    expect(await count('select count(distinct id_number_hash)::int n from people')).toBe(before + 2500);
    expect(
      await count(
        `select count(*)::int n from households where id not in (select household_id from people where household_id is not null)`,
      ),
    ).toBe(0);
    const sample = await database.db.execute(
      sql.raw('select id_number_enc from people order by id limit 200'),
    );
    for (const row of (sample as unknown as { rows: Array<{ id_number_enc: string }> }).rows)
      expect(isValidResidentId(pii.decrypt(row.id_number_enc))).toBe(true);
  }, 60_000);

  it('refuses to generate the same seed twice into one database', async () => {
    await expect(generateCity(database.db, { residents: 10, seed: 7, pii })).rejects.toBeInstanceOf(
      AlreadyGeneratedError,
    );
  });
});
