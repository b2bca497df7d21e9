import { and, asc, desc, eq, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import { users } from '../../core/db/core.tables.ts';
import { escapeLike, pathInSubtree } from '../../core/db/path-sql.ts';
import { areas } from '../areas/areas.tables.ts';
import { orgs } from '../orgs/orgs.tables.ts';
import { dwellings, households, people } from '../people/people.tables.ts';
import type { RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { recordForms, records } from './records.tables.ts';

export type FormRow = typeof recordForms.$inferSelect;

// ---------- forms ----------

/** Every version of the given keys (a batch names a handful of forms: one query for all). */
export function findFormVersions(db: Db, keys: readonly string[]): Promise<FormRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(recordForms)
    .where(inArray(recordForms.key, [...keys]))
    .orderBy(asc(recordForms.key), asc(recordForms.version));
}

export function listFormRows(db: Db): Promise<FormRow[]> {
  return db.select().from(recordForms).orderBy(asc(recordForms.key), asc(recordForms.version));
}

export async function insertForm(db: Db, row: typeof recordForms.$inferInsert): Promise<FormRow> {
  const [inserted] = await db.insert(recordForms).values(row).returning();
  if (!inserted) throw new Error('form not inserted');
  return inserted;
}

export async function setFormActive(db: Db, key: string, active: boolean): Promise<number> {
  const rows = await db
    .update(recordForms)
    .set({ active })
    .where(eq(recordForms.key, key))
    .returning({ id: recordForms.id });
  return rows.length;
}

/** Serialises new versions of one key (two admins saving at once get versions n+1 and n+2, not a clash). */
export async function lockFormKey(db: Db, key: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`record_forms:${key}`}))`);
}

// ---------- subjects ----------

export interface SubjectRow {
  id: string;
  areaPath: string;
}

const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;

/**
 * The area paths of subjects of one kind, in one query however many ids (ids are schema-checked
 * UUIDs, sent as one array parameter: a parameter per id is slow on PGlite).
 */
export async function findSubjectPaths(
  db: Db,
  kind: RecordSubjectKind,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const list = uuidArray(ids);
  const query =
    kind === 'org'
      ? sql`select id::text as id, area_path from orgs where id = any(${list})`
      : kind === 'person'
        ? sql`select id::text as id, area_path from people where id = any(${list})`
        : kind === 'household'
          ? sql`select id::text as id, area_path from households where id = any(${list})`
          : sql`select id::text as id, path as area_path from areas where id = any(${list}) and level = 'place' and active`;
  const result = (await db.execute(query)) as unknown as { rows: { id: string; area_path: string }[] };
  return new Map(result.rows.map((r) => [r.id, r.area_path]));
}

/** A household has no name of its own: its head's name, else its dwelling's address. */
const householdName = (id: SQL | typeof households.id): SQL<string> => sql<string>`(
  select coalesce(
    (select p.name || '户' from people p where p.household_id = h.id and p.household_role = 'head' limit 1),
    d.address,
    nullif(concat_ws('-', d.building, nullif(d.unit, ''), d.room), ''),
    '住户')
  from households h left join dwellings d on d.id = h.dwelling_id where h.id = ${id})`;

const subjectName = sql<string>`coalesce(case ${records.subjectKind}
  when 'org' then (select o.name from orgs o where o.id = ${records.subjectId})
  when 'person' then (select p.name from people p where p.id = ${records.subjectId})
  when 'place' then (select a.name from areas a where a.id = ${records.subjectId})
  else ${householdName(sql`${records.subjectId}`)} end, '')`;

export interface SubjectOption {
  kind: RecordSubjectKind;
  id: string;
  name: string;
  areaName: string | null;
}

/** Subjects for the entry screens' pickers, within a subtree, by name. */
export async function searchSubjects(
  db: Db,
  options: {
    kind: RecordSubjectKind;
    scopePath: string | null;
    orgId?: string;
    q?: string;
    placeKind?: string;
    limit: number;
  },
): Promise<SubjectOption[]> {
  const { kind, scopePath, q, limit } = options;
  const like = q ? `%${escapeLike(q)}%` : undefined;
  if (kind === 'org') {
    const rows = await db
      .select({ id: orgs.id, name: orgs.name, areaName: areas.name })
      .from(orgs)
      .leftJoin(areas, eq(areas.id, orgs.areaId))
      .where(
        and(
          scopePath === null ? undefined : pathInSubtree(orgs.areaPath, scopePath),
          options.orgId ? eq(orgs.id, options.orgId) : undefined,
          like ? ilike(orgs.name, like) : undefined,
        ),
      )
      .orderBy(asc(orgs.name), asc(orgs.id))
      .limit(limit);
    return rows.map((r) => ({ kind, ...r }));
  }
  if (kind === 'person') {
    const rows = await db
      .select({ id: people.id, name: people.name, areaName: areas.name })
      .from(people)
      .leftJoin(areas, eq(areas.id, people.areaId))
      .where(
        and(
          scopePath === null ? undefined : pathInSubtree(people.areaPath, scopePath),
          like ? ilike(people.name, like) : undefined,
        ),
      )
      .orderBy(asc(people.name), asc(people.id))
      .limit(limit);
    return rows.map((r) => ({ kind, ...r }));
  }
  if (kind === 'household') {
    const name = householdName(households.id);
    const rows = await db
      .select({ id: households.id, name, areaName: areas.name })
      .from(households)
      .leftJoin(areas, eq(areas.id, households.areaId))
      .leftJoin(dwellings, eq(dwellings.id, households.dwellingId))
      .where(
        and(
          scopePath === null ? undefined : pathInSubtree(households.areaPath, scopePath),
          like
            ? or(
                ilike(dwellings.address, like),
                sql`exists (select 1 from people p where p.household_id = ${households.id} and p.name ilike ${like})`,
              )
            : undefined,
        ),
      )
      .orderBy(asc(households.areaPath), asc(households.id))
      .limit(limit);
    return rows.map((r) => ({ kind, ...r }));
  }
  const parent = sql<string | null>`(select p.name from areas p where p.id = ${areas.parentId})`;
  const rows = await db
    .select({ id: areas.id, name: areas.name, areaName: parent })
    .from(areas)
    .where(
      and(
        eq(areas.level, 'place'),
        eq(areas.active, true),
        scopePath === null ? undefined : pathInSubtree(areas.path, scopePath),
        options.placeKind ? eq(areas.kind, options.placeKind) : undefined,
        like ? ilike(areas.name, like) : undefined,
      ),
    )
    .orderBy(asc(areas.name), asc(areas.id))
    .limit(limit);
  return rows.map((r) => ({ kind, ...r }));
}

export async function findAreaPath(db: Db, areaId: string): Promise<string | undefined> {
  const [row] = await db.select({ path: areas.path }).from(areas).where(eq(areas.id, areaId));
  return row?.path;
}

// ---------- writing records ----------

export interface NewRecordRow {
  id: string;
  day: string;
  recordId: string;
  revision: number;
  formKey: string;
  formVersion: number;
  subjectKind: RecordSubjectKind;
  subjectId: string;
  areaPath: string;
  observedAt: Date;
  values: Record<string, unknown>;
  channel: RecordChannel;
  submittedBy: string | null;
  clientKey: string;
}

/**
 * Inserts many records in ONE statement, the rows sent as one JSON parameter; a (client key, day)
 * already stored — or twice in the same batch — is skipped. Returns the ids actually inserted.
 */
export async function insertRecords(db: Db, rows: readonly NewRecordRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const payload = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      day: r.day,
      record_id: r.recordId,
      revision: r.revision,
      form_key: r.formKey,
      form_version: r.formVersion,
      subject_kind: r.subjectKind,
      subject_id: r.subjectId,
      area_path: r.areaPath,
      observed_at: r.observedAt.toISOString(),
      values: r.values,
      channel: r.channel,
      submitted_by: r.submittedBy,
      client_key: r.clientKey,
    })),
  );
  const result = (await db.execute(sql`
    insert into records (id, day, record_id, revision, current, form_key, form_version, subject_kind, subject_id,
                         area_path, observed_at, values, channel, submitted_by, client_key)
    select r.id, r.day, r.record_id, r.revision, true, r.form_key, r.form_version, r.subject_kind, r.subject_id,
           r.area_path, r.observed_at, r.values, r.channel, r.submitted_by, r.client_key
      from json_to_recordset(${payload}::json) as r(
        id uuid, day date, record_id uuid, revision integer, form_key text, form_version integer,
        subject_kind text, subject_id uuid, area_path text, observed_at timestamptz, values jsonb,
        channel text, submitted_by uuid, client_key text)
    on conflict (client_key, day) do nothing
    returning id::text as id`)) as unknown as { rows: { id: string }[] };
  return new Set(result.rows.map((r) => r.id));
}

export interface StoredKey {
  id: string;
  recordId: string;
  clientKey: string;
  day: string;
}

/** The rows already holding these (client key, day) pairs: what a replay answers with. */
export async function findByClientKeys(
  db: Db,
  pairs: readonly { clientKey: string; day: string }[],
): Promise<StoredKey[]> {
  if (pairs.length === 0) return [];
  const payload = JSON.stringify(pairs.map((p) => ({ client_key: p.clientKey, day: p.day })));
  const result = (await db.execute(sql`
    select r.id::text as id, r.record_id::text as "recordId", r.client_key as "clientKey", r.day::text as day
      from records r
      join json_to_recordset(${payload}::json) as k(client_key text, day date)
        on r.client_key = k.client_key and r.day = k.day`)) as unknown as { rows: StoredKey[] };
  return result.rows;
}

export type RecordRow = typeof records.$inferSelect;

/** The current revision of a record, locked so two corrections of it run one after the other. */
export async function lockCurrentRevision(db: Db, recordId: string): Promise<RecordRow | undefined> {
  const [row] = await db
    .select()
    .from(records)
    .where(and(eq(records.recordId, recordId), eq(records.current, true)))
    .for('update');
  return row;
}

export async function markSuperseded(db: Db, row: Pick<RecordRow, 'id' | 'day'>): Promise<void> {
  await db
    .update(records)
    .set({ current: false })
    .where(and(eq(records.id, row.id), eq(records.day, row.day)));
}

// ---------- reading records ----------

export interface RecordView extends Omit<RecordRow, 'regionCode'> {
  formName: { zh: string; en: string } | null;
  subjectName: string;
  areaName: string | null;
  submittedByName: string | null;
}

const viewColumns = {
  id: records.id,
  day: records.day,
  recordId: records.recordId,
  revision: records.revision,
  current: records.current,
  formKey: records.formKey,
  formVersion: records.formVersion,
  subjectKind: records.subjectKind,
  subjectId: records.subjectId,
  areaPath: records.areaPath,
  observedAt: records.observedAt,
  values: records.values,
  channel: records.channel,
  submittedBy: records.submittedBy,
  clientKey: records.clientKey,
  anonymisedAt: records.anonymisedAt,
  createdAt: records.createdAt,
  formName: recordForms.name,
  subjectName,
  areaName: areas.name,
  submittedByName: users.displayName,
};

function selectViews(db: Db) {
  return db
    .select(viewColumns)
    .from(records)
    .leftJoin(
      recordForms,
      and(eq(recordForms.key, records.formKey), eq(recordForms.version, records.formVersion)),
    )
    .leftJoin(areas, eq(areas.path, records.areaPath))
    .leftJoin(users, eq(users.id, records.submittedBy));
}

export interface RecordFilters {
  /** null → everywhere. */
  scopePath: string | null;
  /** Enterprise users: their organisation only. */
  orgId?: string;
  subtreePath?: string;
  formKey?: string;
  subjectKind?: RecordSubjectKind;
  subjectId?: string;
  from?: string;
  to?: string;
  q?: string;
  after?: { observedAt: Date; id: string };
  limit: number;
}

/** Current revisions, newest observation first, keyset-paged on (observed_at, id). */
export function listRecordViews(db: Db, f: RecordFilters): Promise<RecordView[]> {
  const conditions: (SQL | undefined)[] = [
    eq(records.current, true),
    f.scopePath === null ? undefined : pathInSubtree(records.areaPath, f.scopePath),
    f.orgId ? and(eq(records.subjectKind, 'org'), eq(records.subjectId, f.orgId)) : undefined,
    f.subtreePath ? pathInSubtree(records.areaPath, f.subtreePath) : undefined,
    f.formKey ? eq(records.formKey, f.formKey) : undefined,
    f.subjectKind ? eq(records.subjectKind, f.subjectKind) : undefined,
    f.subjectId ? eq(records.subjectId, f.subjectId) : undefined,
    f.from ? sql`${records.day} >= ${f.from}` : undefined,
    f.to ? sql`${records.day} <= ${f.to}` : undefined,
    f.q ? sql`${subjectName} ilike ${`%${escapeLike(f.q)}%`}` : undefined,
    f.after
      ? or(
          lt(records.observedAt, f.after.observedAt),
          and(eq(records.observedAt, f.after.observedAt), lt(records.id, f.after.id)),
        )
      : undefined,
  ];
  return selectViews(db)
    .where(and(...conditions))
    .orderBy(desc(records.observedAt), desc(records.id))
    .limit(f.limit) as Promise<RecordView[]>;
}

/** Every revision of a record, newest first. */
export function findRevisionViews(db: Db, recordId: string): Promise<RecordView[]> {
  return selectViews(db).where(eq(records.recordId, recordId)).orderBy(desc(records.revision)) as Promise<
    RecordView[]
  >;
}

export async function findRowView(db: Db, id: string, day: string): Promise<RecordView | undefined> {
  const [row] = (await selectViews(db).where(and(eq(records.id, id), eq(records.day, day)))) as RecordView[];
  return row;
}

/** The reasons given for corrections, from the audit log (records carry no column for them). */
export async function correctionReasons(db: Db, rowIds: readonly string[]): Promise<Map<string, string>> {
  if (rowIds.length === 0) return new Map();
  const result = (await db.execute(sql`
    select entity_id::text as id, after->>'reason' as reason from audit_log
     where entity_type = 'record' and action = 'record.correct' and entity_id = any(${`{${rowIds.join(',')}}`}::text[])`)) as unknown as {
    rows: { id: string; reason: string | null }[];
  };
  return new Map(result.rows.filter((r) => r.reason).map((r) => [r.id, r.reason ?? '']));
}

/** People registered with a phone (by its keyed hash) within a subtree: the resident behind a QR report. */
export function findPeopleByPhoneHash(
  db: Db,
  phoneHash: string,
  subtreePath: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(and(eq(people.phoneHash, phoneHash), pathInSubtree(people.areaPath, subtreePath)))
    .limit(5);
}
