import { randomUUID } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import type { FieldSpec } from '../../shared/form-fields.ts';
import type { RecordSubjectKind } from '../../shared/record-forms.ts';
import { recordForms, records } from '../modules/records/records.tables.ts';
import { ensureRecordPartitions } from '../modules/records/records.partitions.ts';

const label = (zh: string, en: string) => ({ zh, en });
const options = (...values: string[]) => values.map((value) => ({ value, label: label(value, value) }));
const number = (key: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label: label(key, key),
  type: 'number',
  required: false,
  min: 0,
  ...extra,
});

/** The built-in forms' fields as the contract names them (the records core owns the real definitions). */
export const TEST_FORM_FIELDS: Record<string, FieldSpec[]> = {
  enterprise_daily: [
    number('staff_on_duty'),
    number('staff_returned'),
    number('staff_from_outside_province'),
    number('staff_in_quarantine'),
    number('capacity_percent', { max: 100 }),
    { key: 'raw_material_days', label: label('原材料', 'Raw material'), type: 'item_list', required: false },
    number('masks_in_stock'),
    number('disinfectant_kg'),
    { key: 'problems', label: label('问题', 'Problems'), type: 'textarea', required: false },
  ],
  resident_screening: [
    { key: 'temperature', label: label('体温', 'Temperature'), type: 'temperature', required: true },
    {
      key: 'symptoms',
      label: label('症状', 'Symptoms'),
      type: 'multi_select',
      required: false,
      options: options('fever', 'cough', 'fatigue', 'shortness_of_breath', 'none'),
    },
    { key: 'travel_14d', label: label('外出', 'Travel'), type: 'boolean', required: false },
    {
      key: 'quarantine_status',
      label: label('隔离', 'Quarantine'),
      type: 'select',
      required: false,
      options: options('none', 'home', 'centralised', 'released'),
    },
  ],
  checkpoint_pass: [
    {
      key: 'party',
      label: label('类别', 'Party'),
      type: 'select',
      required: true,
      options: options('person', 'vehicle'),
    },
    {
      key: 'direction',
      label: label('方向', 'Direction'),
      type: 'select',
      required: true,
      options: options('in', 'out'),
    },
    { key: 'temperature', label: label('体温', 'Temperature'), type: 'temperature', required: false },
    { key: 'mask', label: label('口罩', 'Mask'), type: 'boolean', required: false },
    {
      key: 'visitor_type',
      label: label('人员', 'Visitor'),
      type: 'select',
      required: false,
      options: options('resident', 'visitor'),
    },
    { key: 'origin', label: label('来源地', 'Origin'), type: 'text', required: false },
    { key: 'plate', label: label('车牌', 'Plate'), type: 'text', required: false },
  ],
  door_visit: [
    {
      key: 'outcome',
      label: label('结果', 'Outcome'),
      type: 'select',
      required: true,
      options: options('answered', 'notice_posted', 'notice_torn', 'refused'),
    },
    number('people_present'),
    { key: 'note', label: label('备注', 'Note'), type: 'text', required: false },
  ],
};

const SUBJECT_KIND: Record<string, RecordSubjectKind> = {
  enterprise_daily: 'org',
  resident_screening: 'person',
  checkpoint_pass: 'place',
  door_visit: 'household',
};

/** Inserts a version of a form (the contract's fields for a built-in key unless given). */
export async function createRecordForm(
  db: Db,
  key: string,
  options: {
    version?: number;
    fields?: FieldSpec[];
    subjectKind?: RecordSubjectKind;
    retentionDays?: number | null;
    retentionAction?: 'delete' | 'anonymise';
    healthData?: boolean;
    active?: boolean;
  } = {},
): Promise<{ id: string; key: string; version: number }> {
  const version = options.version ?? 1;
  const [row] = await db
    .insert(recordForms)
    .values({
      key,
      version,
      name: label(`表单 ${key}`, `Form ${key}`),
      subjectKind: options.subjectKind ?? SUBJECT_KIND[key] ?? 'place',
      fields: options.fields ?? TEST_FORM_FIELDS[key] ?? [],
      healthData: options.healthData ?? (options.retentionDays ?? null) !== null,
      retentionDays: options.retentionDays ?? null,
      retentionAction: options.retentionAction ?? 'anonymise',
      active: options.active ?? true,
      channels: ['staff'],
    })
    .returning({ id: recordForms.id });
  if (!row) throw new Error('form not inserted');
  return { id: row.id, key, version };
}

export interface TestRecordInput {
  formKey: string;
  day: string;
  areaPath: string;
  values: Record<string, unknown>;
  subjectId?: string;
  subjectKind?: RecordSubjectKind;
  formVersion?: number;
  recordId?: string;
  revision?: number;
  current?: boolean;
}

/** Inserts records straight into the table (partitions first), one row each; returns their row ids. */
export async function insertTestRecords(db: Db, rows: TestRecordInput[]): Promise<string[]> {
  if (rows.length === 0) return [];
  await ensureRecordPartitions(db, new Set(rows.map((r) => r.day)));
  const inserted = await db
    .insert(records)
    .values(
      rows.map((r) => ({
        day: r.day,
        recordId: r.recordId ?? randomUUID(),
        revision: r.revision ?? 1,
        current: r.current ?? true,
        formKey: r.formKey,
        formVersion: r.formVersion ?? 1,
        subjectKind: r.subjectKind ?? SUBJECT_KIND[r.formKey] ?? 'place',
        subjectId: r.subjectId ?? randomUUID(),
        areaPath: r.areaPath,
        observedAt: new Date(`${r.day}T02:00:00Z`),
        values: r.values,
        channel: 'staff' as const,
        clientKey: randomUUID(),
      })),
    )
    .returning({ id: records.id });
  return inserted.map((r) => r.id);
}
