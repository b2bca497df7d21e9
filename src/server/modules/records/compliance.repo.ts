import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { escapeLike } from '../../core/db/path-sql.ts';
import type { Localised } from '../../../shared/form-fields.ts';
import type { ExpectedSubjectSet, FormExpectation, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { PLACE_KINDS_OF, subtreeRange, type AreaCount } from './compliance.rules.ts';

// Every compliance question is one set-based statement: the expected subjects of a form for a day
// (a subquery per expectation), anti-joined with the day's current records through
// records_form_day_subject_idx. Subtrees are byte ranges on the text_pattern_ops path indexes.

type Rows<T> = { rows: T[] };

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

const uuidArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

// ── forms ────────────────────────────────────────────────────────────────────

export interface ExpectationForm {
  key: string;
  version: number;
  name: Localised;
  subjectKind: RecordSubjectKind;
  expectation: FormExpectation | null;
}

/** The current version (highest active) of each form key, in key order. */
export async function currentForms(db: Db): Promise<ExpectationForm[]> {
  return rows<ExpectationForm>(
    db,
    sql`select distinct on (key) key, version, name, subject_kind as "subjectKind", expectation
          from record_forms
         where active
         order by key, version desc`,
  );
}

// ── the expected subjects ────────────────────────────────────────────────────

/** `column` lies in the subtree of rootPath (a byte range on its text_pattern_ops index); true for null. */
function inRange(column: SQL, rootPath: string | null): SQL {
  if (rootPath === null) return sql`true`;
  const { lo, hi } = subtreeRange(rootPath);
  return sql`(${column} ~>=~ ${lo} and ${column} ~<~ ${hi})`;
}

/**
 * The subjects expected to report on `day` under the root, as (subject_id, area_path, name,
 * display_area_id); subject_id and area_path only when names are not needed. `dayExpr` is a SQL date expression so the rates query can join it to a series.
 */
function expectedSubjects(
  set: ExpectedSubjectSet,
  dayExpr: SQL,
  rootPath: string | null,
  withNames = true,
): SQL {
  switch (set) {
    case 'resumed_enterprises':
      return sql`select o.id as subject_id, o.area_path, o.name, o.area_id as display_area_id
                   from orgs o
                  where o.kind = 'enterprise' and o.status = 'resumed'
                    and (o.status_since is null or o.status_since <= ${dayExpr})
                    and ${inRange(sql`o.area_path`, rootPath)}`;
    case 'screened_residents':
      // Counting needs no names: without the people join a count is an index-only range scan.
      if (!withNames) {
        return sql`select s.person_id as subject_id, s.area_path
                     from screenings s
                    where s.from_day <= ${dayExpr} and coalesce(s.until_day, ${dayExpr}) >= ${dayExpr}
                      and ${inRange(sql`s.area_path`, rootPath)}`;
      }
      return sql`select s.person_id as subject_id, s.area_path, p.name, p.area_id as display_area_id
                   from screenings s
                   join people p on p.id = s.person_id
                  where s.from_day <= ${dayExpr} and coalesce(s.until_day, ${dayExpr}) >= ${dayExpr}
                    and ${inRange(sql`s.area_path`, rootPath)}`;
    case 'checkpoints':
    case 'venues': {
      const kinds = PLACE_KINDS_OF[set] ?? [];
      return sql`select a.id as subject_id, a.path as area_path, a.name, a.parent_id as display_area_id
                   from areas a
                  where a.level = 'place' and a.active
                    and a.kind in (${sql.join(
                      kinds.map((k) => sql`${k}`),
                      sql`, `,
                    )})
                    and ${inRange(sql`a.path`, rootPath)}`;
    }
  }
}

// ── counts per area ──────────────────────────────────────────────────────────

/** Expected, reported and partly reported subjects of a form on a day, per subject area path. */
export async function countsByArea(
  db: Db,
  input: { set: ExpectedSubjectSet; formKey: string; day: string; perDay: number; rootPath: string | null },
): Promise<AreaCount[]> {
  const day = sql`${input.day}::date`;
  const result = await rows<{ area_path: string; expected: number; reported: number; partly: number }>(
    db,
    sql`select e.area_path,
               count(*)::int as expected,
               count(*) filter (where coalesce(r.n, 0) >= ${input.perDay}::int)::int as reported,
               count(*) filter (where r.n > 0 and r.n < ${input.perDay}::int)::int as partly
          from (${expectedSubjects(input.set, day, input.rootPath, false)}) e
          left join (select subject_id, count(*)::int as n
                       from records
                      where form_key = ${input.formKey} and day = ${day} and current
                      group by subject_id) r on r.subject_id = e.subject_id
         group by e.area_path`,
  );
  return result.map((r) => ({
    areaPath: r.area_path,
    expected: r.expected,
    reported: r.reported,
    partly: r.partly,
  }));
}

/** countsByArea for every day of [from, to] (the rates chart), one statement over a day series. */
export async function countsByAreaAndDay(
  db: Db,
  input: {
    set: ExpectedSubjectSet;
    formKey: string;
    from: string;
    to: string;
    perDay: number;
    rootPath: string | null;
  },
): Promise<Array<AreaCount & { day: string }>> {
  const result = await rows<{
    day: string;
    area_path: string;
    expected: number;
    reported: number;
    partly: number;
  }>(
    db,
    sql`with days as (
          select d::date as day from generate_series(${input.from}::date, ${input.to}::date, interval '1 day') d
        ),
        reported as (
          select day, subject_id, count(*)::int as n
            from records
           where form_key = ${input.formKey} and day between ${input.from}::date and ${input.to}::date and current
           group by day, subject_id
        )
        select to_char(days.day, 'YYYY-MM-DD') as day, e.area_path,
               count(*)::int as expected,
               count(*) filter (where coalesce(r.n, 0) >= ${input.perDay}::int)::int as reported,
               count(*) filter (where r.n > 0 and r.n < ${input.perDay}::int)::int as partly
          from days
          cross join lateral (${expectedSubjects(input.set, sql`days.day`, input.rootPath, false)}) e
          left join reported r on r.day = days.day and r.subject_id = e.subject_id
         group by days.day, e.area_path`,
  );
  return result.map((r) => ({
    day: r.day,
    areaPath: r.area_path,
    expected: r.expected,
    reported: r.reported,
    partly: r.partly,
  }));
}

// ── the not-yet-reported list ────────────────────────────────────────────────

export interface MissingRow {
  subjectId: string;
  name: string;
  areaPath: string;
  areaName: string | null;
  reportedCount: number;
  lastReportedDay: string | null;
  remindedAt: string | null;
}

/** The form's current records of one subject on the day: none for perDay 1, fewer than perDay otherwise. */
function notYetReported(formKey: string, day: SQL, perDay: number, subject: SQL): SQL {
  if (perDay <= 1) {
    return sql`not exists (select 1 from records r
                            where r.form_key = ${formKey} and r.day = ${day}
                              and r.subject_id = ${subject} and r.current)`;
  }
  return sql`(select count(*) from records r
               where r.form_key = ${formKey} and r.day = ${day}
                 and r.subject_id = ${subject} and r.current) < ${perDay}::int`;
}

/**
 * One page of the subjects that have not (fully) reported, ordered by area path (byte order, the
 * path indexes' order) then subject id, after the keyset cursor. The page is found first with the
 * anti-join; names of areas, the last reported day and reminders are looked up for its rows only.
 */
export async function missingPage(
  db: Db,
  input: {
    set: ExpectedSubjectSet;
    formKey: string;
    day: string;
    perDay: number;
    rootPath: string | null;
    q?: string;
    after?: { areaPath: string; id: string };
    /** Only these subjects (reminders for a selection). */
    subjectIds?: readonly string[];
    limit: number;
  },
): Promise<MissingRow[]> {
  const day = sql`${input.day}::date`;
  const conditions: SQL[] = [notYetReported(input.formKey, day, input.perDay, sql`e.subject_id`)];
  if (input.after) {
    const { areaPath, id } = input.after;
    // The first bound lets the scan start at the cursor in the index; the second is exact.
    conditions.push(sql`e.area_path ~>=~ ${areaPath}`);
    conditions.push(
      sql`(e.area_path ~>~ ${areaPath} or (e.area_path = ${areaPath} and e.subject_id > ${id}::uuid))`,
    );
  }
  if (input.q) conditions.push(sql`e.name ilike ${`%${escapeLike(input.q)}%`}`);
  if (input.subjectIds) conditions.push(sql`e.subject_id = any(${uuidArray(input.subjectIds)}::uuid[])`);
  const result = await rows<{
    subject_id: string;
    name: string;
    area_path: string;
    area_name: string | null;
    reported_count: number;
    last_day: string | null;
    reminded_at: string | null;
  }>(
    db,
    sql`select page.subject_id::text as subject_id, page.name, page.area_path, area.name as area_name,
               (select count(*)::int from records r
                 where r.form_key = ${input.formKey} and r.day = ${day}
                   and r.subject_id = page.subject_id and r.current) as reported_count,
               (select to_char(max(r.day), 'YYYY-MM-DD') from records r
                 where r.subject_id = page.subject_id and r.form_key = ${input.formKey}
                   and r.day < ${day} and r.current) as last_day,
               to_char(rr.sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as reminded_at
          from (select e.subject_id, e.name, e.area_path, e.display_area_id
                  from (${expectedSubjects(input.set, day, input.rootPath)}) e
                 where ${sql.join(conditions, sql` and `)}
                 order by e.area_path using ~<~, e.subject_id
                 limit ${input.limit}) page
          left join areas area on area.id = page.display_area_id
          left join record_reminders rr
                 on rr.form_key = ${input.formKey} and rr.day = ${day} and rr.subject_id = page.subject_id
         order by page.area_path using ~<~, page.subject_id`,
  );
  return result.map((r) => ({
    subjectId: r.subject_id,
    name: r.name,
    areaPath: r.area_path,
    areaName: r.area_name,
    reportedCount: r.reported_count,
    lastReportedDay: r.last_day,
    remindedAt: r.reminded_at,
  }));
}

// ── reminders ────────────────────────────────────────────────────────────────

/**
 * Files a reminder for each subject still missing (all under the root, or the given ones), once per
 * subject, form and day; answers the subjects newly reminded and how many were reminded before.
 */
export async function insertReminders(
  db: Db,
  input: {
    set: ExpectedSubjectSet;
    subjectKind: RecordSubjectKind;
    formKey: string;
    day: string;
    perDay: number;
    rootPath: string | null;
    subjectIds?: readonly string[];
    sentBy: string | null;
  },
): Promise<{ inserted: Array<{ subjectId: string; name: string; areaPath: string }>; missing: number }> {
  const day = sql`${input.day}::date`;
  const only = input.subjectIds ? sql`and e.subject_id = any(${uuidArray(input.subjectIds)}::uuid[])` : sql``;
  const result = await rows<{ subject_id: string; name: string; area_path: string; missing: number }>(
    db,
    sql`with missing as (
          select e.subject_id, e.name, e.area_path
            from (${expectedSubjects(input.set, day, input.rootPath)}) e
           where ${notYetReported(input.formKey, day, input.perDay, sql`e.subject_id`)} ${only}
        ),
        inserted as (
          insert into record_reminders (form_key, day, subject_kind, subject_id, area_path, sent_by)
          select ${input.formKey}, ${day}, ${input.subjectKind}, m.subject_id, m.area_path, ${input.sentBy}::uuid
            from missing m
          on conflict (form_key, day, subject_id) do nothing
          returning subject_id
        )
        select m.subject_id::text as subject_id, m.name, m.area_path,
               (select count(*)::int from missing) as missing
          from inserted i join missing m on m.subject_id = i.subject_id
        union all
        select null, null, null, (select count(*)::int from missing)
         where not exists (select 1 from inserted)`,
  );
  const missing = result[0]?.missing ?? 0;
  return {
    inserted: result
      .filter((r) => r.subject_id !== null)
      .map((r) => ({ subjectId: r.subject_id, name: r.name, areaPath: r.area_path })),
    missing,
  };
}

/**
 * Who hears about a missing subject. An enterprise: its enterprise users and its primary liaison.
 * A person, household or place: the grid worker(s) of the grid holding it; where none is assigned,
 * the community workers or town staff whose scope is the deepest one holding it.
 */
export async function reminderRecipients(
  db: Db,
  subjectKind: RecordSubjectKind,
  subjects: ReadonlyArray<{ subjectId: string; areaPath: string }>,
): Promise<Array<{ subjectId: string; userId: string }>> {
  if (subjects.length === 0) return [];
  if (subjectKind === 'org') {
    const ids = uuidArray(subjects.map((s) => s.subjectId));
    return rows<{ subjectId: string; userId: string }>(
      db,
      sql`select u.org_id::text as "subjectId", u.id::text as "userId"
            from users u
           where u.org_id = any(${ids}::uuid[]) and u.active and u.role = 'enterprise_user'
          union
          select a.org_id::text, st.user_id::text
            from assignments a
            join staff st on st.id = a.staff_id and st.active and st.user_id is not null
            join users u on u.id = st.user_id and u.active
           where a.org_id = any(${ids}::uuid[]) and a.kind = 'liaison' and a.is_primary and a.ends_at is null`,
    );
  }
  const input = JSON.stringify(subjects.map((s) => ({ id: s.subjectId, path: s.areaPath })));
  return rows<{ subjectId: string; userId: string }>(
    db,
    sql`with subj as (
          select id, path from jsonb_to_recordset(${input}::jsonb) as x(id uuid, path text)
        ),
        workers as (
          select subj.id, st.user_id
            from subj
            join assignments a on a.kind = 'grid_worker' and a.ends_at is null
                              and (subj.path = a.area_path or subj.path like a.area_path || '.%')
            join staff st on st.id = a.staff_id and st.active and st.user_id is not null
            join users u on u.id = st.user_id and u.active
        ),
        fallback as (
          select id, user_id from (
            select subj.id, u.id as user_id,
                   rank() over (partition by subj.id order by length(u.scope_path) desc) as depth_rank
              from subj
              join users u on u.active and u.role in ('community_worker', 'town_staff')
                          and u.scope_path is not null
                          and (subj.path = u.scope_path or subj.path like u.scope_path || '.%')
             where not exists (select 1 from workers w where w.id = subj.id)
          ) ranked where depth_rank = 1
        )
        select distinct id::text as "subjectId", user_id::text as "userId" from workers
        union
        select id::text, user_id::text from fallback`,
  );
}

/** The latest day on or before `until` with a current record of any of the forms; null when none. */
export async function latestRecordDay(
  db: Db,
  formKeys: readonly string[],
  until: string,
): Promise<string | null> {
  if (formKeys.length === 0) return null;
  // One index probe per form on records_form_day_subject_idx, rather than a max over the union.
  const found = await rows<{ day: string | null }>(
    db,
    sql`select max(d.day)::text as day from (${sql.join(
      formKeys.map(
        (key) =>
          sql`(select max(r.day) as day from records r where r.form_key = ${key} and r.current and r.day <= ${until}::date)`,
      ),
      sql` union all `,
    )}) d`,
  );
  return found[0]?.day ?? null;
}
