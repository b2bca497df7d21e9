import { and, desc, eq, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { pathInSubtree } from '../../core/db/path-sql.ts';
import type { ExpectedSubjectSet, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { cases } from '../cases/cases.tables.ts';
import { recordForms, recordRuleHits, recordRules } from './records.tables.ts';

export type RecordRuleRow = typeof recordRules.$inferSelect;
export type RecordRuleHitRow = typeof recordRuleHits.$inferSelect;
export type RecordFormRow = typeof recordForms.$inferSelect;

// Ids are UUIDs checked by the schema or read from the database: one array parameter, not one per id
// (a parameter per id is slow on PGlite).
const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;
// Free text (item names) travels as JSON, which needs no array-literal escaping.
const textArray = (values: readonly string[]): SQL =>
  sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

// ── rules ─────────────────────────────────────────────────────────────────────

/** The active rules on any of the forms: the one query the ingest path pays per batch. */
export async function activeRulesForForms(db: Db, formKeys: readonly string[]): Promise<RecordRuleRow[]> {
  if (formKeys.length === 0) return [];
  return db
    .select()
    .from(recordRules)
    .where(and(eq(recordRules.active, true), sql`${recordRules.formKey} = any(${textArray(formKeys)})`));
}

export async function activeMissedDaysRules(db: Db): Promise<RecordRuleRow[]> {
  return db
    .select()
    .from(recordRules)
    .where(and(eq(recordRules.active, true), sql`${recordRules.condition}->>'kind' = 'missed_days'`))
    .orderBy(recordRules.key);
}

export async function listRules(db: Db): Promise<(RecordRuleRow & { openHits: number })[]> {
  const rows = await db
    .select({
      rule: recordRules,
      // Spelled out: inside a select list drizzle leaves the outer column unqualified, and "id" would mean h.id.
      openHits: sql<number>`(select count(*)::int from record_rule_hits h where h.rule_id = "record_rules"."id" and h.cleared_at is null)`,
    })
    .from(recordRules)
    .orderBy(recordRules.formKey, recordRules.key);
  return rows.map((r) => ({ ...r.rule, openHits: Number(r.openHits) }));
}

export async function findRule(db: Db, id: string): Promise<RecordRuleRow | undefined> {
  const rows = await db.select().from(recordRules).where(eq(recordRules.id, id)).limit(1);
  return rows[0];
}

export async function lockRule(db: Db, id: string): Promise<RecordRuleRow | undefined> {
  const rows = await db.select().from(recordRules).where(eq(recordRules.id, id)).for('update');
  return rows[0];
}

/** Inserts a rule; undefined when the key is taken. */
export async function insertRule(
  db: Db,
  values: typeof recordRules.$inferInsert,
): Promise<RecordRuleRow | undefined> {
  const rows = await db.insert(recordRules).values(values).onConflictDoNothing().returning();
  return rows[0];
}

export async function insertMissingRules(db: Db, values: (typeof recordRules.$inferInsert)[]): Promise<void> {
  if (values.length === 0) return;
  await db.insert(recordRules).values(values).onConflictDoNothing({ target: recordRules.key });
}

export async function updateRule(
  db: Db,
  id: string,
  patch: Partial<Pick<RecordRuleRow, 'name' | 'condition' | 'action' | 'active'>>,
  at: Date,
): Promise<RecordRuleRow | undefined> {
  const rows = await db
    .update(recordRules)
    .set({ ...patch, updatedAt: at })
    .where(eq(recordRules.id, id))
    .returning();
  return rows[0];
}

/** The current version of a form: the highest active version of the key. */
export async function currentForm(db: Db, key: string): Promise<RecordFormRow | undefined> {
  const rows = await db
    .select()
    .from(recordForms)
    .where(and(eq(recordForms.key, key), eq(recordForms.active, true)))
    .orderBy(desc(recordForms.version))
    .limit(1);
  return rows[0];
}

// ── hits ──────────────────────────────────────────────────────────────────────

export interface OpenHit {
  id: string;
  ruleId: string;
  subjectId: string;
  conditionKey: string;
}

export async function openHitsOf(
  db: Db,
  ruleIds: readonly string[],
  subjectIds: readonly string[],
): Promise<OpenHit[]> {
  if (ruleIds.length === 0 || subjectIds.length === 0) return [];
  return db
    .select({
      id: recordRuleHits.id,
      ruleId: recordRuleHits.ruleId,
      subjectId: recordRuleHits.subjectId,
      conditionKey: recordRuleHits.conditionKey,
    })
    .from(recordRuleHits)
    .where(
      and(
        isNull(recordRuleHits.clearedAt),
        sql`${recordRuleHits.ruleId} = any(${uuidArray(ruleIds)})`,
        sql`${recordRuleHits.subjectId} = any(${uuidArray(subjectIds)})`,
      ),
    );
}

export async function clearHits(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(recordRuleHits)
    .set({ clearedAt: at })
    .where(and(isNull(recordRuleHits.clearedAt), sql`${recordRuleHits.id} = any(${uuidArray(ids)})`));
}

/** Clears every open hit of a rule (its condition changed, or it was switched off). */
export async function clearHitsOfRule(db: Db, ruleId: string, at: Date): Promise<number> {
  const rows = await db
    .update(recordRuleHits)
    .set({ clearedAt: at })
    .where(and(eq(recordRuleHits.ruleId, ruleId), isNull(recordRuleHits.clearedAt)))
    .returning({ id: recordRuleHits.id });
  return rows.length;
}

/**
 * Inserts hits; a hit already open for the same (rule, subject, condition) is skipped by the partial
 * unique index, also against a concurrent transaction. Only the rows inserted here come back: they
 * alone act.
 */
export async function insertHits(
  db: Db,
  rows: (typeof recordRuleHits.$inferInsert)[],
): Promise<RecordRuleHitRow[]> {
  if (rows.length === 0) return [];
  return db.insert(recordRuleHits).values(rows).onConflictDoNothing().returning();
}

export async function setHitCase(db: Db, hitId: string, caseId: string): Promise<void> {
  await db.update(recordRuleHits).set({ caseId }).where(eq(recordRuleHits.id, hitId));
}

/**
 * Open hits of open_case rules still without a case (their case failed to open, e.g. a deactivated
 * case type), oldest first, locked for the caller; hits older than `since` are given up on.
 */
export async function hitsAwaitingCase(
  db: Db,
  since: Date,
  limit: number,
): Promise<{ hit: RecordRuleHitRow; rule: RecordRuleRow }[]> {
  return db
    .select({ hit: recordRuleHits, rule: recordRules })
    .from(recordRuleHits)
    .innerJoin(recordRules, eq(recordRules.id, recordRuleHits.ruleId))
    .where(
      and(
        isNull(recordRuleHits.clearedAt),
        isNull(recordRuleHits.caseId),
        eq(recordRules.active, true),
        sql`${recordRules.action}->>'kind' = 'open_case'`,
        sql`${recordRuleHits.firedAt} >= ${since}`,
      ),
    )
    .orderBy(recordRuleHits.firedAt)
    .limit(limit)
    .for('update', { of: recordRuleHits, skipLocked: true });
}

// ── subjects and the people in charge of them ────────────────────────────────

export interface SubjectBrief {
  id: string;
  name: string;
  areaPath: string;
}

/** Names of subjects of one kind (a household is named after its head, else its address). */
export async function subjectBriefs(
  db: Db,
  kind: RecordSubjectKind,
  ids: readonly string[],
): Promise<Map<string, SubjectBrief>> {
  if (ids.length === 0) return new Map();
  const list = uuidArray(ids);
  const query =
    kind === 'org'
      ? sql`select id::text as id, name, area_path from orgs where id = any(${list})`
      : kind === 'person'
        ? sql`select id::text as id, name, area_path from people where id = any(${list})`
        : kind === 'household'
          ? sql`select h.id::text as id,
                  coalesce((select p.name || '户' from people p where p.household_id = h.id
                            order by (p.household_role = 'head') desc nulls last, p.created_at limit 1),
                           (select concat_ws('-', d.building, nullif(d.unit, ''), d.room) from dwellings d where d.id = h.dwelling_id),
                           '住户') as name,
                  h.area_path
             from households h where h.id = any(${list})`
          : sql`select id::text as id, name, path as area_path from areas where id = any(${list})`;
  const rows = rowsOf<{ id: string; name: string; area_path: string }>(await db.execute(query));
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, areaPath: r.area_path }]));
}

