// What one field's rule cannot say alone about a record's values. The server runs it on every
// submission (records.rules.ts) and the field-entry screens run it before queueing, so an entry kept
// offline for hours is not refused when it finally syncs.
import type { FieldAnswers, FieldError } from './form-fields.ts';

const blank = (value: unknown): boolean => value === undefined || value === null;

/**
 * Checks across fields of one record, errors named `values.<key>` in zh and en: a person passing a
 * checkpoint has a temperature taken, a vehicle need not (the field is optional in the form for that).
 */
export function recordCrossFieldErrors(formKey: string, values: FieldAnswers): FieldError[] {
  if (formKey === 'checkpoint_pass' && values.party === 'person' && blank(values.temperature))
    return [
      { field: 'values.temperature', reason: { zh: '人员通行须测体温', en: 'is required for a person' } },
    ];
  return [];
}
