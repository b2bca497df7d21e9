import type { Localised } from '../../../shared/form-fields.ts';
import { currentLang } from '../../i18n.ts';

/** The localised text of a {zh, en} pair (or a plain string); a blank side falls back to the other. */
export function loc(value: Localised | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return currentLang() === 'en-US' ? value.en || value.zh : value.zh || value.en;
}
