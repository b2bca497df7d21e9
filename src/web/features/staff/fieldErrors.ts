import type { FormInstance } from 'antd';
import { ApiError } from '../../api.ts';

/**
 * Puts the server's field problems on the form fields it names; returns true when every problem
 * found a field, so the caller need not repeat them in a toast.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (!(error instanceof ApiError) || error.details.length === 0) return false;
  const known = error.details.filter((d) => fields.includes(d.field));
  form.setFields(known.map((d) => ({ name: d.field, errors: [d.reason] })));
  return known.length === error.details.length;
}

/** A 409 on `version`: someone else saved first, the form must be reloaded. */
export function isStaleVersion(error: unknown): boolean {
  return (
    error instanceof ApiError && error.status === 409 && error.details.some((d) => d.field === 'version')
  );
}
