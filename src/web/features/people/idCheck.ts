import {
  birthDateOfResidentId,
  isValidPhone,
  isValidResidentId,
  normaliseIdentifier,
} from '../../../shared/identifiers.ts';
import type { IdType } from './types.ts';

/**
 * The same checks the server makes, with the same shared functions, so a mistyped number is caught
 * before submitting: returns an i18n key (and count) or null.
 */
export function idNumberProblem(idType: IdType, raw: string): { key: string; count?: number } | null {
  const id = normaliseIdentifier(raw);
  if (id === '') return null;
  if (idType !== 'resident_id') {
    return /^[0-9A-Z-]{5,20}$/.test(id) ? null : { key: 'people.idOther' };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return id.length !== 18 ? { key: 'people.idLength', count: id.length } : { key: 'people.idFormat' };
  }
  if (!birthDateOfResidentId(id)) return { key: 'people.idBirth' };
  if (!isValidResidentId(id)) return { key: 'people.idCheck' };
  return null;
}

export function phoneProblem(raw: string): string | null {
  const text = normaliseIdentifier(raw);
  if (text === '') return null;
  const phone = /^\+?86(1\d{10})$/.exec(text)?.[1] ?? text;
  return isValidPhone(phone) ? null : 'people.phoneInvalid';
}
