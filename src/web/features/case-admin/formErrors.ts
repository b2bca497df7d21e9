import type { FormInstance } from 'antd';
import { ApiError } from '../../api.ts';

type NamePath = (string | number)[];

/** `fields.0.label.zh` → ['fields', 0, 'label', 'zh'], the name Form.List gives that input. */
export function namePathOf(field: string): NamePath {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's `details: [{field, reason}]` on the inputs they name, nested list rows
 * included. Returns the problems that found no input on screen (the caller shows those in a toast).
 */
export function placeServerErrors(form: FormInstance, error: unknown): { field: string; reason: string }[] {
  if (!(error instanceof ApiError)) return [];
  const placed = error.details.filter((d) => d.field !== '' && d.field !== 'version');
  form.setFields(placed.map((d) => ({ name: namePathOf(d.field), errors: [d.reason] })));
  return error.details.filter((d) => {
    const name = namePathOf(d.field);
    return !placed.includes(d) || form.getFieldError(name).length === 0;
  });
}

/** A 409 because someone else saved first: the form must be reloaded. */
export function isStale(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 409 &&
    (error.code === 'stale' || error.details.some((d) => d.field === 'version'))
  );
}
