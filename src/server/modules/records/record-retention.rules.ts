import type { FieldSpec, FieldType } from '../../../shared/form-fields.ts';
import { reportingDay } from '../../../shared/record-forms.ts';

export const RETENTION_ACTIONS = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

/** Rows per purge statement: each one is short, so the embedded database serves requests in between. */
export const PURGE_BATCH = 5_000;

/**
 * A run only looks this far below the previous run's cut-off: everything older was purged then, and
 * the margin covers records synced late from an offline device.
 */
export const PURGE_LOOKBACK_DAYS = 31;

/**
 * Field types an anonymised record keeps: values that count in the statistics (a temperature, a
 * yes/no, a choice, a number) and say nothing about who it was. Free text, photos, dates and item
 * lists (named by the user) may identify someone, so they go.
 */
const STATISTICAL_TYPES: readonly FieldType[] = [
  'number',
  'temperature',
  'boolean',
  'select',
  'multi_select',
];

/**
 * The value keys an anonymised record of a form keeps, over every version of its fields: a key is
 * kept only if every version that has it gives it a statistical type (a key that was once free text
 * may hold a name in old records).
 */
export function keptKeys(versions: readonly (readonly FieldSpec[])[]): string[] {
  const kept = new Set<string>();
  const dropped = new Set<string>();
  for (const fields of versions) {
    for (const field of fields) {
      if (STATISTICAL_TYPES.includes(field.type)) kept.add(field.key);
      else dropped.add(field.key);
    }
  }
  return [...kept].filter((k) => !dropped.has(k)).sort();
}

/** Adds whole days to an ISO date. */
export function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * The first day a form's records are kept: records of days before it are past retention. With 90
 * days on 1 June (Shanghai), 3 March is the oldest day kept.
 */
export function retentionCutoff(now: Date, retentionDays: number): string {
  return addDays(reportingDay(now), -retentionDays);
}

/**
 * The oldest day a run needs to look at: the previous run's cut-off less the look-back margin, or
 * no bound at all for a form never purged.
 */
export function purgeLowerBound(previousBeforeDay: string | null): string | null {
  return previousBeforeDay === null ? null : addDays(previousBeforeDay, -PURGE_LOOKBACK_DAYS);
}
