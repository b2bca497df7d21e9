import type { Db } from '../core/db/client.ts';
import type { FieldSpec } from '../../shared/form-fields.ts';
import type { FormExpectation, RecordChannel, RecordSubjectKind } from '../../shared/record-forms.ts';
import type { AreaRow } from '../modules/areas/areas.repo.ts';
import { ensureRecordPartitions } from '../modules/records/records.partitions.ts';
import type { StoredRecord } from '../modules/records/records.contract.ts';
import { recordForms, records, screenings } from '../modules/records/records.tables.ts';
import { createUser, type TestUser } from './factories.ts';
import { createGridWorker, createLiaison, createStaff } from './staff.factories.ts';

const opt = (value: string) => ({ value, label: { zh: value, en: value } });
const field = (key: string, type: FieldSpec['type'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label: { zh: key, en: key },
  type,
  required: false,
  ...extra,
});

/**
 * The built-in forms' fields the rules read, written straight to record_forms (version 1; an existing
 * row of the key is kept), so the rules' tests do not depend on the records core's seed.
 */
const TEST_FORMS: {
  key: string;
  subjectKind: RecordSubjectKind;
  fields: FieldSpec[];
  expectation: FormExpectation | null;
}[] = [
  {
    key: 'enterprise_daily',
    subjectKind: 'org',
    fields: [
      field('staff_on_duty', 'number', { min: 0 }),
      field('capacity_percent', 'number', { min: 0, max: 100 }),
      field('raw_material_days', 'item_list', { min: 0 }),
      field('problems', 'textarea'),
    ],
    expectation: { subjects: 'resumed_enterprises', perDay: 1 },
  },
  {
    key: 'resident_screening',
    subjectKind: 'person',
    fields: [
      field('temperature', 'temperature', { min: 34, max: 43 }),
      field('symptoms', 'multi_select', { options: ['fever', 'cough', 'none'].map(opt) }),
      field('travel_14d', 'boolean'),
    ],
    expectation: { subjects: 'screened_residents', perDay: 1 },
  },
  {
    key: 'checkpoint_pass',
    subjectKind: 'place',
    fields: [
      field('party', 'select', { options: ['person', 'vehicle'].map(opt) }),
      field('temperature', 'temperature', { min: 34, max: 43 }),
      field('mask', 'boolean'),
    ],
    expectation: { subjects: 'checkpoints', perDay: 2 },
  },
  {
    key: 'door_visit',
    subjectKind: 'household',
    fields: [
      field('outcome', 'select', {
        options: ['answered', 'notice_posted', 'notice_torn', 'refused'].map(opt),
      }),
      field('note', 'text'),
    ],
    expectation: null,
  },
];

export async function insertRuleTestForms(db: Db): Promise<void> {
  await db
    .insert(recordForms)
    .values(
      TEST_FORMS.map((f) => ({
        key: f.key,
        version: 1,
        name: { zh: f.key, en: f.key },
        subjectKind: f.subjectKind,
        fields: f.fields,
        expectation: f.expectation,
      })),
    )
    .onConflictDoNothing();
}

/**
 * A record row written straight to the table (pass the root handle: its month's partition is made
 * first), returned as the records service hands it to the rules.
 */
export async function storeTestRecord(
  db: Db,
  input: {
    formKey: string;
    subjectKind: RecordSubjectKind;
    subjectId: string;
    areaPath: string;
    day: string;
    values: Record<string, unknown>;
    observedAt?: Date;
    channel?: RecordChannel;
  },
): Promise<StoredRecord> {
  await ensureRecordPartitions(db, [input.day]);
  const recordId = crypto.randomUUID();
  const observedAt = input.observedAt ?? new Date(`${input.day}T02:00:00.000Z`);
  const [row] = await db
    .insert(records)
    .values({
      day: input.day,
      recordId,
      formKey: input.formKey,
      formVersion: 1,
      subjectKind: input.subjectKind,
      subjectId: input.subjectId,
      areaPath: input.areaPath,
      observedAt,
      values: input.values,
      channel: input.channel ?? 'staff',
      clientKey: `test-${crypto.randomUUID()}`,
    })
    .returning({ id: records.id });
  if (!row) throw new Error('record not inserted');
  return {
    id: row.id,
    recordId,
    revision: 1,
    day: input.day,
    formKey: input.formKey,
    formVersion: 1,
    subjectKind: input.subjectKind,
    subjectId: input.subjectId,
    areaPath: input.areaPath,
    observedAt,
    values: input.values,
    channel: input.channel ?? 'staff',
    submittedBy: null,
  };
}

/** A person under daily screening from a day (until a day, or open). */
export async function createScreening(
  db: Db,
  person: { id: string; areaPath: string },
  fromDay: string,
  untilDay: string | null = null,
): Promise<void> {
  await db
    .insert(screenings)
    .values({ personId: person.id, areaPath: person.areaPath, fromDay, untilDay, reason: '测试' });
}

/** A user who is the enterprise's active primary liaison (user → staff → liaison assignment). */
export async function createLiaisonUser(
  db: Db,
  org: { id: string; areaPath: string },
  scopePath: string,
): Promise<TestUser> {
  const user = await createUser(db, { role: 'liaison', scopePath });
  const person = await createStaff(db, { path: scopePath }, { userId: user.id });
  await createLiaison(db, org, person.id);
  return user;
}

/** A user who is the grid's active grid worker (user → staff → grid_worker assignment). */
export async function createGridWorkerUser(db: Db, grid: Pick<AreaRow, 'id' | 'path'>): Promise<TestUser> {
  const user = await createUser(db, { role: 'community_worker', scopePath: grid.path });
  const person = await createStaff(db, grid, { userId: user.id });
  await createGridWorker(db, grid, person.id);
  return user;
}
