import type { Db } from '../../core/db/client.ts';
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from '../../core/audit/audit.ts';
import { AppError } from '../../core/errors.ts';
import { breathe } from '../../core/event-loop.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import { formFieldVersions } from './report-templates.repo.ts';
import * as repo from './record-retention.repo.ts';
import {
  PURGE_BATCH,
  keptKeys,
  purgeLowerBound,
  retentionCutoff,
  type RetentionAction,
} from './record-retention.rules.ts';
import type { PurgeRunDto, RetentionItemDto, RetentionSettingsInput } from './record-retention.schema.ts';

/** The name the retention purge runs under in core/jobs. */
export const RECORD_RETENTION_JOB = 'record-retention';

/** What one run did to one form. */
export interface PurgeResult {
  formKey: string;
  action: RetentionAction;
  /** Records of days before this one were purged. */
  beforeDay: string;
  count: number;
}

/** Subjects that are people: an anonymised record must no longer point at one. */
const PERSONAL_SUBJECTS = new Set(['person', 'household']);

async function purgeForm(db: Db, form: repo.CurrentForm, now: Date, who: AuditActor): Promise<PurgeResult> {
  const retentionDays = form.retentionDays ?? 0;
  const action = form.retentionAction;
  const beforeDay = retentionCutoff(now, retentionDays);
  const fromDay = purgeLowerBound(await repo.lastPurgeBeforeDay(db, form.key, action));
  const keep = action === 'anonymise' ? keptKeys(await formFieldVersions(db, form.key)) : [];
  let count = 0;
  // Short statements with turns of the event loop between them: a purge of a year of checkpoint
  // passes never holds the embedded database (or a lock on PostgreSQL) for long.
  for (;;) {
    const done =
      action === 'delete'
        ? await repo.deleteExpiredBatch(db, { formKey: form.key, beforeDay, fromDay, limit: PURGE_BATCH })
        : await repo.anonymiseExpiredBatch(db, {
            formKey: form.key,
            beforeDay,
            fromDay,
            keep,
            unlinkSubject: PERSONAL_SUBJECTS.has(form.subjectKind),
            limit: PURGE_BATCH,
            at: now,
          });
    count += done;
    if (done < PURGE_BATCH) break;
    await breathe();
  }
  // A run that found nothing leaves no trace: the hourly job would otherwise fill the log with zeros.
  if (count > 0) {
    await db.transaction(async (tx) => {
      await repo.insertPurge(tx, { formKey: form.key, action, beforeDay, count, ranAt: now });
      await recordAudit(tx, who, {
        action: 'record_retention.purge',
        entityType: 'record_form',
        entityId: form.key,
        after: { action, beforeDay, count, retentionDays, kept: action === 'anonymise' ? keep : undefined },
      });
    });
  }
  return { formKey: form.key, action, beforeDay, count };
}

/**
 * Deletes or anonymises records past their form's retention period (the current version's setting),
 * form by form; each form that had anything to purge gets a record_purges row and an audit entry.
 */
export async function purgeExpiredRecords(
  db: Db,
  now: Date,
  who: AuditActor = SYSTEM_ACTOR,
): Promise<PurgeResult[]> {
  const forms = (await repo.currentForms(db)).filter((f) => f.retentionDays !== null);
  const results: PurgeResult[] = [];
  for (const form of forms) {
    results.push(await purgeForm(db, form, now, who));
    await breathe();
  }
  return results;
}

// ── settings ─────────────────────────────────────────────────────────────────

const PURGES_SHOWN = 5;

function itemOf(form: repo.CurrentForm, purges: repo.PurgeRow[]): RetentionItemDto {
  return {
    formKey: form.key,
    version: form.version,
    name: form.name,
    active: form.active,
    healthData: form.healthData,
    retentionDays: form.retentionDays,
    retentionAction: form.retentionAction,
    purges: purges
      .filter((p) => p.formKey === form.key)
      .map((p) => ({
        action: p.action,
        beforeDay: p.beforeDay,
        count: p.count,
        ranAt: p.ranAt.toISOString(),
      })),
  };
}

/** Every form with its retention setting and its latest purges (health-data forms first). */
export async function listRetention(ctx: ServiceContext): Promise<{ items: RetentionItemDto[] }> {
  const forms = await repo.currentForms(ctx.db);
  const purges = await repo.recentPurges(
    ctx.db,
    forms.map((f) => f.key),
    PURGES_SHOWN,
  );
  const items = forms
    .map((f) => itemOf(f, purges))
    .sort((a, b) => Number(b.healthData) - Number(a.healthData) || a.formKey.localeCompare(b.formKey));
  return { items };
}

/**
 * Sets a form's retention on its current version row: the setting is about the records, not the
 * form's questions, so it does not make a new version.
 */
export async function setRetention(
  ctx: ServiceContext,
  formKey: string,
  input: RetentionSettingsInput,
): Promise<RetentionItemDto> {
  return ctx.db.transaction(async (tx) => {
    const [form] = await repo.currentForms(tx, formKey);
    if (!form) throw new AppError('not_found');
    const settings = {
      retentionDays: input.retentionDays,
      retentionAction: input.retentionAction ?? form.retentionAction,
    };
    await repo.setRetention(tx, form.id, settings);
    await recordAudit(tx, ctx.who, {
      action: 'record_retention.update',
      entityType: 'record_form',
      entityId: formKey,
      before: { retentionDays: form.retentionDays, retentionAction: form.retentionAction },
      after: settings,
    });
    const purges = await repo.recentPurges(tx, [formKey], PURGES_SHOWN);
    return itemOf({ ...form, ...settings }, purges);
  });
}

/** Runs the purge now, on behalf of the administrator who asked (the audit names them). */
export async function runRetentionNow(ctx: ServiceContext): Promise<PurgeRunDto> {
  const ranAt = new Date();
  const items = await purgeExpiredRecords(ctx.db, ranAt, ctx.who);
  return { ranAt: ranAt.toISOString(), items };
}