/** Users of the active grid workers whose grid holds the path, the nearest grid first. */
export async function gridWorkerUserIds(db: Db, areaPath: string): Promise<string[]> {
  const rows = rowsOf<{ user_id: string }>(
    await db.execute(sql`
      select s.user_id::text as user_id
        from assignments a
        join staff s on s.id = a.staff_id
        join users u on u.id = s.user_id
       where a.kind = 'grid_worker' and a.ends_at is null and s.active and u.active
         and (${areaPath} = a.area_path or ${areaPath} like a.area_path || '.%')
       order by length(a.area_path) desc, a.starts_at
       limit 20`),
  );
  return [...new Set(rows.map((r) => r.user_id))];
}

/** Town and community staff whose scope holds the path (the area's office when it has no grid worker). */
export async function areaStaffUserIds(db: Db, areaPath: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id::text as id from users
       where active and role in ('town_staff', 'community_worker') and scope_path is not null
         and (${areaPath} = scope_path or ${areaPath} like scope_path || '.%')
       order by length(scope_path) desc
       limit 200`),
  );
  return rows.map((r) => r.id);
}

// ── silence (missed days) ────────────────────────────────────────────────────

/**
 * The subjects expected to report on every day of [from, to], with the day they became expected
 * (null when unknown). Set-based: one SELECT, joined by the callers.
 */
export function expectedSubjectsSql(set: ExpectedSubjectSet, from: string, to: string): SQL {
  switch (set) {
    case 'resumed_enterprises':
      return sql`select o.id as subject_id, o.area_path, o.status_since as expected_from
                   from orgs o
                  where o.status = 'resumed' and (o.status_since is null or o.status_since <= ${from}::date)`;
    case 'screened_residents':
      return sql`select s.person_id as subject_id, p.area_path, min(s.from_day) as expected_from
                   from screenings s join people p on p.id = s.person_id
                  where s.from_day <= ${from}::date and (s.until_day is null or s.until_day >= ${to}::date)
                  group by s.person_id, p.area_path`;
    case 'checkpoints':
      return sql`select a.id as subject_id, a.path as area_path, null::date as expected_from
                   from areas a where a.level = 'place' and a.kind = 'checkpoint' and a.active`;
    case 'venues':
      return sql`select a.id as subject_id, a.path as area_path, null::date as expected_from
                   from areas a where a.level = 'place' and a.kind in ('market', 'supermarket', 'venue') and a.active`;
  }
}

/**
 * Ends the silence runs of a missed_days rule: the subject reported on or after the run's first
 * missed day, or is no longer expected to report (screening over, enterprise suspended).
 */
export async function clearEndedSilences(
  db: Db,
  input: { ruleId: string; formKey: string; set: ExpectedSubjectSet; yesterday: string; at: Date },
): Promise<number> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      update record_rule_hits h set cleared_at = ${input.at}
       where h.rule_id = ${input.ruleId} and h.cleared_at is null
         and (exists (select 1 from records r
                       where r.form_key = ${input.formKey} and r.current and r.subject_id = h.subject_id
                         and r.day >= h.condition_key::date)
              or not exists (select 1 from (${expectedSubjectsSql(input.set, input.yesterday, input.yesterday)}) e
                              where e.subject_id = h.subject_id))
      returning h.id::text as id`),
  );
  return rows.length;
}

