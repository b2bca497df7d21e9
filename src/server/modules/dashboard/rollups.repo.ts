import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import type { RollupFamily } from '../../../shared/dashboard.ts';
import { METRIC_KEYS, PROBLEM_CASE_TYPES, REFUND_CASE_TYPE } from '../../../shared/dashboard.ts';
import { FEVER_THRESHOLD_C, METRICS, SATISFIED_RATING } from '../../../shared/metric-catalogue.ts';
import { OPEN_CASE_STATUSES, ROLLUP_FORMS, WORKING_STATUSES, familyCellMetrics } from './rollups.rules.ts';
import type { TotalPair } from './rollups.rules.ts';

// Every recompute is one set-based statement per family over the claimed cells, passed as a JSON
// parameter. Records and screenings are aggregated per cell in a LATERAL subquery, so each cell is an
// index range scan over its own rows (records_area_day_idx): a hash join over the claimed days read
// every record of those days in the city, so a refresh of 8 busy cells cost as much as the whole day. A cell's source rows are found by a byte range on the text_pattern_ops path index
// ([path, path || '/')) and then kept only when their cut path is the cell's (a community's cell
// holds the community's own rows, not its grids'). `rollup_cell_path` is defined in drizzle/0010.

type Rows<T> = { rows: T[] };

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

export interface DirtyCell {
  family: RollupFamily;
  areaPath: string;
  day: string;
}

const textList = (values: readonly string[]): SQL =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** A row's source area lies in cell `c.p`: index range, then exact cut. */
const inCell = (column: SQL): SQL =>
  sql`(${column} ~>=~ c.p and ${column} ~<~ (c.p || '/') and rollup_cell_path(${column}) = c.p)`;

/** A jsonb value as a number when it is one (a hand-edited value never fails the refresh). */
const num = (field: string): SQL =>
  sql`(case when jsonb_typeof(r.values -> ${field}) = 'number' then (r.values ->> ${field})::float8 end)`;

/**
 * On PostgreSQL two instances never refresh at once: the second one skips its round (the lock is
 * released at commit). PGlite has one connection and one process.
 */
export async function tryRefreshLock(tx: Db): Promise<boolean> {
  const [row] = await rows<{ locked: boolean }>(
    tx,
    sql`select pg_try_advisory_xact_lock(hashtext('gridline_rollup_refresh')) as locked`,
  );
  return row?.locked === true;
}

/** Claims up to `limit` dirty cells, oldest first; they are gone once the transaction commits. */
export async function claimDirty(tx: Db, limit: number): Promise<DirtyCell[]> {
  return rows<DirtyCell>(
    tx,
    sql`delete from rollup_dirty d
        using (select family, area_path, day from rollup_dirty order by marked_at limit ${limit}
               for update skip locked) c
        where d.family = c.family and d.area_path = c.area_path and d.day = c.day
        returning d.family, d.area_path as "areaPath", d.day::text as day`,
  );
}

export async function hasDirty(db: Db): Promise<boolean> {
  const [row] = await rows<{ any: boolean }>(db, sql`select exists (select 1 from rollup_dirty) as any`);
  return row?.any === true;
}

const cellsJson = (cells: readonly { areaPath: string; day: string }[]): string =>
  JSON.stringify(cells.map((c) => ({ p: c.areaPath, d: c.day })));

const CLAIMED = (json: string): SQL =>
  sql`(select distinct x.p, x.d::date as d from jsonb_to_recordset(${json}::jsonb) as x(p text, d text))`;

/** Deletes the family's cells for the claimed (path, day) pairs. */
async function deleteCells(tx: Db, family: RollupFamily, json: string): Promise<void> {
  await tx.execute(
    sql`delete from dashboard_cells dc using ${CLAIMED(json)} c
        where dc.metric in (${textList(familyCellMetrics(family))}) and dc.area_path = c.p and dc.day = c.d`,
  );
}

