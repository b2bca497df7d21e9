import type { TestProject } from 'vitest/node';
import { postgresReachable, testDatabaseUrl } from './postgres-target.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

/** Decides once per run whether the DB tests also run on PostgreSQL, and says so when they do not. */
export default async function setup(project: TestProject): Promise<void> {
  const url = testDatabaseUrl();
  const problem = await postgresReachable(url);
  if (problem === null) {
    project.provide('postgresUrl', url);
    return;
  }
  if (process.env.CI === 'true' || process.env.REQUIRE_POSTGRES === 'true') {
    throw new Error(`PostgreSQL is required here but unreachable at ${url}: ${problem}`);
  }
  console.log(
    `PostgreSQL unreachable at ${url} (${problem}): DB tests run on PGlite only, the PostgreSQL runs are skipped.`,
  );
  project.provide('postgresUrl', null);
}
