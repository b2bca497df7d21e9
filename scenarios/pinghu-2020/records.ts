// The demo city's daily records, 31 January – 29 February 2020 (30 days): enterprise daily reports from
// each enterprise's resumption day, with staff and capacity rising over the month; the screening of
// 凤凰社区's returning tenants (a 14-day period each) and of a few residents in home quarantine; passes
// at the demo's checkpoints in two shifts; disinfection of every market, supermarket and venue; prices at
// 广陈镇's markets and supermarkets; the door-to-door round of 凤凰社区's tenant households; and the
// returnees' registrations. 中部理化's report of 11 February shows 硫酸 for 3 days, the record behind its
// sulfuric-acid case (cases.ts), and the raw-material rule's hit points at that case.
//
// Everything is dated February 2020 whatever the load time, drawn from its own seeded PRNG, so every load
// gives the same rows; ids come from stableId. Rows are written with one multi-row insert per few
// thousand (json_populate_recordset, see insertAsJson).
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/server/core/db/client.ts';
import {
  recordForms,
  recordRuleHits,
  recordRules,
  records,
  screenings,
} from '../../src/server/modules/records/records.tables.ts';
import { ensureRecordPartitions } from '../../src/server/modules/records/records.partitions.ts';
import { seedRecordForms } from '../../src/server/modules/records/records.seed.ts';
import { seedRecordRules } from '../../src/server/modules/records/record-rules.seed.ts';
import { seedReportTemplates } from '../../src/server/modules/records/report-templates.seed.ts';
import type { RecordChannel, RecordSubjectKind } from '../../src/shared/record-forms.ts';
import type { AreaIndex, AreaRef } from './area-index.ts';
import { DEMO_CASE_IDS, insertAsJson, ZHONGBU_ORG_ID, type CaseStaffUsers } from './cases.ts';
import { stableId } from './ids.ts';
import { createRng, weighted } from './random.ts';
import type { Registries } from './registries.ts';
import type { Residents } from './residents.ts';

type RecordRow = typeof records.$inferInsert;
type ScreeningRow = typeof screenings.$inferInsert;

/** The demo's first and last record days: 30 days ending with February 2020. */
export const RECORDS_FIRST_DAY = '2020-01-31';
export const RECORDS_LAST_DAY = '2020-02-29';
/** The day 中部理化 reported 硫酸 for 3 days: the day before the liaison's visit opened its case. */
export const SULFURIC_ACID_REPORT_DAY = '2020-02-11';
export const SULFURIC_ACID_ITEM = '硫酸';
/** The delivery from 余杭 arrived on 16 February (the case's resolution). */
const SULFURIC_ACID_DELIVERED_DAY = '2020-02-16';
/**
 * The source has 中部理化 producing (and short of sulfuric acid) before its case of 12 February; the
 * registry's draw resumes it on the 16th, so its reports start on the first resumption day instead.
 */
const ZHONGBU_REPORTS_FROM = '2020-02-10';

export const FENGHUANG_RETURNEES = 1200;
export const HOME_QUARANTINED = 30;

export interface RecordDemoInput {
  areas: AreaIndex;
  registries: Registries;
  residents: Residents;
  staffUsers: CaseStaffUsers;
  userIds: Map<string, string>;
  seed: number;
}

export interface RecordDemo {
  recordRows: RecordRow[];
  screeningRows: ScreeningRow[];
  /** The 中部理化 reports that open and clear the 硫酸 condition (row ids and times). */
  sulfuricAcid: { firstRecordId: string; firedAt: Date; clearedAt: Date };
}

const DAY_MS = 86_400_000;

export function demoDays(from = RECORDS_FIRST_DAY, to = RECORDS_LAST_DAY): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** A wall-clock time in Asia/Shanghai on a day, minutes after midnight. */
const atMinute = (day: string, minute: number): Date =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + minute * 60_000);

/** 0 on 10 February (the first resumption day) … 1 on 29 February. */
const progressOf = (day: string) =>
  Math.min(
    1,
    Math.max(0, (Date.parse(`${day}T00:00:00Z`) - Date.parse('2020-02-10T00:00:00Z')) / (19 * DAY_MS)),
  );

const round1 = (x: number) => Math.round(x * 10) / 10;

