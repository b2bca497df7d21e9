import type { FormInstance } from 'antd';
import { ApiError } from '../../api.ts';

/**
 * Puts the server's `details: [{field, reason}]` on the form's fields (`fields.size` names the
 * nested answer); returns true when every problem found a field, so no toast is needed.
 */
export function showServerErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.details.length === 0) return false;
  const known = error.details.filter((d) => fields.includes(d.field) || d.field.startsWith('fields.'));
  form.setFields(known.map((d) => ({ name: d.field.split('.'), errors: [d.reason] })));
  return known.length === error.details.length;
}