/**
 * One hit per silent subject per silence run: every expected subject with no current record of the
 * form from windowStart (today − N) to today and no open hit of the rule. The condition key is the
 * run's first missed day: the day after its last record (looked for back to lookbackStart), not before
 * it was expected, else windowStart (see firstMissedDay). One INSERT … SELECT, whatever the town's size.
 */
/** Whether anyone reported the form on or after the day: a reporting campaign still running. */
export async function formReportedSince(db: Db, formKey: string, day: string): Promise<boolean> {
  const rows = rowsOf<{ found: boolean }>(
    await db.execute(
      sql`select exists (select 1 from records r where r.form_key = ${formKey} and r.current and r.day >= ${day}::date) as found`,
    ),
  );
  return rows[0]?.found === true;
}

export async function insertSilenceHits(
  db: Db,
  input: {
    ruleId: string;
    formKey: string;
    set: ExpectedSubjectSet;
    windowStart: string;
    yesterday: string;
    today: string;
    lookbackStart: string;
    at: Date;
  },
): Promise<RecordRuleHitRow[]> {
  const rows = rowsOf<{
    id: string;
    rule_id: string;
    subject_id: string;
    condition_key: string;
    area_path: string;
    fired_at: Date | string;
  }>(
    await db.execute(sql`
      insert into record_rule_hits (rule_id, subject_id, condition_key, area_path, fired_at)
      select ${input.ruleId}::uuid, e.subject_id,
             to_char(coalesce(greatest(last.day + 1, e.expected_from), ${input.windowStart}::date), 'YYYY-MM-DD'),
             e.area_path, ${input.at}
        from (${expectedSubjectsSql(input.set, input.windowStart, input.yesterday)}) e
        left join lateral (
          select max(r.day) as day from records r
           where r.form_key = ${input.formKey} and r.current and r.subject_id = e.subject_id
             and r.day >= ${input.lookbackStart}::date and r.day < ${input.windowStart}::date
        ) last on true
       where not exists (select 1 from records r
                          where r.form_key = ${input.formKey} and r.current and r.subject_id = e.subject_id
                            and r.day >= ${input.windowStart}::date and r.day <= ${input.today}::date)
         and not exists (select 1 from record_rule_hits h
                          where h.rule_id = ${input.ruleId}::uuid and h.subject_id = e.subject_id
                            and h.cleared_at is null)
      on conflict do nothing
      returning id::text as id, rule_id::text as rule_id, subject_id::text as subject_id,
                condition_key, area_path, fired_at`),
  );
  return rows.map((r) => ({
    id: r.id,
    ruleId: r.rule_id,
    subjectId: r.subject_id,
    conditionKey: r.condition_key,
    areaPath: r.area_path,
    firstRecordId: null,
    caseId: null,
    firedAt: new Date(r.fired_at),
    clearedAt: null,
  }));
}