/** Records family: enterprise reports, staff, capacity, screenings, fevers, checkpoint passes. */
export async function recomputeRecords(tx: Db, cells: readonly DirtyCell[]): Promise<void> {
  const json = cellsJson(cells);
  await deleteCells(tx, 'records', json);
  await tx.execute(sql`
    with c as ${CLAIMED(json)},
    r as (
      select c.p, c.d, a.* from c cross join lateral (select
        count(*) filter (where r.form_key = 'enterprise_daily') as enterprise_reports,
        coalesce(sum(${num('staff_on_duty')}) filter (where r.form_key = 'enterprise_daily'), 0) as staff_on_duty,
        coalesce(sum(${num('staff_returned')}) filter (where r.form_key = 'enterprise_daily'), 0) as staff_returned,
        coalesce(sum(${num('capacity_percent')}) filter (where r.form_key = 'enterprise_daily'), 0) as capacity_percent_sum,
        count(distinct r.subject_id) filter (where r.form_key = 'resident_screening') as screenings_done,
        count(*) filter (where r.form_key in ('checkpoint_pass', 'resident_screening')
                          and ${num('temperature')} >= ${FEVER_THRESHOLD_C}) as fever_alerts,
        count(*) filter (where r.form_key = 'checkpoint_pass') as checkpoint_passes
      from records r
      where r.day = c.d and ${inCell(sql`r.area_path`)} and r.current and r.form_key in (${textList(ROLLUP_FORMS)})) a
    ),
    s as (
      select c.p, c.d, a.screenings_expected from c cross join lateral (
        select count(distinct s.person_id) as screenings_expected from screenings s
        where ${inCell(sql`s.area_path`)} and s.from_day <= c.d and (s.until_day is null or s.until_day >= c.d)) a
    ),
    v as (
      select r.p, r.d, m.metric, m.value from r cross join lateral (values
        ('enterprise_reports', r.enterprise_reports::float8),
        ('staff_on_duty', r.staff_on_duty::float8),
        ('staff_returned', r.staff_returned::float8),
        ('capacity_percent_sum', r.capacity_percent_sum::float8),
        ('screenings_done', r.screenings_done::float8),
        ('fever_alerts', r.fever_alerts::float8),
        ('checkpoint_passes', r.checkpoint_passes::float8)) as m(metric, value)
      union all
      select s.p, s.d, 'screenings_expected', s.screenings_expected::float8 from s
    )
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select v.metric, v.p, v.d, '', v.value from v where v.value <> 0`);
}

/** Cases family: problems by handling department on the day opened / resolved; refunds when paid. */
export async function recomputeCases(tx: Db, cells: readonly DirtyCell[]): Promise<void> {
  const json = cellsJson(cells);
  await deleteCells(tx, 'cases', json);
  const problems = textList(PROBLEM_CASE_TYPES);
  const dayOf = (column: SQL) =>
    sql`${column} >= (c.d::timestamp at time zone 'Asia/Shanghai') and ${column} < ((c.d + 1)::timestamp at time zone 'Asia/Shanghai')`;
  await tx.execute(sql`
    with c as ${CLAIMED(json)},
    opened as (
      select c.p, c.d, coalesce(k.handling_department_code, '') as dim,
        count(*) as problems_opened,
        count(*) filter (where k.first_response_at is not null
          and (k.due_first_response_at is null or k.first_response_at <= k.due_first_response_at)) as problems_responded_on_time
      from c join cases k on ${inCell(sql`k.area_path`)} and ${dayOf(sql`k.created_at`)}
      where k.type_code in (${problems})
      group by c.p, c.d, 3
    ),
    resolved as (
      select c.p, c.d, coalesce(k.handling_department_code, '') as dim,
        count(*) filter (where k.type_code in (${problems})) as problems_resolved,
        count(*) filter (where k.type_code in (${problems})
          and (k.due_resolution_at is null or k.resolved_at <= k.due_resolution_at)) as problems_resolved_on_time,
        count(*) filter (where k.type_code in (${problems}) and k.rating is not null) as problems_rated,
        count(*) filter (where k.type_code in (${problems}) and k.rating >= ${SATISFIED_RATING}) as problems_satisfied,
        count(*) filter (where k.type_code = ${REFUND_CASE_TYPE}) as refunds_paid,
        coalesce(sum(case when jsonb_typeof(k.fields -> 'amount_cny') = 'number'
                          then (k.fields ->> 'amount_cny')::float8 end)
                 filter (where k.type_code = ${REFUND_CASE_TYPE}), 0) as refunds_amount,
        array_agg((extract(epoch from (k.resolved_at - k.created_at)) / 3600.0)::float8 order by k.resolved_at)
          filter (where k.type_code = ${REFUND_CASE_TYPE}) as turnaround
      from c join cases k on ${inCell(sql`k.area_path`)} and ${dayOf(sql`k.resolved_at`)}
      where k.type_code in (${problems}, ${REFUND_CASE_TYPE}) and k.status in ('resolved', 'closed')
      group by c.p, c.d, 3
    ),
    v as (
      select o.p, o.d, o.dim, m.metric, m.value, null::float8[] as samples from opened o cross join lateral (values
        ('problems_opened', o.problems_opened::float8),
        ('problems_responded_on_time', o.problems_responded_on_time::float8)) as m(metric, value)
      union all
      select r.p, r.d, r.dim, m.metric, m.value, null from resolved r cross join lateral (values
        ('problems_resolved', r.problems_resolved::float8),
        ('problems_resolved_on_time', r.problems_resolved_on_time::float8),
        ('problems_rated', r.problems_rated::float8),
        ('problems_satisfied', r.problems_satisfied::float8),
        ('refunds_paid', r.refunds_paid::float8),
        ('refunds_amount', r.refunds_amount::float8)) as m(metric, value)
      union all
      select r.p, r.d, r.dim, 'refund_turnaround_median', cardinality(r.turnaround)::float8, r.turnaround::float8[]
      from resolved r where r.turnaround is not null
    )
    insert into dashboard_cells (metric, area_path, day, dim, value, samples)
    select v.metric, v.p, v.d, v.dim, v.value, v.samples from v where v.value <> 0`);
}

