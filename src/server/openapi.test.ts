import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, openApiText } from './cli/openapi.ts';

interface Operation {
  summary?: string;
  tags?: string[];
}

describe('docs/openapi.json', () => {
  it('matches the routes', async () => {
    const generated = await openApiText();
    const committed = fs.existsSync(OPENAPI_FILE) ? fs.readFileSync(OPENAPI_FILE, 'utf8') : '';
    expect(generated === committed, 'docs/openapi.json is stale: run npm run openapi').toBe(true);
  });

  it('gives every /api operation a summary and a tag', () => {
    const doc = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([url, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${url}`, op })),
    );
    expect(operations.filter((o) => o.name.includes(' /api/')).length).toBeGreaterThan(10);
    expect(
      operations.filter((o) => o.name.includes(' /api/') && !o.op.summary?.trim()).map((o) => o.name),
    ).toEqual([]);
    expect(operations.filter((o) => !o.op.tags?.length).map((o) => o.name)).toEqual([]);
  });
});