// ── the hits list ─────────────────────────────────────────────────────────────

export interface HitListRow {
  hit: RecordRuleHitRow;
  ruleKey: string;
  ruleName: { zh: string; en: string };
  formKey: string;
  subjectKind: string | null;
  subjectName: string | null;
  areaName: string | null;
  caseNumber: number | null;
  caseStatus: string | null;
}

export async function listHits(
  db: Db,
  filter: { scopePath: string | null; open?: boolean; ruleId?: string },
  page: { limit: number; after?: { firedAt: Date; id: string } },
): Promise<HitListRow[]> {
  const h = recordRuleHits;
  const conditions: (SQL | undefined)[] = [
    filter.scopePath === null ? undefined : pathInSubtree(h.areaPath, filter.scopePath),
    filter.open === undefined
      ? undefined
      : filter.open
        ? isNull(h.clearedAt)
        : sql`${h.clearedAt} is not null`,
    filter.ruleId === undefined ? undefined : eq(h.ruleId, filter.ruleId),
    page.after
      ? or(lt(h.firedAt, page.after.firedAt), and(eq(h.firedAt, page.after.firedAt), lt(h.id, page.after.id)))
      : undefined,
  ];
  const rows = await db
    .select({
      hit: h,
      ruleKey: recordRules.key,
      ruleName: recordRules.name,
      formKey: recordRules.formKey,
      subjectKind: sql<
        string | null
      >`(select f.subject_kind from record_forms f where f.key = ${recordRules.formKey} order by f.version desc limit 1)`,
      subjectName: sql<string | null>`coalesce(
        (select o.name from orgs o where o.id = ${h.subjectId}),
        (select p.name from people p where p.id = ${h.subjectId}),
        (select a.name from areas a where a.id = ${h.subjectId}),
        (select p.name || '户' from people p where p.household_id = ${h.subjectId} and p.household_role = 'head' limit 1))`,
      areaName: sql<string | null>`(select a.name from areas a where a.path = ${h.areaPath} limit 1)`,
      caseNumber: cases.number,
      caseStatus: cases.status,
    })
    .from(h)
    .innerJoin(recordRules, eq(recordRules.id, h.ruleId))
    .leftJoin(cases, eq(cases.id, h.caseId))
    .where(and(...conditions))
    .orderBy(desc(h.firedAt), desc(h.id))
    .limit(page.limit);
  return rows;
}