const ORIGINS = [
  ['安徽省阜阳市', 18],
  ['安徽省六安市', 10],
  ['河南省周口市', 14],
  ['河南省信阳市', 8],
  ['四川省南充市', 10],
  ['贵州省遵义市', 9],
  ['湖南省邵阳市', 7],
  ['江西省上饶市', 8],
  ['江苏省徐州市', 6],
  ['云南省昭通市', 4],
  ['湖北省黄冈市', 2],
] as const;
const TRANSPORT = [
  ['car', 45],
  ['bus', 25],
  ['train', 25],
  ['plane', 3],
  ['other', 2],
] as const;
const CHECKPOINT_ORIGINS = [
  '平湖市区',
  '嘉兴市区',
  '嘉善县',
  '海盐县',
  '上海市金山区',
  '上海市松江区',
  '桐乡市',
];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const MATERIALS_BY_INDUSTRY: Record<string, string[]> = {
  C: ['钢材', '铝锭', '塑料粒子', '纸浆', '纱线', '电子元器件', '包装纸箱', '化工原料', '橡胶', '面料'],
  E: ['水泥', '钢筋', '砂石'],
  D: ['燃料'],
};
const ZHONGBU_MATERIALS = ['铝锭', SULFURIC_ACID_ITEM, '包装纸箱'];
const DISINFECTANTS = ['84消毒液', '含氯消毒剂', '75%酒精', '过氧乙酸'];
const VENUE_AREAS = ['entrance', 'stalls', 'toilets', 'carts', 'lifts', 'waste'];
const GOODS: ReadonlyArray<readonly [string, number, number]> = [
  // name, price per jin on 31 January, change by 29 February
  ['猪肉', 23.5, 2.0],
  ['青菜', 3.2, -1.0],
  ['鸡蛋', 5.8, -0.4],
  ['大米', 2.6, 0.0],
];

/**
 * 中部理化's days of 硫酸: 8 on its first report, 3 from the 11th (the logistics firm in 余杭 stopped and
 * output rose) until the tanker arrived on the 16th, then a normal stock.
 */
function sulfuricAcidDays(day: string, yesterday: number): number {
  if (day < SULFURIC_ACID_REPORT_DAY) return 8;
  if (day < SULFURIC_ACID_DELIVERED_DAY) return 3;
  if (day === SULFURIC_ACID_DELIVERED_DAY) return 18;
  return yesterday <= 12 ? yesterday + 9 : yesterday - 1;
}

