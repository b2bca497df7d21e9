import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import type { DashboardSummaryDto, MetricKey } from '../../../shared/dashboard.ts';
import { readsTotals, subtreeBounds, type CellSum } from './dashboard.rules.ts';

// Every figure is read from the rollups, never from records or cases: a subtree is a byte range on
// (metric, area_path text_pattern_ops, day), so a community's figures scan its few hundred cells; a
// city's or town's come from dashboard_totals, one row per metric, day and dimension.

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

/** A city- or town-depth total row, at depth 0 when the root is null (every city). */
const atRoot = (rootPath: string | null): SQL =>
  rootPath === null ? sql`strpos(c.area_path, '.') = 0` : sql`c.area_path = ${rootPath}`;

/**
 * Where a city or town figure is read from dashboard_totals: the root's own rows; by child (towns),
 * the towns' rows plus the cells on the city itself, which no town holds (keyed by the city's path,
 * as from the cells). The cells on the roots are found through areas: a root's path is an area's.
 */
function totalsSource(rootPath: string | null, grouping: CellGrouping): { relation: SQL; inArea: SQL } {
  if (grouping.by !== 'child') return { relation: sql`dashboard_totals`, inArea: atRoot(rootPath) };
  const towns =
    rootPath === null
      ? sql`strpos(t.area_path, '.') > 0`
      : sql`left(t.area_path, ${rootPath.length + 1}) = ${`${rootPath}.`}`;
  const own =
    rootPath === null
      ? sql`x.area_path in (select a.path from areas a where a.parent_id is null)`
      : sql`x.area_path = ${rootPath}`;
  return {
    relation: sql`(select t.metric, t.area_path, t.day, t.dim, t.value, t.samples from dashboard_totals t
                    where ${towns}
                   union all
                   select x.metric, x.area_path, x.day, x.dim, x.value, x.samples from dashboard_cells x
                    where ${own})`,
    inArea: sql`true`,
  };
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
  /**
   * 'totals' reads dashboard_totals (a city's or town's subtree pre-summed) instead of the cells: the
   * root must then be a city or town (or null, every city), and a child grouping at most depth 1.
   */
  source?: 'cells' | 'totals';
  /**
   * Every metric that has cells (the catalogue's non-ratio keys). A city-wide read of most of them
   * filters out the few others instead: the scan reads every cell anyway, and testing each row
   * against a long list of keys cost a third of the statement.
   */
  stored?: readonly MetricKey[];
}

/**
 * The per-day sums of the metrics' cells under an area, grouped: one statement (a union of up to four
 * index range scans), whatever the number of metrics.
 */
