// The demo city's map shapes. No real boundaries are available offline, so they are generated: a
// convex outline of 平湖市 of the real extent and area, split into its towns by Voronoi cells of seed
// points clipped to the outline, each town into its communities and each community into its grids the
// same way. Clipping a convex polygon by half-planes keeps every cell convex and inside its parent, and
// siblings' cells tile the parent without overlap. Pure: the same area rows give the same shapes (each
// area's seeds come from a PRNG seeded by the area's stable id), which pinghu-2020.geo.json ships.
import { stableId } from './ids.ts';
import { createRng, type Rng } from './random.ts';

/** A point in the local plane, in km east and north of the city's centre. */
export type Point = readonly [x: number, y: number];
/** A convex polygon, counter-clockwise, without the closing point. */
export type Polygon = Point[];

/** The extent the outline stays within (degrees) and the city's area (km²). */
export const CITY_BOUNDS = { west: 120.93, east: 121.27, south: 30.58, north: 30.83 } as const;
export const CITY_AREA_KM2 = 537;
/** Coordinates are written with 5 decimals (about a metre). */
export const DECIMALS = 5;

const LON0 = (CITY_BOUNDS.west + CITY_BOUNDS.east) / 2;
const LAT0 = (CITY_BOUNDS.south + CITY_BOUNDS.north) / 2;
// Length of a degree at 30.7° N; an equirectangular plane is exact enough over 30 km.
const KM_PER_DEG_LON = 95.8;
const KM_PER_DEG_LAT = 110.86;

export const toLonLat = ([x, y]: Point): [number, number] => [
  round(LON0 + x / KM_PER_DEG_LON),
  round(LAT0 + y / KM_PER_DEG_LAT),
];
export const fromLonLat = ([lon, lat]: readonly [number, number]): Point => [
  (lon - LON0) * KM_PER_DEG_LON,
  (lat - LAT0) * KM_PER_DEG_LAT,
];
const round = (v: number): number => Number(v.toFixed(DECIMALS));

// ── plane geometry ──────────────────────────────────────────────────────────

/** Signed area (km²): positive for a counter-clockwise polygon. */
export function signedArea(poly: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i] as Point;
    const [x2, y2] = poly[(i + 1) % poly.length] as Point;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function centroid(poly: readonly Point[]): Point {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x1, y1] = poly[i] as Point;
    const [x2, y2] = poly[(i + 1) % poly.length] as Point;
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** The part of a convex polygon where a·p ≤ b (Sutherland–Hodgman against one line). */
export function clipHalfPlane(poly: readonly Point[], a: Point, b: number): Polygon {
  const out: Polygon = [];
  const side = (p: Point) => a[0] * p[0] + a[1] * p[1] - b;
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i] as Point;
    const prev = poly[(i + poly.length - 1) % poly.length] as Point;
    const dc = side(cur);
    const dp = side(prev);
    const cross = (): Point => {
      const t = dp / (dp - dc);
      return [prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])];
    };
    if (dc <= 0) {
      if (dp > 0) out.push(cross());
      out.push(cur);
    } else if (dp <= 0) out.push(cross());
  }
  return out;
}

/** The intersection of two convex counter-clockwise polygons (empty when they only touch). */
export function intersectConvex(subject: readonly Point[], clip: readonly Point[]): Polygon {
  let out: Polygon = [...subject];
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const v = clip[i] as Point;
    const w = clip[(i + 1) % clip.length] as Point;
    const a: Point = [w[1] - v[1], v[0] - w[0]];
    out = clipHalfPlane(out, a, a[0] * v[0] + a[1] * v[1]);
  }
  return out;
}

/** Whether p lies inside a convex counter-clockwise polygon, allowing `tolerance` km outside. */
export function containsPoint(poly: readonly Point[], p: Point, tolerance = 0): boolean {
  for (let i = 0; i < poly.length; i++) {
    const v = poly[i] as Point;
    const w = poly[(i + 1) % poly.length] as Point;
    const len = Math.hypot(w[0] - v[0], w[1] - v[1]);
    if (len === 0) continue;
    const cross = (w[0] - v[0]) * (p[1] - v[1]) - (w[1] - v[1]) * (p[0] - v[0]);
    if (cross / len < -tolerance) return false;
  }
  return true;
}