/** Builds every demo record and screening in memory (no database). */
export function buildRecordDemo(input: RecordDemoInput): RecordDemo {
  const { areas, registries, residents, staffUsers, userIds } = input;
  const rng = createRng(input.seed);
  const days = demoDays();
  const recordRows: RecordRow[] = [];
  const screeningRows: ScreeningRow[] = [];
  const add = (
    formKey: string,
    key: string,
    day: string,
    subject: { kind: RecordSubjectKind; id: string; areaPath: string },
    observedAt: Date,
    values: Record<string, unknown>,
    channel: RecordChannel,
    submittedBy: string | null = null,
  ): string => {
    const clientKey = `demo:${formKey}:${key}`;
    const id = stableId(`record:${clientKey}`);
    recordRows.push({
      id,
      recordId: id,
      revision: 1,
      current: true,
      day,
      formKey,
      formVersion: 1,
      subjectKind: subject.kind,
      subjectId: subject.id,
      areaPath: subject.areaPath,
      observedAt,
      values,
      channel,
      submittedBy,
      clientKey,
      createdAt: new Date(observedAt.getTime() + rng.int(0, 20) * 60_000),
    });
    return id;
  };

  // ── enterprise daily reports, from each resumed organisation's resumption day ──
  let sulfuric: RecordDemo['sulfuricAcid'] | undefined;
  const zbhl = userIds.get('zbhl') ?? null;
  for (const org of registries.orgRows) {
    // The compliance board expects the report of every resumed enterprise (kind enterprise).
    if (org.kind !== 'enterprise' || org.status !== 'resumed' || !org.statusSince) continue;
    const id = org.id as string;
    const isZhongbu = id === ZHONGBU_ORG_ID;
    const from = isZhongbu && ZHONGBU_REPORTS_FROM < org.statusSince ? ZHONGBU_REPORTS_FROM : org.statusSince;
    const workforce = org.aboveScale ? rng.int(80, 1200) : rng.int(10, 150);
    const outsideShare = 0.25 + rng.next() * 0.35;
    const startReturned = 0.5 + rng.next() * 0.2;
    const endReturned = 0.88 + rng.next() * 0.1;
    const startCapacity = 25 + rng.int(0, 25);
    const endCapacity = 75 + rng.int(0, 25);
    const pool = MATERIALS_BY_INDUSTRY[org.industry ?? ''];
    const materials = isZhongbu
      ? ZHONGBU_MATERIALS
      : pool
        ? [...new Set([rng.pick(pool), rng.pick(pool), rng.pick(pool)])].slice(0, rng.int(1, 3))
        : [];
    const stock = new Map(materials.map((m) => [m, rng.int(10, 30)]));
    let masks = Math.round(workforce * rng.int(4, 12));
    let disinfectant = rng.int(10, 200);
    const channel: RecordChannel = isZhongbu || !org.aboveScale ? 'subject' : 'staff';
    const submitter = isZhongbu
      ? zbhl
      : org.aboveScale
        ? (staffUsers.liaisonUserByOrg.get(id) ?? null)
        : null;
    const subject = { kind: 'org' as const, id, areaPath: org.areaPath };
    let missedYesterday = false;
    for (const day of days) {
      if (day < from) continue;
      const p = progressOf(day);
      // A report is occasionally late and never filed; never two days running (the 3-day rule stays quiet).
      const reportRate = 0.86 + 0.12 * p;
      if (!isZhongbu && !missedYesterday && day !== from && !rng.chance(reportRate)) {
        missedYesterday = true;
        continue;
      }
      missedYesterday = false;
      const returnedShare = startReturned + (endReturned - startReturned) * p;
      const returned = Math.max(1, Math.round(workforce * returnedShare));
      const fromOutside = Math.round(returned * outsideShare);
      // Workers back from other provinces spend their first 14 days in observation: fewer each day.
      const inQuarantine = Math.min(
        Math.round(fromOutside * Math.max(0, 0.45 - 0.45 * p) * (0.8 + rng.next() * 0.4)),
        returned - 1,
      );
      const capacity = Math.min(
        100,
        Math.round(startCapacity + (endCapacity - startCapacity) * p + rng.int(-3, 3)),
      );
      for (const [material, left] of stock) {
        // Supplies arrive before running low: every firm but 中部理化 keeps a week or more.
        const next = left - 1 + (left <= 9 || rng.chance(0.15) ? rng.int(5, 15) : 0);
        stock.set(material, Math.min(60, Math.max(7, next)));
      }
      if (isZhongbu)
        stock.set(SULFURIC_ACID_ITEM, sulfuricAcidDays(day, stock.get(SULFURIC_ACID_ITEM) ?? 20));
      masks = Math.max(
        workforce * 2,
        masks - returned * 2 + (rng.chance(0.3) ? workforce * rng.int(5, 15) : 0),
      );
      disinfectant = Math.max(
        5,
        round1(disinfectant - rng.next() * 3 + (rng.chance(0.2) ? rng.int(10, 50) : 0)),
      );
      const values: Record<string, unknown> = {
        staff_on_duty: returned - inQuarantine,
        staff_returned: returned,
        staff_from_outside_province: fromOutside,
        staff_in_quarantine: inQuarantine,
        capacity_percent: capacity,
        masks_in_stock: masks,
        disinfectant_kg: disinfectant,
      };
      if (materials.length > 0)
        values.raw_material_days = materials.map((item) => ({ item, value: stock.get(item) as number }));
      if (isZhongbu && day === SULFURIC_ACID_REPORT_DAY)
        values.problems = '浓硫酸库存仅够3天生产，余杭供货物流公司尚未复工、车辆无法办理通行证，请协调。';
      else if (rng.chance(0.01))
        values.problems = rng.pick(['部分外地员工尚未返岗，缺工', '物流运力不足，成品发货慢']);
      const observedAt = atMinute(day, rng.int(16 * 60, 19 * 60));
      const recordId = add(
        'enterprise_daily',
        `${id}:${day}`,
        day,
        subject,
        observedAt,
        values,
        channel,
        submitter,
      );
      if (isZhongbu && day === SULFURIC_ACID_REPORT_DAY)
        sulfuric = { firstRecordId: recordId, firedAt: observedAt, clearedAt: observedAt };
      if (isZhongbu && day === SULFURIC_ACID_DELIVERED_DAY && sulfuric) sulfuric.clearedAt = observedAt;
    }
  }
  if (!sulfuric) throw new Error('中部理化 did not report on the day before its sulfuric-acid case');

  // ── 凤凰社区: returning tenants (14 days of screening, a registration), a few in home quarantine ──
  const fenghuang = areas.get('凤凰社区');
  const inFenghuang = (path: string) => path.startsWith(`${fenghuang.path}.`);
  const tenants = residents.peopleRows.filter((p) => p.residentType === 'tenant' && inFenghuang(p.areaPath));
  const peopleById = new Map(residents.peopleRows.map((p) => [p.id as string, p]));
  const landlordOf = new Map(
    residents.tenancyRows.map((t) => [t.householdId, peopleById.get(t.landlordId)?.name ?? null]),
  );
  // A deterministic shuffle: the first FENGHUANG_RETURNEES return, the next HOME_QUARANTINED stay home.
  const order = tenants
    .map((t) => ({ t, k: rng.next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.t);
  const screen = (
    person: (typeof tenants)[number],
    fromDay: string,
    reason: string,
    quarantine: 'none' | 'home',
    travelled: boolean,
  ) => {
    const id = person.id as string;
    const untilDay = addDays(fromDay, 13);
    screeningRows.push({
      id: stableId(`screening:${id}:${fromDay}`),
      personId: id,
      areaPath: person.areaPath,
      fromDay,
      untilDay,
      reason,
      createdAt: atMinute(fromDay, 9 * 60),
    });
    let missed = 0;
    for (const day of days) {
      if (day < fromDay || day > untilDay) continue;
      const last = day === untilDay;
      // Most days reported; at most two running missed (never the three that open a follow-up).
      if (missed < 2 && day !== fromDay && !rng.chance(day === RECORDS_LAST_DAY ? 0.985 : 0.95)) {
        missed++;
        continue;
      }
      missed = 0;
      const fever = rng.chance(0.0005);
      add(
        'resident_screening',
        `${id}:${day}`,
        day,
        { kind: 'person', id, areaPath: person.areaPath },
        atMinute(day, rng.int(8 * 60, 11 * 60)),
        {
          temperature: fever ? round1(37.3 + rng.next() * 0.6) : round1(36.0 + rng.next() * 1.1),
          symptoms: fever ? ['fever'] : rng.chance(0.004) ? ['cough'] : ['none'],
          travel_14d: travelled,
          quarantine_status: quarantine === 'home' ? (last ? 'released' : 'home') : 'none',
        },
        rng.chance(0.6) ? 'public' : 'staff',
      );
    }
  };
  // Few came back before the 10th (the landlords held them back), most in the second and third weeks.
  const returnWeights = demoDays('2020-02-01', '2020-02-28').map(
    (d) => [d, d < '2020-02-10' ? 1 : d < '2020-02-22' ? 6 : 3] as const,
  );
  order.slice(0, FENGHUANG_RETURNEES).forEach((person, i) => {
    const returnedOn = weighted(rng, returnWeights);
    const id = person.id as string;
    const origin = weighted(rng, ORIGINS);
    add(
      'returnee_registration',
      id,
      returnedOn,
      { kind: 'person', id, areaPath: person.areaPath },
      atMinute(returnedOn, rng.int(9 * 60, 21 * 60)),
      {
        returned_from: origin,
        returned_on: returnedOn,
        ...(landlordOf.get(person.householdId as string)
          ? { via_landlord: landlordOf.get(person.householdId as string) }
          : {}),
        transport: weighted(rng, TRANSPORT),
      },
      i % 3 === 0 ? 'public' : 'staff',
    );
    screen(person, returnedOn, '返平人员14天健康监测', 'none', true);
  });
  for (const person of order.slice(FENGHUANG_RETURNEES, FENGHUANG_RETURNEES + HOME_QUARANTINED))
    screen(person, rng.pick(demoDays('2020-02-01', '2020-02-20')), '重点地区来平居家隔离', 'home', true);

  // ── checkpoint passes: two shifts a day, more traffic as the city goes back to work ──
  const checkpoints = areas.all.filter((a) => a.level === 'place' && a.kind === 'checkpoint');
  const volunteer = userIds.get('caojinren') ?? null;
  const fevers = new Set<string>();
  while (fevers.size < 6)
    fevers.add(`${rng.int(0, checkpoints.length - 1)}:${rng.pick(days)}:${rng.int(0, 40)}`);
  checkpoints.forEach((place, ci) => {
    const gate = place.name.includes('门卡点');
    const village = place.name.includes('村');
    for (const day of days) {
      const p =
        (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${RECORDS_FIRST_DAY}T00:00:00Z`)) / (29 * DAY_MS);
      const passes = Math.round((village ? 15 : gate ? 25 : 35) * (1 + 1.2 * p) * (0.85 + rng.next() * 0.3));
      for (let n = 0; n < passes; n++) {
        // A third of the passes on the night shift (19:00–07:00), the rest by day.
        const night = n % 3 === 2;
        const minute = night
          ? (19 * 60 + rng.int(0, 11 * 60 + 59)) % (24 * 60)
          : rng.int(7 * 60, 18 * 60 + 59);
        const vehicle = rng.chance(village ? 0.3 : 0.15);
        const visitor = rng.chance(gate ? 0.05 : 0.2);
        const fever = fevers.has(`${ci}:${day}:${n}`);
        const values: Record<string, unknown> = {
          party: vehicle ? 'vehicle' : 'person',
          direction: rng.chance(0.5) ? 'in' : 'out',
          mask: rng.chance(0.995),
          visitor_type: visitor ? 'visitor' : 'resident',
        };
        if (!vehicle || fever)
          values.temperature = fever ? round1(37.3 + rng.next() * 0.5) : round1(35.8 + rng.next() * 1.3);
        if (visitor) values.origin = rng.pick(CHECKPOINT_ORIGINS);
        if (vehicle)
          values.plate = `浙F${PLATE_LETTERS[rng.int(0, PLATE_LETTERS.length - 1)]}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
        add(
          'checkpoint_pass',
          `${place.id}:${day}:${n}`,
          day,
          { kind: 'place', id: place.id, areaPath: place.path },
          atMinute(day, minute),
          values,
          gate ? 'ingest' : 'staff',
          place.name === '石龙村卡点' ? volunteer : null,
        );
      }
    }
  });

  // ── venues: disinfection every day; prices at 广陈镇's markets daily, its supermarkets twice a week ──
  const venues = areas.all.filter(
    (a) => a.level === 'place' && (a.kind === 'market' || a.kind === 'supermarket' || a.kind === 'venue'),
  );
  const guangchen = areas.get('广陈镇');
  venues.forEach((place: AreaRef) => {
    for (const day of days) {
      // The board's last day shows a couple of venues not yet reported.
      if (day === RECORDS_LAST_DAY ? rng.chance(0.12) : rng.chance(0.02)) continue;
      add(
        'venue_disinfection',
        `${place.id}:${day}`,
        day,
        { kind: 'place', id: place.id, areaPath: place.path },
        atMinute(day, rng.int(6 * 60, 9 * 60)),
        {
          done: true,
          times: place.kind === 'market' ? rng.int(2, 4) : rng.int(1, 3),
          agent: rng.pick(DISINFECTANTS),
          areas: VENUE_AREAS.filter((a) => (a === 'stalls' || a === 'entrance' ? true : rng.chance(0.5))),
        },
        'staff',
      );
      const inGuangchen = place.path.startsWith(`${guangchen.path}.`);
      if (
        !inGuangchen ||
        (place.kind === 'supermarket' && new Date(`${day}T00:00:00Z`).getUTCDay() % 3 !== 1)
      )
        continue;
      const t =
        (Date.parse(`${day}T00:00:00Z`) - Date.parse(`${RECORDS_FIRST_DAY}T00:00:00Z`)) / (29 * DAY_MS);
      add(
        'market_prices',
        `${place.id}:${day}`,
        day,
        { kind: 'place', id: place.id, areaPath: place.path },
        atMinute(day, rng.int(9 * 60, 10 * 60)),
        {
          prices: GOODS.map(([item, start, change]) => ({
            item,
            value: round1(start + change * t + (rng.next() - 0.5) * start * 0.06),
          })),
        },
        'staff',
      );
    }
  });

  // ── door visits: every tenant household of 凤凰社区 in the first fortnight, revisits where no one answered ──
  const households = residents.householdRows.filter(
    (h) => h.residentType === 'tenant' && inFenghuang(h.areaPath),
  );
  const roundDays = demoDays('2020-02-03', '2020-02-14');
  const torn = new Set<number>();
  while (torn.size < 7) torn.add(rng.int(0, households.length - 1));
  households.forEach((household, hi) => {
    const id = household.id as string;
    const subject = { kind: 'household' as const, id, areaPath: household.areaPath };
    let day = rng.pick(roundDays);
    let visit = 0;
    // A notice is torn off only where one was posted: those households start unanswered.
    let outcome = torn.has(hi)
      ? 'notice_posted'
      : (weighted(rng, [
          ['answered', 82],
          ['notice_posted', 16],
          ['refused', 2],
        ] as const) as string);
    for (;;) {
      const values: Record<string, unknown> = { outcome };
      if (outcome === 'answered') values.people_present = rng.int(1, 4);
      if (outcome === 'notice_torn') values.note = '上次张贴的告知书已被揭下，需再次上门';
      if (outcome === 'refused') values.note = '住户拒绝开门配合登记，已报社区';
      add(
        'door_visit',
        `${id}:${visit}`,
        day,
        subject,
        atMinute(day, rng.int(9 * 60, 20 * 60)),
        values,
        'staff',
      );
      if (outcome === 'answered' || outcome === 'refused' || visit >= 2) break;
      visit++;
      day = addDays(day, rng.int(1, 3));
      outcome = visit === 1 && torn.has(hi) ? 'notice_torn' : rng.chance(0.85) ? 'answered' : 'notice_posted';
    }
  });

  return { recordRows, screeningRows, sulfuricAcid: sulfuric };
}

/**
 * Writes the demo's records in the demo load's transaction, after its registries, residents and cases:
 * seeds the forms, rules and report templates (idempotent), creates the month partitions, inserts the
 * screenings and records, and links 中部理化's 硫酸 report to its case through the raw-material rule's
 * hit when that rule is seeded. Returns the counts per form.
 */
/** How long the demo keeps its 2020 health records (days). */
export const DEMO_RETENTION_DAYS = 3650;

export async function loadDemoRecords(db: Db, input: RecordDemoInput): Promise<Record<string, number>> {
  await seedRecordForms(db);
  await seedRecordRules(db);
  await seedReportTemplates(db);
  const demo = buildRecordDemo(input);
  // Records name the version they were made under: the current one of each key, 1 when none is seeded.
  const versions = await db
    .select({ key: recordForms.key, version: sql<number>`max(${recordForms.version})::int` })
    .from(recordForms)
    .where(eq(recordForms.active, true))
    .groupBy(recordForms.key);
  const versionOf = new Map(versions.map((v) => [v.key, v.version]));
  for (const row of demo.recordRows) row.formVersion = versionOf.get(row.formKey) ?? 1;

  await ensureRecordPartitions(db, [RECORDS_FIRST_DAY, RECORDS_LAST_DAY]);
  await insertAsJson(db, screenings, demo.screeningRows, 5000);
  await insertAsJson(db, records, demo.recordRows, 5000);

  const [rule] = await db
    .select({ id: recordRules.id })
    .from(recordRules)
    .where(
      and(
        eq(recordRules.formKey, 'enterprise_daily'),
        sql`${recordRules.condition}->>'kind' = 'item_below'`,
        eq(recordRules.active, true),
      ),
    )
    .limit(1);
  let hits = 0;
  if (rule) {
    const zhongbu = input.registries.orgRows.find((o) => o.id === ZHONGBU_ORG_ID);
    await db.insert(recordRuleHits).values({
      id: stableId('rule-hit:zhongbu:sulfuric-acid'),
      ruleId: rule.id,
      subjectId: ZHONGBU_ORG_ID,
      conditionKey: SULFURIC_ACID_ITEM,
      areaPath: zhongbu?.areaPath as string,
      firstRecordId: demo.sulfuricAcid.firstRecordId,
      caseId: DEMO_CASE_IDS.sulfuricAcid,
      firedAt: demo.sulfuricAcid.firedAt,
      clearedAt: demo.sulfuricAcid.clearedAt,
    });
    hits = 1;
  }
  // The demo city lives in February 2020: its health records are years past the built-in retention
  // (30/90 days), and the hourly purge would anonymise them at first start. The demo keeps them ten
  // years; /record-forms shows and changes the setting like any administrator's.
  await db
    .update(recordForms)
    .set({ retentionDays: DEMO_RETENTION_DAYS })
    .where(
      sql`${recordForms.retentionDays} is not null and ${recordForms.retentionDays} < ${DEMO_RETENTION_DAYS}`,
    );
  const perForm: Record<string, number> = {};
  for (const row of demo.recordRows) perForm[row.formKey] = (perForm[row.formKey] ?? 0) + 1;
  return {
    records: demo.recordRows.length,
    screenings: demo.screeningRows.length,
    recordRuleHits: hits,
    ...Object.fromEntries(Object.entries(perForm).map(([k, n]) => [`records.${k}`, n])),
  };
}
