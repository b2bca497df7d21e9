import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.ts';
import { findJob, insertJob } from './imports.repo.ts';
import { failInterruptedImports } from './imports.service.ts';

describeEachDatabase('imports interrupted by a restart', (database) => {
  it('marks an applying job failed on the embedded database only, with a reason for the user', async () => {
    const job = await insertJob(database().db, {
      registry: 'people',
      status: 'applying',
      fileName: 'a.xlsx',
    });
    const done = await insertJob(database().db, {
      registry: 'people',
      status: 'succeeded',
      fileName: 'b.xlsx',
    });
    const count = await failInterruptedImports(database());
    const after = await findJob(database().db, job.id);
    if (database().kind === 'pglite') {
      expect(count).toBe(1);
      expect(after?.status).toBe('failed');
      expect(JSON.stringify(after?.errors)).toContain('interrupted by a restart');
    } else {
      // Another instance may be running it: left alone.
      expect(count).toBe(0);
      expect(after?.status).toBe('applying');
    }
    expect((await findJob(database().db, done.id))?.status).toBe('succeeded');
  });
});