/**
 * Orgs family, per cell path over all days (a path holds a handful of enterprises): the stock changes
 * of its above-scale enterprises by industry — rollups.rules.ts orgStockChanges, set-based. An
 * enterprise without a status history counts from its current status and status_since.
 */
export async function recomputeOrgs(tx: Db, paths: readonly string[]): Promise<void> {
  const json = JSON.stringify(paths);
  const metrics = textList(familyCellMetrics('orgs'));
  await tx.execute(
    sql`delete from dashboard_cells where metric in (${metrics})
        and area_path in (select jsonb_array_elements_text(${json}::jsonb))`,
  );
  const working = textList(WORKING_STATUSES);
  await tx.execute(sql`
    with c as (select distinct jsonb_array_elements_text(${json}::jsonb) as p),
    o as (
      select o.id, c.p, coalesce(o.industry, '') as dim, o.status, o.status_since,
        (o.created_at at time zone 'Asia/Shanghai')::date as created_day
      from c join orgs o on ${inCell(sql`o.area_path`)}
      where o.above_scale
    ),
    h as (
      select h.org_id, h.status, h.effective_date as d, h.id as seq
      from org_status_history h where h.org_id in (select id from o)
      union all
      select o.id, o.status, coalesce(o.status_since, o.created_day), 0 from o
      where not exists (select 1 from org_status_history h where h.org_id = o.id)
    ),
    t as (
      select h.org_id, h.d, h.status, lag(h.status) over (partition by h.org_id order by h.d, h.seq) as prev from h
    ),
    ev as (
      select o.p, o.dim, least(o.created_day, (select min(h.d) from h where h.org_id = o.id)) as d,
        'enterprises_above_scale' as metric, 1 as delta
      from o
      union all
      select o.p, o.dim, t.d, 'enterprises_above_scale', case when t.status = 'closed' then -1 else 1 end
      from t join o on o.id = t.org_id
      where (t.status = 'closed') <> (coalesce(t.prev, '') = 'closed')
      union all
      select o.p, o.dim, t.d, 'enterprises_resumed', case when t.status in (${working}) then 1 else -1 end
      from t join o on o.id = t.org_id
      where (t.status in (${working})) <> (coalesce(t.prev, '') in (${working}))
    )
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select ev.metric, ev.p, ev.d, ev.dim, sum(ev.delta)::float8 from ev
    group by ev.metric, ev.p, ev.d, ev.dim having sum(ev.delta) <> 0`);
}

export interface GaugeCell {
  areaPath: string;
  dim: string;
  value: number;
}

