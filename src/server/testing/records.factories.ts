import type { Db } from '../core/db/client.ts';
import type { App } from '../app.ts';
import { seedRecordForms } from '../modules/records/records.seed.ts';
import { ensureRecordPartitions } from '../modules/records/records.partitions.ts';
import { records } from '../modules/records/records.tables.ts';
import type { RecordSubjectKind } from '../../shared/record-forms.ts';
import { reportingDay } from '../../shared/record-forms.ts';
import { createAreaTree, type Session, type TestTree, type TestUser } from './factories.ts';
import { signInWith } from './cases.factories.ts';
import { createPerson, createHousehold } from './people.factories.ts';
import { createEnterprise } from './staff.factories.ts';

/** Realistic values of each built-in form, valid under version 1. */
export const SAMPLE_VALUES: Record<string, Record<string, unknown>> = {
  enterprise_daily: {
    staff_on_duty: 120,
    staff_returned: 130,
    staff_from_outside_province: 25,
    staff_in_quarantine: 4,
    capacity_percent: 75,
    raw_material_days: [
      { item: '硫酸', value: 12 },
      { item: '包装纸箱', value: 30 },
    ],
    masks_in_stock: 3000,
    disinfectant_kg: 40,
  },
  resident_screening: { temperature: 36.5, symptoms: ['none'], travel_14d: false, quarantine_status: 'none' },
  checkpoint_pass: {
    party: 'person',
    direction: 'in',
    temperature: 36.6,
    mask: true,
    visitor_type: 'resident',
    origin: '嘉兴',
  },
  venue_disinfection: { done: true, times: 3, agent: '84 消毒液', areas: ['entrance', 'stalls'] },
  market_prices: {
    prices: [
      { item: '猪肉', value: 28 },
      { item: '青菜', value: 3.5 },
    ],
  },
  door_visit: { outcome: 'answered', people_present: 3 },
  returnee_registration: {
    returned_from: '湖北武汉',
    returned_on: '2020-02-05',
    via_landlord: '张房东',
    transport: 'car',
  },
};

/** The body of POST /api/records for a subject, with a fresh idempotency key unless given. */
export function recordBody(
  formKey: string,
  subject: { kind: RecordSubjectKind; id: string },
  extra: { key?: string; values?: Record<string, unknown>; observedAt?: string; formVersion?: number } = {},
) {
  return {
    key: extra.key ?? crypto.randomUUID(),
    formKey,
    subject,
    values: extra.values ?? SAMPLE_VALUES[formKey] ?? {},
    ...(extra.observedAt ? { observedAt: extra.observedAt } : {}),
    ...(extra.formVersion ? { formVersion: extra.formVersion } : {}),
  };
}

export interface RecordsWorld {
  tree: TestTree;
  /** Enterprise in town A's grid; another in town B's. */
  org: { id: string; areaPath: string };
  otherOrg: { id: string; areaPath: string };
  person: { id: string; areaPath: string };
  household: { id: string; areaPath: string };
  /** The checkpoint under town A's grid (tree.place). */
  place: { id: string; areaPath: string };
  admin: Session & { user: TestUser };
  townA: Session & { user: TestUser };
  townB: Session & { user: TestUser };
  worker: Session & { user: TestUser };
  entUser: Session & { user: TestUser };
  volunteer: Session & { user: TestUser };
  supervisor: Session & { user: TestUser };
}

/** Forms seeded, a small city with one subject of each kind, and a signed-in user of each relevant role. */
export async function createRecordsWorld(app: App, db: Db): Promise<RecordsWorld> {
  await seedRecordForms(db);
  const tree = await createAreaTree(db);
  const org = await createEnterprise(db, tree.grids[0], { name: '平湖测试制衣厂', status: 'resumed' });
  const otherOrg = await createEnterprise(db, tree.grids[1], { name: '乙镇测试企业', status: 'resumed' });
  const household = await createHousehold(db, tree.grids[0]);
  const person = await createPerson(db, tree.grids[0], {
    name: '李测试',
    householdId: household.id,
    householdRole: 'head',
  });
  return {
    tree,
    org,
    otherOrg,
    person,
    household,
    place: { id: tree.place.id, areaPath: tree.place.path },
    admin: await signInWith(app, db, { role: 'admin', scopePath: null }),
    townA: await signInWith(app, db, { role: 'town_staff', scopePath: tree.towns[0].path }),
    townB: await signInWith(app, db, { role: 'town_staff', scopePath: tree.towns[1].path }),
    worker: await signInWith(app, db, { role: 'community_worker', scopePath: tree.communities[0].path }),
    entUser: await signInWith(app, db, { role: 'enterprise_user', scopePath: null, orgId: org.id }),
    volunteer: await signInWith(app, db, { role: 'volunteer', scopePath: tree.towns[0].path }),
    supervisor: await signInWith(app, db, { role: 'supervisor', scopePath: tree.city.path }),
  };
}

/**
 * A record row written straight to the table (partition ensured; no rules run), for tests of other
 * modules — compliance, templates, retention — that need records in a given state.
 */
export async function insertRecord(
  db: Db,
  options: {
    formKey: string;
    subject: { kind: RecordSubjectKind; id: string; areaPath: string };
    values?: Record<string, unknown>;
    observedAt?: Date;
    formVersion?: number;
    submittedBy?: string | null;
  },
): Promise<typeof records.$inferSelect> {
  const observedAt = options.observedAt ?? new Date();
  const day = reportingDay(observedAt);
  await ensureRecordPartitions(db, [day]);
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(records)
    .values({
      id,
      day,
      recordId: id,
      formKey: options.formKey,
      formVersion: options.formVersion ?? 1,
      subjectKind: options.subject.kind,
      subjectId: options.subject.id,
      areaPath: options.subject.areaPath,
      observedAt,
      values: options.values ?? SAMPLE_VALUES[options.formKey] ?? {},
      channel: 'staff',
      submittedBy: options.submittedBy ?? null,
      clientKey: crypto.randomUUID(),
    })
    .returning();
  if (!row) throw new Error('record not inserted');
  return row;
}
