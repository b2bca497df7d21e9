// Synthetic cases at any scale on top of the pinghu-2020 city: a year of enterprise problems and
// applications owned by the liaisons and department staff who have logins, deterministic by seed.
// About 14 % are still open (a few hundred in each owner's inbox) and of those about 2.5 % are past
// their resolution deadline (a few thousand on the overdue list at a million cases). Rows are written
// 5,000 per statement as one json parameter; no timeline events or SLA rows are generated (the
// lists, inbox and overdue queries the benchmark measures read the cases table only).
import { and, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../src/server/core/db/client.ts';
import { users } from '../../src/server/core/db/core.tables.ts';
import { cases } from '../../src/server/modules/cases/cases.tables.ts';
import { orgs } from '../../src/server/modules/orgs/orgs.tables.ts';
import { assignments, staff } from '../../src/server/modules/staff/staff.tables.ts';
import {
  addWorkingHours,
  isWorkingDay,
  localDay,
  localMidnight,
} from '../../src/server/modules/sla/sla.rules.ts';
import { stableId } from '../pinghu-2020/ids.ts';
import { caseTypeRefs, DEMO_CALENDAR, insertAsJson } from '../pinghu-2020/cases.ts';
import { createRng, weighted } from '../pinghu-2020/random.ts';

export interface CaseScaleOptions {
  cases: number;
  seed: number;
  /** The clock the open share and the overdue share are measured against. */
  now?: Date;
  onProgress?: (done: number, elapsedSeconds: number) => void;
  progressEvery?: number;
}

export interface CaseScaleResult {
  cases: number;
  open: number;
  overdue: number;
  owners: number;
  seconds: number;
  rowsPerSecond: number;
}

export class CasesAlreadyGeneratedError extends Error {}

const BATCH = 5000;
/** Rows per transaction: bounded memory, and a crash keeps what was committed. */
const CHUNK = 100_000;
const OPEN_SHARE = 0.14;
const OVERDUE_SHARE_OF_OPEN = 0.025;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const TYPE_MIX = [
  ['enterprise_problem', 0.72],
  ['resumption_application', 0.08],
  ['filing_application', 0.05],
  ['export_tax_refund', 0.07],
  ['producer_demand', 0.04],
  ['cross_region_coordination', 0.04],
] as const;

const PROBLEM_CATEGORIES = [
  ['workforce', 'human_resources', 0.3, '员工返岗不足'],
  ['raw_materials_logistics', 'economy_bureau', 0.24, '原料供应受阻'],
  ['epidemic_supplies', 'health', 0.2, '防疫物资短缺'],
  ['finance_tax', 'tax', 0.1, '资金周转困难'],
  ['permits_filings', 'market_regulation', 0.08, '审批材料咨询'],
  ['policy_question', 'economy_bureau', 0.06, '政策咨询'],
  ['other', 'economy_bureau', 0.02, '其他诉求'],
] as const;

const TYPE_TITLES: Record<string, [department: string, title: string]> = {
  resumption_application: ['economy_bureau', '复工复产申请'],
  filing_application: ['market_regulation', '产品备案申请'],
  export_tax_refund: ['tax', '出口退税申请'],
  producer_demand: ['agriculture', '农产品产销对接'],
  cross_region_coordination: ['transport', '跨区域物流协调'],
};

interface Enterprise {
  id: string;
  name: string;
  areaPath: string;
  liaison: string;
}

/**
 * Adds `options.cases` synthetic cases (ids from stableId, so the same seed gives the same rows and
 * a second run with it is refused). Needs the pinghu-2020 demo (its enterprises and liaison logins).
 */
export async function generateCases(db: Db, options: CaseScaleOptions): Promise<CaseScaleResult> {
  const { seed } = options;
  const now = options.now ?? new Date();
  const key = (i: number) => stableId(`scale-cases:${seed}:${i}`);
  const marker = await db
    .select({ id: cases.id })
    .from(cases)
    .where(eq(cases.id, key(0)))
    .limit(1);
  if (marker.length > 0)
    throw new CasesAlreadyGeneratedError(`this database already holds the synthetic cases of seed ${seed}`);
  const types = await caseTypeRefs(db);
  const enterprises: Enterprise[] = await db
    .select({ id: orgs.id, name: orgs.name, areaPath: orgs.areaPath, liaison: staff.userId })
    .from(assignments)
    .innerJoin(staff, eq(staff.id, assignments.staffId))
    .innerJoin(orgs, eq(orgs.id, assignments.orgId))
    .where(
      and(
        eq(assignments.kind, 'liaison'),
        eq(assignments.isPrimary, true),
        isNull(assignments.endsAt),
        isNotNull(staff.userId),
      ),
    )
    .orderBy(orgs.id)
    .then((rows) => rows.map((r) => ({ ...r, liaison: r.liaison as string })));
  if (enterprises.length === 0)
    throw new Error('no enterprise has a liaison with a login: load the demo first');
  // Department staff by department (liaisons belong to departments too), to own applications.
  const handlers = await db
    .select({ id: users.id, department: users.department })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        isNotNull(users.department),
        sql`${users.role} in ('liaison', 'department_staff')`,
      ),
    )
    .orderBy(users.id);
  const byDepartment = new Map<string, string[]>();
  for (const h of handlers)
    byDepartment.set(h.department as string, [...(byDepartment.get(h.department as string) ?? []), h.id]);

  const rng = createRng(seed);
  // Working days of the last year, newest first, for dating cases.
  const days: string[] = [];
  for (let t = now.getTime(); days.length < 260; t -= DAY) {
    const day = localDay(new Date(t));
    if (isWorkingDay(day, DEMO_CALENDAR)) days.push(day);
  }
  const dueCache = new Map<string, Date>();
  /** Due time of `hours` working hours from a 10-minute slot, cached (a million additions cost ~20 s). */
  const dueFrom = (slot: number, hours: number, basis: string): Date => {
    if (basis !== 'working') return new Date(slot + hours * HOUR);
    const k = `${slot}:${hours}`;
    let due = dueCache.get(k);
    if (!due) {
      due = addWorkingHours(new Date(slot), hours, DEMO_CALENDAR);
      dueCache.set(k, due);
    }
    return due;
  };
  const slotOn = (day: string) => localMidnight(day).getTime() + (8 * 60 + 30 + 10 * rng.int(0, 47)) * MINUTE;

  const started = Date.now();
  const progressEvery = options.progressEvery ?? 100_000;
  let nextProgress = progressEvery;
  let done = 0;
  let open = 0;
  let overdue = 0;
  const owners = new Set<string>();
  while (done < options.cases) {
    const chunkEnd = Math.min(options.cases, done + CHUNK);
    await db.transaction(async (tx) => {
      let batch: (typeof cases.$inferInsert)[] = [];
      for (; done < chunkEnd; done++) {
        const typeCode = weighted(rng, TYPE_MIX);
        const type = types.get(typeCode);
        if (!type) throw new Error(`case type ${typeCode} is not seeded`);
        const e = enterprises[rng.int(0, enterprises.length - 1)] as Enterprise;
        let category: string | null = null;
        let department: string;
        let title: string;
        let owner: string | null;
        if (typeCode === 'enterprise_problem') {
          const [code, dept, , words] = weighted(
            rng,
            PROBLEM_CATEGORIES.map((c) => [c, c[2]] as const),
          );
          category = code;
          department = dept;
          title = `${words}（${e.name}）`;
          owner = e.liaison;
        } else {
          const [dept, words] = TYPE_TITLES[typeCode] as [string, string];
          department = dept;
          title = `${words}（${e.name}）`;
          const staffOf = byDepartment.get(dept) ?? [];
          owner =
            staffOf.length > 0 && rng.chance(0.9)
              ? (staffOf[rng.int(0, staffOf.length - 1)] as string)
              : null;
        }
        const isOpen = rng.chance(OPEN_SHARE);
        const late = isOpen && rng.chance(OVERDUE_SHARE_OF_OPEN);
        // Open: within the last two working days, or (overdue) 5–15 working days ago; closed: the year.
        const dayIndex = isOpen ? (late ? rng.int(5, 15) : rng.int(0, 1)) : rng.int(2, days.length - 1);
        let slot = slotOn(days[dayIndex] as string);
        if (slot > now.getTime()) slot = now.getTime() - rng.int(1, 12) * 10 * MINUTE;
        const offset = rng.int(0, 599) * 1000;
        const sla = type.sla;
        let dueResolution = new Date(dueFrom(slot, sla.resolutionHours, sla.basis).getTime() + offset);
        if (isOpen && !late && dueResolution <= now) {
          // A short clock (a 24-hour refund): file it an hour or so ago instead.
          slot = now.getTime() - rng.int(1, 12) * 10 * MINUTE;
          dueResolution = new Date(dueFrom(slot, sla.resolutionHours, sla.basis).getTime() + offset);
        }
        const createdAt = new Date(slot + offset);
        const dueFirst = new Date(dueFrom(slot, sla.firstResponseHours, sla.basis).getTime() + offset);
        let status: string;
        let acceptedAt: Date | null = null;
        let resolvedAt: Date | null = null;
        let closedAt: Date | null = null;
        let rating: number | null = null;
        if (isOpen) {
          if (late) overdue++;
          open++;
          status = owner === null ? 'submitted' : rng.chance(0.5) ? 'accepted' : 'in_progress';
          if (owner !== null) acceptedAt = new Date(createdAt.getTime() + rng.int(0, 90) * MINUTE);
        } else {
          acceptedAt = owner === null ? null : new Date(createdAt.getTime() + rng.int(0, 90) * MINUTE);
          const span = dueResolution.getTime() - createdAt.getTime();
          resolvedAt = new Date(
            createdAt.getTime() + span * (rng.chance(0.9) ? 0.1 + 0.85 * rng.next() : 1.05 + rng.next()),
          );
          if (rng.chance(0.8)) {
            closedAt = new Date(resolvedAt.getTime() + rng.int(1, 48) * HOUR);
            status = 'closed';
            if (rng.chance(0.8)) rating = rng.chance(0.95) ? rng.int(4, 5) : rng.int(1, 3);
          } else status = 'resolved';
          if (owner === null) owner = e.liaison;
        }
        if (owner !== null) owners.add(owner);
        const last = closedAt ?? resolvedAt ?? acceptedAt ?? createdAt;
        batch.push({
          id: key(done),
          regionCode: '330482',
          typeId: type.id,
          typeCode,
          category,
          status,
          priority: rng.chance(0.06) ? 'urgent' : 'normal',
          title,
          description: '',
          fields: {},
          subjectOrgId: e.id,
          areaPath: e.areaPath,
          source: rng.chance(0.4) ? 'enterprise' : 'staff',
          requesterOrgId: e.id,
          handlingDepartmentCode: department,
          ownerUserId: owner,
          escalationLevel: late ? 1 : 0,
          acceptedAt,
          firstResponseAt: acceptedAt,
          lastUpdateAt: last,
          resolvedAt,
          closedAt,
          dueFirstResponseAt: dueFirst,
          dueResolutionAt: dueResolution,
          rating,
          createdAt,
          updatedAt: last,
          version: status === 'submitted' ? 1 : status === 'closed' ? 4 : 2,
        });
        if (batch.length >= BATCH) {
          await insertAsJson(tx, cases, batch, BATCH);
          batch = [];
        }
        if (done + 1 >= nextProgress) {
          options.onProgress?.(done + 1, (Date.now() - started) / 1000);
          nextProgress += progressEvery;
        }
      }
      await insertAsJson(tx, cases, batch, BATCH);
    });
  }
  await db.execute(sql`analyze cases`);
  const seconds = (Date.now() - started) / 1000;
  return {
    cases: options.cases,
    open,
    overdue,
    owners: owners.size,
    seconds,
    rowsPerSecond: Math.round(options.cases / Math.max(seconds, 0.001)),
  };
}