/** Today's problems_overdue cells as stored. */
export async function overdueCells(db: Db): Promise<GaugeCell[]> {
  return rows<GaugeCell>(
    db,
    sql`select area_path as "areaPath", dim, value from dashboard_cells where metric = 'problems_overdue'`,
  );
}

/**
 * Replaces the problems_overdue gauge: one cell per (path, department) on today's day, open problems
 * past their resolution deadline now; earlier days' cells go (a gauge keeps only its latest).
 */
export async function replaceOverdue(tx: Db, today: string): Promise<void> {
  await tx.execute(sql`delete from dashboard_cells where metric = 'problems_overdue'`);
  await tx.execute(sql`
    insert into dashboard_cells (metric, area_path, day, dim, value)
    select 'problems_overdue', rollup_cell_path(k.area_path), ${today}::date,
      coalesce(k.handling_department_code, ''), count(*)::float8
    from cases k
    where k.type_code in (${textList(PROBLEM_CASE_TYPES)}) and k.status in (${textList(OPEN_CASE_STATUSES)})
      and k.due_resolution_at < now()
    group by 2, 4`);
}

/** Marks today for every screening covering it (an open screening's new day has no trigger). */
export async function markScreeningDay(db: Db, day: string): Promise<void> {
  await db.execute(sql`
    insert into rollup_dirty (family, area_path, day)
    select distinct 'records', rollup_cell_path(s.area_path), ${day}::date from screenings s
    where s.from_day <= ${day}::date and (s.until_day is null or s.until_day >= ${day}::date)
    on conflict do nothing`);
}

/** Marks every cell any source row lands in (the repair path: rebuildAllRollups). */
export async function markEverything(tx: Db, today: string): Promise<void> {
  await tx.execute(sql`delete from dashboard_cells`);
  await tx.execute(sql`delete from dashboard_totals`);
  await tx.execute(sql`delete from rollup_dirty`);
  await tx.execute(sql`
    insert into rollup_dirty (family, area_path, day)
    select distinct 'records', rollup_cell_path(r.area_path), r.day from records r
    where r.current and r.form_key in (${textList(ROLLUP_FORMS)})
    on conflict do nothing`);
  await tx.execute(sql`
    insert into rollup_dirty (family, area_path, day)
    select distinct 'records', rollup_cell_path(s.area_path), d::date from screenings s,
      generate_series(s.from_day, least(coalesce(s.until_day, ${today}::date), s.from_day + 366), interval '1 day') d
    on conflict do nothing`);
  await tx.execute(sql`
    insert into rollup_dirty (family, area_path, day)
    select distinct 'cases', rollup_cell_path(k.area_path), x.day from cases k,
      lateral (values ((k.created_at at time zone 'Asia/Shanghai')::date),
                      ((k.resolved_at at time zone 'Asia/Shanghai')::date)) x(day)
    where k.type_code in (${textList(PROBLEM_CASE_TYPES)}, ${REFUND_CASE_TYPE}) and x.day is not null
    on conflict do nothing`);
  await tx.execute(sql`
    insert into rollup_dirty (family, area_path, day)
    select distinct 'orgs', rollup_cell_path(o.area_path), ${today}::date from orgs o where o.above_scale
    on conflict do nothing`);
}

// ── area totals ──────────────────────────────────────────────────────────────
// dashboard_totals holds, per city- and town-depth path, the sum of the cells in its subtree. After
// cells change, the totals of their ancestors are recomputed from the cells (delete, then insert …
// select … group by), never adjusted by deltas: a recompute cannot drift. A group summing to 0 keeps
// its row, as the read side sums cells it finds (0) apart from finding none (no data).

/** Median metrics keep the union of their samples (their value is the samples' count, as read). */
const MEDIANS: readonly string[] = METRIC_KEYS.filter((k) => METRICS[k].kind === 'median');

/** A cell under ancestor `a.p`: index range, then exact (the ancestor itself or below a dot). */
const underAncestor = sql`c.area_path ~>=~ a.p and c.area_path ~<~ (a.p || '/')
  and (c.area_path = a.p or left(c.area_path, length(a.p) + 1) = a.p || '.')`;

/**
 * Recomputes the totals of the metrics for the (ancestor, day) pairs; a pair without a day recomputes
 * every day of the ancestor (the orgs family rewrites all days of a path).
 */
