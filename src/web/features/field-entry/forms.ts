import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../../shared/access.ts';
import { fieldEntryApi, type EntryForm } from './api.ts';

/** Staff fill a form on the 'staff' channel; an enterprise user fills its own report on the 'subject' channel. */
export function formsFor(forms: readonly EntryForm[], role: Role): EntryForm[] {
  const channel = role === 'enterprise_user' ? 'subject' : 'staff';
  // The field forms (usable offline) first: they are what a phone at a gate or a door is opened for.
  return forms
    .filter((f) => f.active && f.channels.includes(channel))
    .sort((a, b) => Number(b.offline) - Number(a.offline));
}

export function useEntryForms() {
  return useQuery({
    queryKey: ['record-forms'],
    queryFn: fieldEntryApi.forms,
    // Offline the service worker answers from its copy; once loaded, the forms stay for the shift.
    networkMode: 'offlineFirst',
    staleTime: 10 * 60_000,
    gcTime: 24 * 3600_000,
  });
}

/** Where an entry is made: the place kind the subject picker offers, from the form's expectation. */
export function placeKindOf(form: EntryForm): string | undefined {
  return form.expectation?.subjects === 'checkpoints' ? 'checkpoint' : undefined;
}

/** Answers kept from one entry to the next: a volunteer logs pass after pass in the same direction. */
export const STICKY_FIELDS: ReadonlySet<string> = new Set(['direction']);

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, so plain-HTTP intranets get the fallback. */
export function clientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
