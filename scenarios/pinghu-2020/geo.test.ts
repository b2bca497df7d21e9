import { describe, expect, it } from 'vitest';
import {
  buildAreaShapes,
  CITY_AREA_KM2,
  CITY_BOUNDS,
  containsPoint,
  featurePolygon,
  intersectConvex,
  signedArea,
  splitConvex,
  type AreaShapeFeature,
  type Polygon,
} from './geo.ts';
import { readDemoShapes } from './geo.load.ts';
import { buildAreaRows } from './load.ts';
import { createRng } from './random.ts';

// Rounding to 5 decimals moves a vertex by at most ~0.7 m; allow a little more.
const TOLERANCE_KM = 0.002;

const collection = buildAreaShapes(buildAreaRows());
const byPath = new Map(collection.features.map((f) => [f.id, f]));
const parentOf = (f: AreaShapeFeature) => byPath.get(f.id.slice(0, f.id.lastIndexOf('.')));
const childrenOf = (f: AreaShapeFeature) => collection.features.filter((c) => parentOf(c) === f);

describe('splitConvex', () => {
  const square: Polygon = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ];

  it('tiles a convex polygon with convex cells inside it', () => {
    const cells = splitConvex(square, 7, createRng(1));
    expect(cells).toHaveLength(7);
    const total = cells.reduce((s, c) => s + signedArea(c), 0);
    expect(total).toBeCloseTo(100, 9);
    for (const c of cells) {
      expect(signedArea(c)).toBeGreaterThan(0);
      expect(c.every((p) => containsPoint(square, p, 1e-9))).toBe(true);
    }
    for (let i = 0; i < cells.length; i++)
      for (let j = i + 1; j < cells.length; j++)
        expect(Math.abs(signedArea(intersectConvex(cells[i] as Polygon, cells[j] as Polygon)))).toBeLessThan(
          1e-9,
        );
  });

  it('gives one child the parent itself', () => {
    expect(splitConvex(square, 1, createRng(1))).toEqual([square]);
  });
});

describe('pinghu-2020 map shapes', () => {
  it('shape the city, its 8 towns, every community and the 235 grids', () => {
    const levels = new Map<string, number>();
    for (const f of collection.features)
      levels.set(f.properties.level, (levels.get(f.properties.level) ?? 0) + 1);
    expect(Object.fromEntries(levels)).toMatchObject({ city: 1, town: 8, grid: 235 });
    const communities = buildAreaRows().filter((r) => r.level === 'community').length;
    expect(levels.get('community')).toBe(communities);
  });

  it('draw the city within its real extent at about its real area (537 km²)', () => {
    const city = collection.features.find((f) => f.properties.level === 'city') as AreaShapeFeature;
    const ring = city.geometry.coordinates[0] ?? [];
    expect(ring.length - 1).toBeGreaterThanOrEqual(8);
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThanOrEqual(CITY_BOUNDS.west);
      expect(lon).toBeLessThanOrEqual(CITY_BOUNDS.east);
      expect(lat).toBeGreaterThanOrEqual(CITY_BOUNDS.south);
      expect(lat).toBeLessThanOrEqual(CITY_BOUNDS.north);
    }
    expect(Math.abs(signedArea(featurePolygon(city)) - CITY_AREA_KM2)).toBeLessThan(0.5);
  });

  it('write closed counter-clockwise rings with at most 5 decimals', () => {
    for (const f of collection.features) {
      const ring = f.geometry.coordinates[0] ?? [];
      expect(ring[0]).toEqual(ring.at(-1));
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(signedArea(featurePolygon(f))).toBeGreaterThan(0);
      for (const [lon, lat] of ring) {
        expect(Number(lon.toFixed(5))).toBe(lon);
        expect(Number(lat.toFixed(5))).toBe(lat);
      }
    }
  });

  it('put every child inside its parent, the children covering the parent without overlap', () => {
    let parents = 0;
    for (const parent of collection.features) {
      const kids = childrenOf(parent);
      if (kids.length === 0) continue;
      parents++;
      const outline = featurePolygon(parent);
      const polys = kids.map(featurePolygon);
      for (const [i, poly] of polys.entries())
        expect(
          poly.every((p) => containsPoint(outline, p, TOLERANCE_KM)),
          kids[i]?.id,
        ).toBe(true);
      const area = signedArea(outline);
      const covered = polys.reduce((s, p) => s + signedArea(p), 0);
      // Rounding shifts shared edges by up to a metre: a few hundred m² on a small community.
      expect(Math.abs(covered - area) / area, parent.id).toBeLessThan(1e-3);
      for (let i = 0; i < polys.length; i++)
        for (let j = i + 1; j < polys.length; j++) {
          const overlap = Math.abs(signedArea(intersectConvex(polys[i] as Polygon, polys[j] as Polygon)));
          expect(overlap, `${kids[i]?.id} × ${kids[j]?.id}`).toBeLessThan(1e-3);
        }
    }
    expect(parents).toBeGreaterThan(60);
  });

  it('are the same on every build', () => {
    expect(buildAreaShapes(buildAreaRows())).toEqual(collection);
  });

  it('are what the shipped pinghu-2020.geo.json holds (regenerate: npx tsx scenarios/pinghu-2020/write-geo.ts)', () => {
    expect(readDemoShapes()).toEqual(collection);
  });
});
