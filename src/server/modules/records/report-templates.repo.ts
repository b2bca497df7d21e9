import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { pathInSubtree } from '../../core/db/path-sql.ts';
import type { TemplateColumn } from '../../../shared/record-forms.ts';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { dwellings, households, people } from '../people/people.tables.ts';
import { recordForms, records, reportTemplates } from './records.tables.ts';
import { GROUP_DEPTH, type TemplateGroup } from './report-templates.rules.ts';

export type TemplateRow = typeof reportTemplates.$inferSelect;
export type NewTemplateRow = typeof reportTemplates.$inferInsert;

export async function listTemplates(db: Db, includeInactive: boolean): Promise<TemplateRow[]> {
  return db
    .select()
    .from(reportTemplates)
    .where(includeInactive ? undefined : eq(reportTemplates.active, true))
    .orderBy(asc(reportTemplates.formKey), asc(reportTemplates.key));
}

export async function findTemplateById(db: Db, id: string): Promise<TemplateRow | undefined> {
  const rows = await db.select().from(reportTemplates).where(eq(reportTemplates.id, id)).limit(1);
  return rows[0];
}

export async function findTemplateByKey(db: Db, key: string): Promise<TemplateRow | undefined> {
  const rows = await db.select().from(reportTemplates).where(eq(reportTemplates.key, key)).limit(1);
  return rows[0];
}

/** Inserts the templates whose key is missing; returns how many were added. */
export async function insertMissingTemplates(db: Db, rows: NewTemplateRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db
    .insert(reportTemplates)
    .values(rows)
    .onConflictDoNothing({ target: reportTemplates.key })
    .returning({ id: reportTemplates.id });
  return added.length;
}

export async function insertTemplate(db: Db, row: NewTemplateRow): Promise<TemplateRow | undefined> {
  const rows = await db
    .insert(reportTemplates)
    .values(row)
    .onConflictDoNothing({ target: reportTemplates.key })
    .returning();
  return rows[0];
}

export async function updateTemplate(
  db: Db,
  id: string,
  patch: Partial<NewTemplateRow>,
): Promise<TemplateRow | undefined> {
  const rows = await db
    .update(reportTemplates)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(reportTemplates.id, id))
    .returning();
  return rows[0];
}

/** Every version's fields of a form key, newest first (empty when the form does not exist). */
export async function formFieldVersions(db: Db, formKey: string): Promise<FieldSpec[][]> {
  const rows = await db
    .select({ fields: recordForms.fields })
    .from(recordForms)
    .where(eq(recordForms.key, formKey))
    .orderBy(desc(recordForms.version));
  return rows.map((r) => r.fields);
}

// ── the report ───────────────────────────────────────────────────────────────

const number = (field: string): SQL =>
  sql`(case when jsonb_typeof(v -> ${field}) = 'number' then (v ->> ${field})::float8 end)`;

const COMPARE: Record<NonNullable<TemplateColumn['op']>, string> = {
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  eq: '=',
  neq: '<>',
};

/** A count of the records meeting a condition, or of their distinct subjects. */
function countWhere(column: TemplateColumn, condition: SQL): SQL {
  return column.per === 'subject'
    ? sql`count(distinct subject_id) filter (where ${condition})`
    : sql`count(*) filter (where ${condition})`;
}

/** One column's aggregate over the CTE `r` (v = the record's values). Validated columns only. */
function aggregateOf(column: TemplateColumn): SQL {
  const field = column.field ?? '';
  switch (column.agg) {
    case 'count':
      return sql`count(*)::float8`;
    case 'subjects':
      return sql`count(distinct subject_id)::float8`;
    case 'sum':
      return sql`sum(${number(field)})`;
    case 'avg':
      return sql`avg(${number(field)})`;
    case 'min':
      return sql`min(${number(field)})`;
    case 'max':
      return sql`max(${number(field)})`;
    case 'share_true':
      return sql`avg(case v -> ${field} when 'true'::jsonb then 1.0 when 'false'::jsonb then 0.0 end)::float8`;
    case 'count_value':
      // Containment: equality for a scalar, membership for a multi-choice's array.
      return sql`${countWhere(column, sql`v -> ${field} @> ${JSON.stringify(column.value ?? null)}::jsonb`)}::float8`;
    case 'count_where':
      return sql`${countWhere(
        column,
        sql`${number(field)} ${sql.raw(COMPARE[column.op ?? 'eq'])} ${Number(column.value)}::float8`,
      )}::float8`;
    case 'count_any': {
      const choices = sql.join(
        (column.values ?? []).map((v) => sql`${v}`),
        sql`, `,
      );
      return sql`${countWhere(column, sql`v -> ${field} ?| array[${choices}]::text[]`)}::float8`;
    }
    case 'items_below':
      return sql`count(distinct subject_id) filter (where jsonb_typeof(v -> ${field}) = 'array'
        and jsonb_path_exists(v -> ${field}, '$[*] ? (@.value < $n)', jsonb_build_object('n', ${Number(column.value)}::float8)))::float8`;
  }
}

