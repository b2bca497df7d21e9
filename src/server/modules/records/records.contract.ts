import type { RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';

/** A record row as stored, handed from the records service to the rules (and later the dashboard rollups). */
export interface StoredRecord {
  /** The row (revision) id. */
  id: string;
  /** Stable across corrections. */
  recordId: string;
  revision: number;
  day: string;
  formKey: string;
  formVersion: number;
  subjectKind: RecordSubjectKind;
  subjectId: string;
  areaPath: string;
  observedAt: Date;
  values: Record<string, unknown>;
  channel: RecordChannel;
  submittedBy: string | null;
}
