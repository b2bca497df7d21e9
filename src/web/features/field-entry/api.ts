import type { FieldSpec, Localised } from '../../../shared/form-fields.ts';
import type { FormExpectation, RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { request, uploadFile } from '../../api.ts';
import { currentLang } from '../../i18n.ts';

// Shapes of the records API as the entry screens use them (records contract; the server's
// src/server/modules/records/records.schema.ts is the source of truth).

export interface EntryForm {
  id: string;
  key: string;
  version: number;
  name: Localised;
  description: Localised | null;
  subjectKind: RecordSubjectKind;
  fields: FieldSpec[];
  expectation: FormExpectation | null;
  offline: boolean;
  channels: RecordChannel[];
  active: boolean;
}

export interface EntrySubject {
  kind: RecordSubjectKind;
  id: string;
  name: string;
  areaName: string | null;
}

/** The body of POST /api/records, and of each item of POST /api/records/batch. */
export interface RecordBody {
  key: string;
  formKey: string;
  formVersion: number;
  subject: { kind: RecordSubjectKind; id: string };
  observedAt: string;
  values: Record<string, unknown>;
}

export type BatchStatus = 'created' | 'duplicate' | 'invalid' | 'not_found';

/** An error as the server words it: the batch gives both languages, a 400 the request's language. */
export interface ItemError {
  field: string;
  reason: Localised | string;
}

export interface BatchResultItem {
  index: number;
  key: string;
  status: BatchStatus;
  id?: string;
  recordId?: string;
  errors?: ItemError[];
}

export interface BatchResult {
  created: number;
  duplicates: number;
  invalid: number;
  results: BatchResultItem[];
}

export interface StoredRecordDto {
  id: string;
  recordId: string;
  replayed?: boolean;
}

export function loc(value: Localised | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return currentLang() === 'en-US' ? value.en : value.zh;
}

export const fieldEntryApi = {
  forms: () => request<{ items: EntryForm[] }>('GET', '/api/record-forms'),
  subjects: (kind: RecordSubjectKind, q?: string, placeKind?: string) =>
    request<{ items: EntrySubject[] }>('GET', '/api/record-subjects', { query: { kind, q, placeKind } }),
  submit: (body: RecordBody) => request<StoredRecordDto>('POST', '/api/records', { body }),
  batch: (items: RecordBody[]) => request<BatchResult>('POST', '/api/records/batch', { body: { items } }),
};

/** Sends a photo as the raw request body (its own Content-Type); the server checks its magic bytes. */
export async function uploadPhoto(file: File, csrfToken: string): Promise<{ id: string }> {
  const query = new URLSearchParams({ fileName: file.name }).toString();
  return uploadFile<{ id: string }>(`/api/record-photos?${query}`, file, csrfToken);
}