export async function cellSums(db: Db, input: CellSumsInput): Promise<CellSum[]> {
  const key = keyOf(input.grouping);
  const { relation, inArea } =
    input.source === 'totals'
      ? totalsSource(input.rootPath, input.grouping)
      : { relation: sql`dashboard_cells`, inArea: inSubtree(input.rootPath) };
  const filters = (): SQL =>
    sql`${inArea}${input.dim === undefined ? sql`` : sql` and c.dim = ${input.dim}`}`;
  const where = (metrics: readonly string[]): SQL =>
    sql`c.metric = any(${textArray(metrics)}::text[]) and ${filters()}`;
  const cityWide = input.source !== 'totals' && (input.rootPath === null || !input.rootPath.includes('.'));
  const whereWindowed = (metrics: readonly MetricKey[]): SQL => {
    const others = (input.stored ?? []).filter((k) => !metrics.includes(k));
    if (!cityWide || !input.stored || others.length >= metrics.length) return where(metrics);
    return others.length === 0
      ? filters()
      : sql`not (c.metric = any(${textArray(others)}::text[])) and ${filters()}`;
  };
  // Grouping by the constant key of an ungrouped read would hash it for every cell.
  const groupBy = input.grouping.by === 'none' ? sql`1, 3` : sql`1, 2, 3`;
  const from = sql`${input.from}::date`;
  const to = sql`${input.to}::date`;
  const parts: SQL[] = [];
  const windowed = [...input.daily, ...input.stocks];
  if (windowed.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, c.day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from ${relation} c
                    where ${whereWindowed(windowed)} and c.day between ${from} and ${to}
                    group by ${groupBy}`);
  }
  if (input.stocks.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, null::date as day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from ${relation} c
                    where ${where(input.stocks)} and c.day < ${from}
                    group by ${input.grouping.by === 'none' ? sql`1` : sql`1, 2`}`);
  }
  if (input.gauges.length > 0) {
    // A gauge only has the days it was measured on: the latest one before the window stands in
    // when the window has none (read by the caller only then).
    parts.push(sql`select c.metric, ${key} as key, c.day, sum(c.value)::float8 as value,
                          null::float8[] as samples
                     from ${relation} c
                     join (select g.metric,
                                  (select max(c.day) from ${relation} c
                                    where c.metric = g.metric and ${inArea}
                                      and c.day < ${from}) as day
                             from unnest(${textArray(input.gauges)}::text[]) g(metric)) l
                       on l.metric = c.metric and l.day = c.day
                    where ${where(input.gauges)}
                    group by ${groupBy}`);
  }
  if (input.medians.length > 0) {
    parts.push(sql`select c.metric, ${key} as key, c.day, count(s.v)::float8 as value,
                          array_agg(s.v) as samples
                     from ${relation} c
                    cross join lateral unnest(coalesce(c.samples, '{}'::float8[])) s(v)
                    where ${where(input.medians)} and c.day between ${from} and ${to}
                    group by ${groupBy}`);
  }
  if (parts.length === 0) return [];
  const found = await rows<{
    metric: MetricKey;
    key: string;
    day: string | null;
    value: number | string;
    samples: (number | string)[] | null;
  }>(
    db,
    // Days leave as text once grouped (formatting a date per cell cost more than the sums).
    sql`select u.metric, u.key, u.day::text as day, u.value, u.samples
          from (${sql.join(parts, sql` union all `)}) u`,
  );
  return found.map((r) => ({
    metric: r.metric,
    key: r.key,
    day: r.day,
    value: Number(r.value),
    samples: r.samples ? r.samples.map(Number) : null,
  }));
}

/**
 * When the cells of the range's last week under the area were last refreshed (ISO). A late
 * correction to an older day is not seen here: reading every cell's time doubled the summary's cost.
 */
