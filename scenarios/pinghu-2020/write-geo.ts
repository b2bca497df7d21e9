// Writes pinghu-2020.geo.json, the demo's map shapes, from the generator (geo.ts):
//   npx tsx scenarios/pinghu-2020/write-geo.ts
// geo.test.ts fails when the committed file and the generator disagree.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { buildAreaShapes } from './geo.ts';
import { GEO_JSON_URL } from './geo.load.ts';
import { buildAreaRows } from './load.ts';

const file = fileURLToPath(GEO_JSON_URL);
const collection = buildAreaShapes(buildAreaRows());
// Formatted as `npm run format` would, so the format check leaves the file alone.
const text = await format(JSON.stringify(collection), { ...(await resolveConfig(file)), filepath: file });
writeFileSync(file, text);
console.log(`${file}: ${collection.features.length} shapes, ${text.length} characters`);