function groupKeyOf(groupBy: TemplateGroup): SQL {
  if (groupBy === 'subject') return sql`${records.subjectId}::text`;
  // A record above the group's level (an enterprise filed at its town, when grouped by community)
  // keeps its own area as its group: the prefix of a shorter path is the whole path.
  return sql`array_to_string((string_to_array(${records.areaPath}, '.'))[1:${sql.raw(String(GROUP_DEPTH[groupBy]))}], '.')`;
}

export interface AggregateRow {
  /** An area path or a subject id; null on the totals row. */
  groupKey: string | null;
  values: (number | null)[];
}

/**
 * Aggregates the current revisions of a form's records from `from` to `to` under `rootPath` (null:
 * everywhere), grouped by the area at the group's level (or per subject), in one statement whose
 * grouping sets also give the totals row (distinct counts and averages over all records, not of the
 * groups' figures).
 */
export interface AggregateQuery {
  formKey: string;
  groupBy: TemplateGroup;
  columns: readonly TemplateColumn[];
  from: string;
  to: string;
  rootPath: string | null;
}

/** The current records of the form in the range under the root (the report's rows). */
function reportRecords(query: AggregateQuery): SQL | undefined {
  const conditions: SQL[] = [
    eq(records.formKey, query.formKey),
    sql`${records.current}`,
    sql`${records.day} between ${query.from}::date and ${query.to}::date`,
  ];
  if (query.rootPath !== null) conditions.push(pathInSubtree(records.areaPath, query.rootPath));
  return and(...conditions);
}

/** How many distinct subjects the report covers, counting no further than `cap` + 1. */
export async function countSubjectsUpTo(db: Db, query: AggregateQuery, cap: number): Promise<number> {
  const result = await db.execute(sql`
    select count(*)::int as n from (
      select distinct ${records.subjectId} from ${records} where ${reportRecords(query)} limit ${cap + 1}
    ) s
  `);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
}

export async function aggregate(db: Db, query: AggregateQuery): Promise<AggregateRow[]> {
  const columns = query.columns.map((c, i) => sql`${aggregateOf(c)} as ${sql.identifier(`c${i}`)}`);
  const result = await db.execute(sql`
    with r as (
      select ${groupKeyOf(query.groupBy)} as g, ${records.subjectId} as subject_id, ${records.values} as v
        from ${records}
       where ${reportRecords(query)}
    )
    select g, grouping(g) as is_total${columns.length > 0 ? sql`, ${sql.join(columns, sql`, `)}` : sql``}
      from r
     group by grouping sets ((g), ())
  `);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((row) => ({
    groupKey: Number(row.is_total) === 1 ? null : String(row.g),
    values: query.columns.map((_, i) => {
      const value = row[`c${i}`];
      return value === null || value === undefined ? null : Number(value);
    }),
  }));
}

export interface GroupName {
  key: string;
  id: string;
  name: string;
  sortOrder: number;
}

/** Names of area groups by path. */
export async function areaGroupNames(db: Db, paths: string[]): Promise<GroupName[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .select({ id: areas.id, path: areas.path, name: areas.name, sortOrder: areas.sortOrder })
    .from(areas)
    .where(
      sql`${areas.path} in (${sql.join(
        paths.map((p) => sql`${p}`),
        sql`, `,
      )})`,
    );
  return rows.map((r) => ({ key: r.path, id: r.id, name: r.name, sortOrder: r.sortOrder }));
}

/** Names of subjects (an organisation, a person, a place, a household's dwelling) by id. */
export async function subjectGroupNames(db: Db, ids: string[]): Promise<GroupName[]> {
  if (ids.length === 0) return [];
  const list = sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`
    select s.id::text as id,
           coalesce(o.name, p.name, a.name,
                    nullif(concat_ws('-', d.building, nullif(d.unit, ''), d.room), '')) as name
      from unnest(array[${list}]) as s(id)
      left join ${orgs} o on o.id = s.id
      left join ${people} p on p.id = s.id
      left join ${areas} a on a.id = s.id
      left join ${households} h on h.id = s.id
      left join ${dwellings} d on d.id = h.dwelling_id
  `);
  return (result as unknown as { rows: { id: string; name: string | null }[] }).rows.map((r) => ({
    key: r.id,
    id: r.id,
    name: r.name ?? r.id,
    sortOrder: 0,
  }));
}