export async function latestRefresh(
  db: Db,
  metrics: readonly MetricKey[],
  rootPath: string | null,
  to: string,
): Promise<string | null> {
  const [row] = await rows<{ at: Date | string | null }>(
    db,
    // A city's or town's totals carry their cells' latest refresh time.
    readsTotals(rootPath)
      ? sql`select max(c.refreshed_at) as at from dashboard_totals c
             where c.metric = any(${textArray(metrics)}::text[]) and ${atRoot(rootPath)}
               and c.day between ${to}::date - 6 and ${to}::date`
      : sql`select max(c.refreshed_at) as at from dashboard_cells c
         where c.metric = any(${textArray(metrics)}::text[]) and ${inSubtree(rootPath)}
           and c.day between ${to}::date - 6 and ${to}::date`,
  );
  return row?.at ? new Date(row.at).toISOString() : null;
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

// ── areas ────────────────────────────────────────────────────────────────────

export interface AreaRefRow {
  id: string;
  name: string;
  path: string;
  level: string;
  depth: number;
}

export interface AskedArea extends AreaRefRow {
  /**
   * The top of the only tree in the database: every cell and registry row lies under it, so its
   * figures need no path condition (testing 250,000 cells' paths cost more than summing them).
   */
  soleRoot: boolean;
}

const AREA_COLUMNS = sql`a.id, a.name, a.path, a.level, a.depth`;
const ASKED_COLUMNS = sql`${AREA_COLUMNS},
  (a.parent_id is null and not exists (select 1 from areas o where o.parent_id is null and o.id <> a.id)) as "soleRoot"`;

/** The top of the tree (the city) for an actor who sees everywhere. */
export async function rootArea(db: Db): Promise<AskedArea | undefined> {
  const [row] = await rows<AskedArea>(
    db,
    sql`select ${ASKED_COLUMNS} from areas a where a.parent_id is null
         order by a.active desc, a.sort_order, a.code limit 1`,
  );
  return row;
}

export async function areaById(db: Db, id: string): Promise<AskedArea | undefined> {
  const [row] = await rows<AskedArea>(db, sql`select ${ASKED_COLUMNS} from areas a where a.id = ${id}`);
  return row;
}

export async function areaByPath(db: Db, path: string): Promise<AskedArea | undefined> {
  const [row] = await rows<AskedArea>(db, sql`select ${ASKED_COLUMNS} from areas a where a.path = ${path}`);
  return row;
}

/** The areas at the given paths (an area's ancestors), root first. */
export async function areasByPaths(db: Db, paths: readonly string[]): Promise<AreaRefRow[]> {
  if (paths.length === 0) return [];
  return rows<AreaRefRow>(
    db,
    sql`select ${AREA_COLUMNS} from areas a where a.path = any(${textArray(paths)}::text[]) order by a.depth`,
  );
}

/**
 * The active children an area's figures break down into, in the tree's order: towns, communities,
 * grids, and places hung directly off a town or community (they hold cells of their own); a grid's
 * places roll into the grid, so a grid has none.
 */
export async function childAreas(db: Db, parentId: string, maxDepth: number): Promise<AreaRefRow[]> {
  return rows<AreaRefRow>(
    db,
    sql`select ${AREA_COLUMNS} from areas a
         where a.parent_id = ${parentId} and a.active and a.depth <= ${maxDepth}
         order by a.sort_order, a.code`,
  );
}

export interface ShapeRow extends AreaRefRow {
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}

/** The shipped map shapes of an area's active children. */
export async function childShapes(db: Db, parentId: string): Promise<ShapeRow[]> {
  return rows<ShapeRow>(
    db,
    sql`select ${AREA_COLUMNS}, s.geometry from areas a join area_shapes s on s.area_id = a.id
         where a.parent_id = ${parentId} and a.active
         order by a.sort_order, a.code`,
  );
}

// ── structure ────────────────────────────────────────────────────────────────

/** The facts of the structure, as the dashboard summary carries them. */
export type StructureCounts = DashboardSummaryDto['structure'];

const GUIDANCE_TEAMS = sql`('enterprise_guidance', 'service_guidance')`;

/**
 * The facts of the structure under an area (null: the whole database), from the small registry
 * tables (areas, orgs, plans, teams) by path ranges, plus all-time problems resolved from the cells:
 * one statement.
 */
export async function structureCounts(db: Db, path: string | null): Promise<StructureCounts> {
  const under = (column: SQL): SQL => {
    if (path === null) return sql`true`;
    const { lo, hi } = subtreeBounds(path);
    return sql`(${column} ~>=~ ${lo} and ${column} ~<~ ${hi})`;
  };
  const [row] = await rows<Record<keyof StructureCounts, number | string | null>>(
    db,
    sql`select
          (select count(*) from areas a where ${under(sql`a.path`)} and a.active and a.level = 'town') as "towns",
          (select count(*) from areas a where ${under(sql`a.path`)} and a.active and a.level = 'community') as "communities",
          (select count(*) from areas a where ${under(sql`a.path`)} and a.active and a.level = 'grid') as "grids",
          (select count(*) from orgs o where ${under(sql`o.area_path`)} and o.kind = 'enterprise' and o.above_scale) as "aboveScaleEnterprises",
          (select count(*) from enterprise_plans p where ${under(sql`p.area_path`)}) as "keyEnterprisePlans",
          (select count(distinct m.staff_id) from team_members m join teams t on t.id = m.team_id
            where t.kind in ${GUIDANCE_TEAMS} and m.ends_on is null and ${under(sql`t.area_path`)}) as "cadres",
          (select count(*) from teams t where t.kind in ${GUIDANCE_TEAMS} and t.active and ${under(sql`t.area_path`)}) as "guidanceGroups",
          (select count(*) from orgs o where ${under(sql`o.area_path`)} and o.kind = 'farmers_market') as "markets",
          (select count(*) from orgs o join areas a on a.id = o.area_id
             where ${under(sql`o.area_path`)} and o.kind = 'retailer' and a.kind = 'supermarket') as "supermarkets",
          (select coalesce(sum(c.value), 0) from dashboard_cells c
            where c.metric = 'problems_resolved' and ${under(sql`c.area_path`)}) as "problemsSolved"`,
  );
  const out = {} as StructureCounts;
  for (const key of Object.keys(row ?? {}) as (keyof StructureCounts)[]) out[key] = Number(row?.[key] ?? 0);
  return out;
}

/** Department names by code (the department dimension's labels). */
export async function departmentNames(db: Db): Promise<Map<string, string>> {
  const found = await rows<{ code: string; name: string }>(db, sql`select code, name from departments`);
  return new Map(found.map((d) => [d.code, d.name]));
}

// ── the rows behind a number ─────────────────────────────────────────────────

export interface SourceRow {
  id: string;
  title: string;
  day: string | null;
  areaName: string | null;
  /** The keyset sort value of the row (day, timestamp or name). */
  sortValue: string;
}

export interface RowsWindow {
  /** null: the only city, no path condition. */
  rootPath: string | null;
  from: string;
  to: string;
  dim?: string;
  after?: { sortValue: string; id: string };
  limit: number;
}

const underRoot = (column: SQL, rootPath: string | null): SQL => {
  if (rootPath === null) return sql`true`;
  const { lo, hi } = subtreeBounds(rootPath);
  return sql`(${column} ~>=~ ${lo} and ${column} ~<~ ${hi})`;
};

/**
 * Current records of the forms under the area in the range, newest day first. The keyset is (day,
 * subject, record) so one form's page walks records_form_day_subject_idx backwards and stops after a
 * page, instead of sorting the month's records; the sort value carries "day|subject".
 */
export async function recordRows(
  db: Db,
  input: RowsWindow & { forms: readonly string[]; feverAtLeast?: number; namePeople: boolean },
): Promise<SourceRow[]> {
  const temperature = sql`(case when jsonb_typeof(r.values -> 'temperature') = 'number'
                                then (r.values ->> 'temperature')::float8 end)`;
  const [form, ...more] = input.forms;
  const forms =
    form !== undefined && more.length === 0
      ? sql`r.form_key = ${form}`
      : sql`r.form_key = any(${textArray(input.forms)}::text[])`;
  const after = input.after ? input.after.sortValue.split('|') : null;
  return rows<SourceRow>(
    db,
    sql`select r.record_id as id, r.day::text as day, r.day::text || '|' || r.subject_id::text as "sortValue",
               a.name as "areaName",
               coalesce(o.name, pl.name, ${input.namePeople ? sql`pe.name` : sql`null`},
                        (select f.name ->> 'zh' from record_forms f where f.key = r.form_key
                          order by f.version desc limit 1), r.form_key) as title
          from records r
          left join areas a on a.path = r.area_path
          left join orgs o on r.subject_kind = 'org' and o.id = r.subject_id
          left join areas pl on r.subject_kind = 'place' and pl.id = r.subject_id
          left join people pe on r.subject_kind = 'person' and pe.id = r.subject_id
         where r.current and ${forms}
           and r.day between ${input.from}::date and ${input.to}::date
           and ${underRoot(sql`r.area_path`, input.rootPath)}
           ${input.feverAtLeast === undefined ? sql`` : sql`and ${temperature} >= ${input.feverAtLeast}`}
           ${
             after && input.after
               ? sql`and (r.day, r.subject_id, r.record_id) < (${after[0]}::date, ${after[1] ?? ''}::uuid, ${input.after.id}::uuid)`
               : sql``
           }
         order by r.day desc, r.subject_id desc, r.record_id desc
         limit ${input.limit}`,
  );
}

export interface CaseRowsInput extends RowsWindow {
  types: readonly string[];
  on: 'created' | 'resolved' | 'overdue';
  only?: 'responded_on_time' | 'resolved_on_time' | 'rated' | 'satisfied';
  openStatuses: readonly string[];
  satisfiedRating: number;
}

/** Cases behind a case metric, latest first (keyset on the counting timestamp, id). */
export async function caseRows(db: Db, input: CaseRowsInput): Promise<SourceRow[]> {
  const at =
    input.on === 'created'
      ? sql`k.created_at`
      : input.on === 'resolved'
        ? sql`k.resolved_at`
        : sql`k.due_resolution_at`;
  const start = sql`(${input.from}::date::timestamp at time zone 'Asia/Shanghai')`;
  const end = sql`((${input.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
  const when =
    input.on === 'created'
      ? sql`k.created_at >= ${start} and k.created_at < ${end}`
      : input.on === 'resolved'
        ? sql`k.resolved_at >= ${start} and k.resolved_at < ${end} and k.status in ('resolved', 'closed')`
        : sql`k.status = any(${textArray(input.openStatuses)}::text[]) and k.due_resolution_at < now()`;
  const only = {
    responded_on_time: sql`and k.first_response_at is not null
      and (k.due_first_response_at is null or k.first_response_at <= k.due_first_response_at)`,
    resolved_on_time: sql`and (k.due_resolution_at is null or k.resolved_at <= k.due_resolution_at)`,
    rated: sql`and k.rating is not null`,
    satisfied: sql`and k.rating >= ${input.satisfiedRating}`,
  };
  return rows<SourceRow>(
    db,
    sql`select k.id, '#' || k.number || ' ' || k.title as title,
               ((${at}) at time zone 'Asia/Shanghai')::date::text as day,
               to_char((${at}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "sortValue",
               a.name as "areaName"
          from cases k
          left join areas a on a.path = k.area_path
         where k.type_code = any(${textArray(input.types)}::text[]) and ${when}
           and ${underRoot(sql`k.area_path`, input.rootPath)}
           ${input.only ? only[input.only] : sql``}
           ${input.dim === undefined ? sql`` : sql`and coalesce(k.handling_department_code, '') = ${input.dim}`}
           ${input.after ? sql`and (${at}, k.id) < (${input.after.sortValue}::timestamptz, ${input.after.id}::uuid)` : sql``}
         order by ${at} desc, k.id desc
         limit ${input.limit}`,
  );
}

/** Above-scale enterprises behind an orgs metric, by name (keyset on name, id). */
export async function orgRows(
  db: Db,
  input: RowsWindow & { workingStatuses: readonly string[] | null },
): Promise<SourceRow[]> {
  return rows<SourceRow>(
    db,
    sql`select o.id, o.name as title, o.status_since::text as day, o.name as "sortValue", a.name as "areaName"
          from orgs o
          left join areas a on a.id = o.area_id
         where o.above_scale and o.status <> 'closed'
           and ${underRoot(sql`o.area_path`, input.rootPath)}
           ${input.workingStatuses ? sql`and o.status = any(${textArray(input.workingStatuses)}::text[])` : sql``}
           ${input.dim === undefined ? sql`` : sql`and coalesce(o.industry, '') = ${input.dim}`}
           ${input.after ? sql`and (o.name, o.id) > (${input.after.sortValue}, ${input.after.id}::uuid)` : sql``}
         order by o.name, o.id
         limit ${input.limit}`,
  );
}