/** Andrew's monotone chain: the convex hull, counter-clockwise. */
export function convexHull(points: readonly Point[]): Polygon {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (pts: Point[]) => {
    const h: Point[] = [];
    for (const p of pts) {
      while (h.length >= 2 && cross(h[h.length - 2] as Point, h[h.length - 1] as Point, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/**
 * Splits a convex polygon into `count` convex cells: the Voronoi cells of seeds spread inside it
 * (best of 12 random candidates, then two Lloyd steps so that cells are of similar size).
 */
export function splitConvex(parent: readonly Point[], count: number, rng: Rng): Polygon[] {
  if (count === 1) return [[...parent]];
  const xs = parent.map((p) => p[0]);
  const ys = parent.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const inside = (): Point => {
    for (;;) {
      const p: Point = [minX + rng.next() * (maxX - minX), minY + rng.next() * (maxY - minY)];
      if (containsPoint(parent, p)) return p;
    }
  };
  let seeds: Point[] = [];
  for (let i = 0; i < count; i++) {
    let best = inside();
    let bestDistance = -1;
    for (let k = 0; k < 12; k++) {
      const candidate = k === 0 ? best : inside();
      const d = Math.min(
        Infinity,
        ...seeds.map((s) => Math.hypot(s[0] - candidate[0], s[1] - candidate[1])),
        ...parent.map((v) => 0.5 * Math.hypot(v[0] - candidate[0], v[1] - candidate[1])),
      );
      if (d > bestDistance) [best, bestDistance] = [candidate, d];
    }
    seeds.push(best);
  }
  const cells = (points: readonly Point[]): Polygon[] =>
    points.map((s, i) => {
      let cell: Polygon = [...parent];
      points.forEach((t, j) => {
        if (j === i) return;
        // Closer to s than to t: (t − s)·p ≤ (|t|² − |s|²) / 2.
        const a: Point = [t[0] - s[0], t[1] - s[1]];
        cell = clipHalfPlane(cell, a, (t[0] ** 2 + t[1] ** 2 - s[0] ** 2 - s[1] ** 2) / 2);
      });
      return cell;
    });
  for (let step = 0; step < 2; step++) seeds = cells(seeds).map((c) => centroid(c));
  return cells(seeds);
}

/** The outline of 平湖市: 12 jittered points on an ellipse, their hull, scaled to the city's area. */
export function cityOutline(rng: Rng): Polygon {
  const rx = ((CITY_BOUNDS.east - CITY_BOUNDS.west) / 2) * KM_PER_DEG_LON;
  const ry = ((CITY_BOUNDS.north - CITY_BOUNDS.south) / 2) * KM_PER_DEG_LAT;
  const points: Point[] = [];
  for (let k = 0; k < 12; k++) {
    const angle = (2 * Math.PI * (k + (rng.next() - 0.5) * 0.5)) / 12;
    const r = 0.8 + 0.2 * rng.next();
    points.push([rx * r * Math.cos(angle), ry * r * Math.sin(angle)]);
  }
  const hull = convexHull(points);
  const scale = Math.sqrt(CITY_AREA_KM2 / signedArea(hull));
  return hull.map(([x, y]) => [x * scale, y * scale] as Point);
}

// ── the area tree's shapes ──────────────────────────────────────────────────

export interface ShapeArea {
  path: string;
  code: string;
  name: string;
  level: string;
}

export interface AreaShapeFeature {
  type: 'Feature';
  /** The area's path: the key the dashboard joins on. */
  id: string;
  properties: { path: string; code: string; name: string; level: string };
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
}

export interface AreaShapeCollection {
  type: 'FeatureCollection';
  name: string;
  features: AreaShapeFeature[];
}

/** The levels that get a shape: places are points on the map, not areas. */
export const SHAPED_LEVELS: ReadonlySet<string> = new Set(['city', 'town', 'community', 'grid']);

/** A PRNG of its own per area, so one area's shapes do not depend on the order others are built in. */
const rngFor = (path: string): Rng => createRng(Number.parseInt(stableId(`geo:${path}`).slice(0, 8), 16));

/** Rounded to 5 decimals, consecutive duplicates dropped; back in the plane for the children's split. */
function rounded(poly: readonly Point[]): { lonLat: [number, number][]; plane: Polygon } {
  const lonLat: [number, number][] = [];
  for (const p of poly) {
    const q = toLonLat(p);
    const last = lonLat.at(-1);
    if (!last || last[0] !== q[0] || last[1] !== q[1]) lonLat.push(q);
  }
  const first = lonLat[0];
  const last = lonLat.at(-1);
  if (lonLat.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) lonLat.pop();
  return { lonLat, plane: lonLat.map(fromLonLat) };
}

/**
 * The shapes of the city, its towns, communities and grids as a GeoJSON FeatureCollection (WGS-84
 * lon/lat, exterior rings counter-clockwise and closed, as RFC 7946 asks), in the rows' order.
 */
export function buildAreaShapes(rows: readonly ShapeArea[], name = 'pinghu-2020'): AreaShapeCollection {
  const shaped = rows.filter((r) => SHAPED_LEVELS.has(r.level));
  const children = new Map<string, ShapeArea[]>();
  let root: ShapeArea | undefined;
  for (const row of shaped) {
    const cut = row.path.lastIndexOf('.');
    if (cut < 0) {
      root = row;
      continue;
    }
    const parent = row.path.slice(0, cut);
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  if (!root) throw new Error('no city row to shape');
  const shapes = new Map<string, [number, number][]>();
  const place = (area: ShapeArea, poly: readonly Point[]) => {
    const { lonLat, plane } = rounded(poly);
    if (lonLat.length < 3) throw new Error(`shape of ${area.path} degenerated`);
    shapes.set(area.path, lonLat);
    const kids = children.get(area.path) ?? [];
    if (kids.length === 0) return;
    const cells = splitConvex(plane, kids.length, rngFor(area.path));
    kids.forEach((kid, i) => place(kid, cells[i] as Polygon));
  };
  place(root, cityOutline(rngFor(root.path)));
  return {
    type: 'FeatureCollection',
    name,
    features: shaped.map((area) => {
      const ring = shapes.get(area.path);
      if (!ring) throw new Error(`no shape for ${area.path}`);
      return {
        type: 'Feature',
        id: area.path,
        properties: { path: area.path, code: area.code, name: area.name, level: area.level },
        geometry: { type: 'Polygon', coordinates: [[...ring, ring[0] as [number, number]]] },
      };
    }),
  };
}

/** A feature's ring in the plane (km), without the closing point: for checks and measurements. */
export const featurePolygon = (feature: AreaShapeFeature): Polygon =>
  (feature.geometry.coordinates[0] ?? []).slice(0, -1).map(fromLonLat);
