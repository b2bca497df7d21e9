// Puts the shapes shipped with the demo (pinghu-2020.geo.json) into area_shapes at demo load.
import { readFileSync } from 'node:fs';
import type { Db } from '../../src/server/core/db/client.ts';
import { areaShapes } from '../../src/server/modules/dashboard/dashboard.tables.ts';
import type { AreaShapeCollection } from './geo.ts';
import { stableId } from './ids.ts';
import { insertInBatches } from './random.ts';

export const GEO_JSON_URL = new URL('./pinghu-2020.geo.json', import.meta.url);

/** The shipped FeatureCollection (read once; a few hundred small polygons). */
export function readDemoShapes(): AreaShapeCollection {
  return JSON.parse(readFileSync(GEO_JSON_URL, 'utf8')) as AreaShapeCollection;
}

/**
 * One area_shapes row per shaped area, keyed by the area's id (stableId of its path, as load.ts
 * builds it); the shapes of areas the demo does not have are skipped. Returns the rows written.
 */
export async function loadDemoShapes(db: Db, areaIds: ReadonlySet<string>): Promise<number> {
  const rows = readDemoShapes()
    .features.map((f) => ({ areaId: stableId(f.properties.path), geometry: f.geometry }))
    .filter((r) => areaIds.has(r.areaId));
  await insertInBatches(db, areaShapes, rows, 200);
  return rows.length;
}