export async function recomputeTotals(
  tx: Db,
  metrics: readonly string[],
  pairs: readonly TotalPair[],
): Promise<void> {
  if (metrics.length === 0 || pairs.length === 0) return;
  const dated = pairs.filter((p) => p.day !== null);
  const allDays = [...new Set(pairs.filter((p) => p.day === null).map((p) => p.path))];
  const sums = textList(metrics.filter((m) => !MEDIANS.includes(m)));
  const medians = textList(metrics.filter((m) => MEDIANS.includes(m)));
  const hasSums = metrics.some((m) => !MEDIANS.includes(m));
  const hasMedians = metrics.some((m) => MEDIANS.includes(m));
  const insert = async (from: SQL, dayOn: SQL) => {
    if (hasSums) {
      await tx.execute(sql`
        insert into dashboard_totals (metric, area_path, day, dim, value, refreshed_at)
        select c.metric, a.p, c.day, c.dim, sum(c.value)::float8, max(c.refreshed_at)
          from ${from} a join dashboard_cells c on c.metric in (${sums}) and ${dayOn} and ${underAncestor}
         group by 1, 2, 3, 4`);
    }
    if (hasMedians) {
      await tx.execute(sql`
        insert into dashboard_totals (metric, area_path, day, dim, value, samples, refreshed_at)
        select c.metric, a.p, c.day, c.dim, count(s.v)::float8, array_agg(s.v), max(c.refreshed_at)
          from ${from} a join dashboard_cells c on c.metric in (${medians}) and ${dayOn} and ${underAncestor}
         cross join lateral unnest(coalesce(c.samples, '{}'::float8[])) s(v)
         group by 1, 2, 3, 4`);
    }
  };
  if (dated.length > 0) {
    const json = JSON.stringify(dated.map((p) => ({ p: p.path, d: p.day })));
    await tx.execute(
      sql`delete from dashboard_totals t using ${CLAIMED(json)} a
          where t.metric in (${textList(metrics)}) and t.area_path = a.p and t.day = a.d`,
    );
    await insert(CLAIMED(json), sql`c.day = a.d`);
  }
  if (allDays.length > 0) {
    const json = JSON.stringify(allDays);
    const paths = sql`(select distinct jsonb_array_elements_text(${json}::jsonb) as p)`;
    await tx.execute(
      sql`delete from dashboard_totals t using ${paths} a
          where t.metric in (${textList(metrics)}) and t.area_path = a.p`,
    );
    await insert(paths, sql`true`);
  }
}

/**
 * Rebuilds the totals of the metrics (all when omitted) from every cell: the gauge after its
 * replacement, the bench and test fixtures that write cells directly.
 */
export async function rebuildTotals(tx: Db, metrics?: readonly string[]): Promise<void> {
  const only = (alias: string) =>
    metrics === undefined ? sql`true` : sql`${sql.raw(alias)}.metric in (${textList(metrics)})`;
  if (metrics !== undefined && metrics.length === 0) return;
  await tx.execute(sql`delete from dashboard_totals t where ${only('t')}`);
  const ancestors = sql`cross join lateral (values (split_part(c.area_path, '.', 1)),
      (case when strpos(c.area_path, '.') > 0
            then split_part(c.area_path, '.', 1) || '.' || split_part(c.area_path, '.', 2) end)) a(p)`;
  await tx.execute(sql`
    insert into dashboard_totals (metric, area_path, day, dim, value, refreshed_at)
    select c.metric, a.p, c.day, c.dim, sum(c.value)::float8, max(c.refreshed_at)
      from dashboard_cells c ${ancestors}
     where a.p is not null and ${only('c')} and c.metric not in (${textList(MEDIANS)})
     group by 1, 2, 3, 4`);
  await tx.execute(sql`
    insert into dashboard_totals (metric, area_path, day, dim, value, samples, refreshed_at)
    select c.metric, a.p, c.day, c.dim, count(s.v)::float8, array_agg(s.v), max(c.refreshed_at)
      from dashboard_cells c ${ancestors}
     cross join lateral unnest(coalesce(c.samples, '{}'::float8[])) s(v)
     where a.p is not null and ${only('c')} and c.metric in (${textList(MEDIANS)})
     group by 1, 2, 3, 4`);
}
