import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import type { MetricKey } from '../../../shared/dashboard.ts';
import { subtreeBounds, type CellSum } from './dashboard.rules.ts';

// Every figure is read from dashboard_cells, never from records or cases: a subtree is a byte range
// on (metric, area_path text_pattern_ops, day), so a town's figures scan its few thousand cells.

type Rows<T> = { rows: T[] };

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

/** A text[] literal; metric keys and dimension values are plain identifiers, never user text. */
const textArray = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;

/** The cell's area path lies in the subtree of rootPath; true for null (everywhere). */
function inSubtree(rootPath: string | null): SQL {
  if (rootPath === null) return sql`true`;
  const { lo, hi } = subtreeBounds(rootPath);
  return sql`(c.area_path ~>=~ ${lo} and c.area_path ~<~ ${hi})`;
}

/** How the cells are grouped besides metric and day. */
export type CellGrouping = { by: 'none' } | { by: 'child'; depth: number } | { by: 'dim' };

function keyOf(grouping: CellGrouping): SQL {
  switch (grouping.by) {
    case 'none':
      return sql`''`;
    case 'dim':
      return sql`c.dim`;
    case 'child':
      // The cell's path cut to the child depth (a shorter path — a cell on the root itself — whole).
      return sql`array_to_string((string_to_array(c.area_path, '.'))[1:${grouping.depth + 1}::int], '.')`;
  }
}

export interface CellSumsInput {
  /** Flow and gauge metrics: their cells in [from, to], per day. */
  daily: readonly MetricKey[];
  /** Stock metrics: per day in [from, to], plus every change before `from` summed (day null). */
  stocks: readonly MetricKey[];
  /** Gauge metrics: when none falls in [from, to], the latest day before `from` is read too. */
  gauges: readonly MetricKey[];
  /** Median metrics: the union of their samples, per day in [from, to]. */
  medians: readonly MetricKey[];
  rootPath: string | null;
  from: string;
  to: string;
  dim?: string;
  grouping: CellGrouping;
}

/**
 * The per-day sums of the metrics' cells under an area, grouped: one statement (a union of up to four
 * index range scans), whatever the number of metrics.
 */
export async function cellSums(db: Db, input: CellSumsInput): Promise<CellSum[]> {
  const key = keyOf(input.grouping);
  const where = (metrics: readonly string[]): SQL =>
    sql`c.metric = any(${textArray(metrics)}::text[]) and ${inSubtree(input.rootPath)}${
      input.dim === undefined ? sql`` : sql` and c.dim = ${input.dim}`
    }`;
  const from = sql`${input.from}::date`;
  const to = sql`${input.to}::date`;
  const parts: SQL[] = [];
  const windowed = [...input.daily, ...input.stocks];
  if (windowed.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, c.day::text as day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from dashboard_cells c
                    where ${where(windowed)} and c.day between ${from} and ${to}
                    group by 1, 2, 3`);
  }
  if (input.stocks.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, null::text as day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from dashboard_cells c
                    where ${where(input.stocks)} and c.day < ${from}
                    group by 1, 2`);
  }
  if (input.gauges.length > 0) {
    // A gauge only has the days it was measured on: the latest one before the window stands in
    // when the window has none (read by the caller only then).
    parts.push(sql`select c.metric, ${key} as key, c.day::text as day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from dashboard_cells c
                     join (select g.metric,
                                  (select max(c.day) from dashboard_cells c
                                    where c.metric = g.metric and ${inSubtree(input.rootPath)}
                                      and c.day < ${from}) as day
                             from unnest(${textArray(input.gauges)}::text[]) g(metric)) l
                       on l.metric = c.metric and l.day = c.day
                    where ${where(input.gauges)}
                    group by 1, 2, 3`);
  }
  if (input.medians.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, c.day::text as day, count(s.v)::float8 as value,
                          array_agg(s.v) as samples
                     from dashboard_cells c
                    cross join lateral unnest(coalesce(c.samples, '{}'::float8[])) s(v)
                    where ${where(input.medians)} and c.day between ${from} and ${to}
                    group by 1, 2, 3`);
  }
  if (parts.length === 0) return [];
  const found = await rows<{
    metric: MetricKey;
    key: string;
    day: string | null;
    value: number | string;
    samples: (number | string)[] | null;
  }>(db, sql.join(parts, sql` union all `));
  return found.map((r) => ({
    metric: r.metric,
    key: r.key,
    day: r.day,
    value: Number(r.value),
    samples: r.samples ? r.samples.map(Number) : null,
  }));
}

/**
 * The latest day on or before `onOrBefore` with a cell of any of the metrics under the area: one
 * backward walk of (metric, day) per metric, stopping at the first cell in the subtree.
 */
export async function latestCellDay(
  db: Db,
  metrics: readonly MetricKey[],
  rootPath: string | null,
  onOrBefore: string,
): Promise<string | null> {
  if (metrics.length === 0) return null;
  const [row] = await rows<{ day: string | null }>(
    db,
    sql`select max(l.day)::text as day
          from unnest(${textArray(metrics)}::text[]) m(metric)
          cross join lateral (select c.day from dashboard_cells c
                               where c.metric = m.metric and c.day <= ${onOrBefore}::date
                                 and ${inSubtree(rootPath)}
                               order by c.day desc limit 1) l`,
  );
  return row?.day ?? null;
}
