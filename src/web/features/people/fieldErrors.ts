import type { FormInstance } from 'antd';
import { ApiError } from '../../api.ts';

/**
 * Puts the server's field problems on the form's own fields; returns the message for the
 * rest (problems about fields this form does not show, or errors without details).
 */
export function placeFieldErrors<T>(
  form: FormInstance<T>,
  caught: unknown,
  fields: readonly string[],
  fallback: string,
): string | null {
  if (!(caught instanceof ApiError)) return fallback;
  const known = caught.details.filter((d) => fields.includes(d.field));
  form.setFields(known.map((d) => ({ name: d.field as never, errors: [d.reason] })));
  const other = caught.details.filter((d) => !fields.includes(d.field));
  if (known.length > 0 && other.length === 0) return null;
  return other.length > 0 ? `${fallback} — ${other.map((d) => d.reason).join(' · ')}` : fallback;
}
