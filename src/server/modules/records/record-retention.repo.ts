import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../core/db/client.ts';
import type { RecordSubjectKind } from '../../../shared/record-forms.ts';
import type { Localised } from '../../../shared/form-fields.ts';
import { recordForms, recordPurges, records } from './records.tables.ts';
import type { RetentionAction } from './record-retention.rules.ts';

export interface CurrentForm {
  id: string;
  key: string;
  version: number;
  name: Localised;
  subjectKind: RecordSubjectKind;
  healthData: boolean;
  retentionDays: number | null;
  retentionAction: RetentionAction;
  active: boolean;
}

/**
 * The current version of each form key: the highest active one, or the highest of a retired form
 * (whose records are still kept, so its retention still applies).
 */
export async function currentForms(db: Db, key?: string): Promise<CurrentForm[]> {
  const rows = await db
    .selectDistinctOn([recordForms.key], {
      id: recordForms.id,
      key: recordForms.key,
      version: recordForms.version,
      name: recordForms.name,
      subjectKind: recordForms.subjectKind,
      healthData: recordForms.healthData,
      retentionDays: recordForms.retentionDays,
      retentionAction: recordForms.retentionAction,
      active: recordForms.active,
    })
    .from(recordForms)
    .where(key === undefined ? undefined : eq(recordForms.key, key))
    .orderBy(recordForms.key, desc(recordForms.active), desc(recordForms.version));
  return rows;
}

export async function setRetention(
  db: Db,
  formId: string,
  settings: { retentionDays: number | null; retentionAction: RetentionAction },
): Promise<void> {
  await db.update(recordForms).set(settings).where(eq(recordForms.id, formId));
}

export type PurgeRow = typeof recordPurges.$inferSelect;

/** The cut-off of the form's last completed purge of that action, if any. */
export async function lastPurgeBeforeDay(
  db: Db,
  formKey: string,
  action: RetentionAction,
): Promise<string | null> {
  const rows = await db
    .select({ beforeDay: recordPurges.beforeDay })
    .from(recordPurges)
    .where(and(eq(recordPurges.formKey, formKey), eq(recordPurges.action, action)))
    .orderBy(desc(recordPurges.ranAt))
    .limit(1);
  return rows[0]?.beforeDay ?? null;
}

/** The latest purges of each form key, newest first, at most `perForm` each. */
export async function recentPurges(db: Db, formKeys: string[], perForm: number): Promise<PurgeRow[]> {
  if (formKeys.length === 0) return [];
  const ranked = db
    .select({
      id: recordPurges.id,
      formKey: recordPurges.formKey,
      action: recordPurges.action,
      beforeDay: recordPurges.beforeDay,
      count: recordPurges.count,
      ranAt: recordPurges.ranAt,
      n: sql<number>`row_number() over (partition by ${recordPurges.formKey} order by ${recordPurges.ranAt} desc)`.as(
        'n',
      ),
    })
    .from(recordPurges)
    .where(inArray(recordPurges.formKey, formKeys))
    .as('ranked');
  const rows = await db
    .select({
      id: ranked.id,
      formKey: ranked.formKey,
      action: ranked.action,
      beforeDay: ranked.beforeDay,
      count: ranked.count,
      ranAt: ranked.ranAt,
    })
    .from(ranked)
    .where(sql`${ranked.n} <= ${perForm}`)
    .orderBy(desc(ranked.ranAt));
  return rows;
}

export async function insertPurge(
  db: Db,
  row: { formKey: string; action: RetentionAction; beforeDay: string; count: number; ranAt: Date },
): Promise<void> {
  await db.insert(recordPurges).values(row);
}

function expired(formKey: string, beforeDay: string, fromDay: string | null): SQL {
  const conditions: SQL[] = [sql`form_key = ${formKey}`, sql`day < ${beforeDay}::date`];
  if (fromDay !== null) conditions.push(sql`day >= ${fromDay}::date`);
  return sql.join(conditions, sql` and `);
}

async function countOf(db: Db, query: SQL): Promise<number> {
  const result = await db.execute(query);
  const row = (result as unknown as { rows: { n: number | string }[] }).rows[0];
  return Number(row?.n ?? 0);
}

/**
 * Deletes up to `limit` of a form's records (every revision) of days before `beforeDay`, and from
 * `fromDay` on when given; returns how many went. One short statement: the caller loops.
 */
export async function deleteExpiredBatch(
  db: Db,
  query: { formKey: string; beforeDay: string; fromDay: string | null; limit: number },
): Promise<number> {
  return countOf(
    db,
    sql`
      with doomed as (
        select id, day from ${records}
         where ${expired(query.formKey, query.beforeDay, query.fromDay)}
         limit ${query.limit}
      ), gone as (
        delete from ${records} r using doomed d
         where r.id = d.id and r.day = d.day
        returning 1
      )
      select count(*)::int as n from gone
    `,
  );
}

/**
 * Anonymises up to `limit` of a form's records before `beforeDay` not yet anonymised: the values keep
 * only `keep`'s keys, and when the subject is a person or a household its id is replaced by a random
 * one, so the record still counts in a day's statistics but no longer says whose it was.
 */
export async function anonymiseExpiredBatch(
  db: Db,
  query: {
    formKey: string;
    beforeDay: string;
    fromDay: string | null;
    keep: string[];
    unlinkSubject: boolean;
    limit: number;
    at: Date;
  },
): Promise<number> {
  const keep = sql`array[${sql.join(
    query.keep.map((k) => sql`${k}`),
    sql`, `,
  )}]::text[]`;
  return countOf(
    db,
    sql`
      with target as (
        select id, day from ${records}
         where ${expired(query.formKey, query.beforeDay, query.fromDay)} and anonymised_at is null
         limit ${query.limit}
      ), done as (
        update ${records} r
           set values = (select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb)
                           from jsonb_each(r.values) e
                          where e.key = any(${keep})),
               subject_id = ${query.unlinkSubject ? sql`gen_random_uuid()` : sql`r.subject_id`},
               anonymised_at = ${query.at.toISOString()}::timestamptz
          from target t
         where r.id = t.id and r.day = t.day
        returning 1
      )
      select count(*)::int as n from done
    `,
  );
}
