import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../core/db/client.ts';
import { insertAreas, type AreaRow } from '../modules/areas/areas.repo.ts';
import { ensureRecordPartitions } from '../modules/records/records.partitions.ts';
import { recordForms, records, screenings } from '../modules/records/records.tables.ts';
import type { FormExpectation, RecordSubjectKind } from '../../shared/record-forms.ts';

// Test helpers of the compliance module: forms, records and screenings written straight to the
// tables, so these tests do not depend on the records core service.

const FORMS: Array<{ key: string; subjectKind: RecordSubjectKind; expectation: FormExpectation | null }> = [
  {
    key: 'enterprise_daily',
    subjectKind: 'org',
    expectation: { subjects: 'resumed_enterprises', perDay: 1 },
  },
  {
    key: 'resident_screening',
    subjectKind: 'person',
    expectation: { subjects: 'screened_residents', perDay: 1 },
  },
  { key: 'checkpoint_pass', subjectKind: 'place', expectation: { subjects: 'checkpoints', perDay: 2 } },
  { key: 'venue_disinfection', subjectKind: 'place', expectation: { subjects: 'venues', perDay: 1 } },
  { key: 'door_visit', subjectKind: 'household', expectation: null },
];

/** Version 1 of the forms compliance reads (expectations as the contract fixes them), when missing. */
export async function ensureComplianceForms(db: Db): Promise<void> {
  await db
    .insert(recordForms)
    .values(
      FORMS.map((f) => ({
        key: f.key,
        version: 1,
        name: { zh: f.key, en: f.key },
        subjectKind: f.subjectKind,
        fields: [],
        expectation: f.expectation,
      })),
    )
    .onConflictDoNothing();
}

/** A current record of a form for a subject on a day (its month partition created first). */
export async function insertRecord(
  db: Db,
  input: {
    formKey: string;
    day: string;
    subjectKind: RecordSubjectKind;
    subjectId: string;
    areaPath: string;
    current?: boolean;
  },
): Promise<void> {
  await ensureRecordPartitions(db, [input.day]);
  await db.insert(records).values({
    day: input.day,
    recordId: randomUUID(),
    formKey: input.formKey,
    formVersion: 1,
    subjectKind: input.subjectKind,
    subjectId: input.subjectId,
    areaPath: input.areaPath,
    observedAt: new Date(`${input.day}T09:00:00+08:00`),
    values: {},
    channel: 'staff',
    clientKey: `test-${randomBytes(8).toString('hex')}`,
    current: input.current ?? true,
  });
}

export async function createScreeningRow(
  db: Db,
  person: { id: string; areaPath: string },
  fromDay: string,
  untilDay: string | null = null,
) {
  const [row] = await db
    .insert(screenings)
    .values({ personId: person.id, areaPath: person.areaPath, fromDay, untilDay, reason: '返乡14天' })
    .returning();
  if (!row) throw new Error('screening not inserted');
  return row;
}

/** A place (checkpoint, market …) under an area. */
export async function createPlace(
  db: Db,
  parent: Pick<AreaRow, 'id' | 'path' | 'depth'>,
  kind: string,
  name: string,
  active = true,
): Promise<AreaRow> {
  const code = `P${randomBytes(3).toString('hex')}`;
  const [row] = await insertAreas(db, [
    {
      code,
      name,
      level: 'place',
      kind,
      parentId: parent.id,
      path: `${parent.path}.${code}`,
      depth: parent.depth + 1,
      active,
    },
  ]);
  if (!row) throw new Error('place not inserted');
  return row;
}
