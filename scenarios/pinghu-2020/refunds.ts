// The demo city's export tax refunds: the source says CNY 73.05 M were paid "contactlessly" (非接触式)
// since the Spring Festival (25 January 2020), 古道嘉恒's 2.28 M among them (cases.ts tells that one).
// The rest are resolved export_tax_refund cases of the demo's exporting enterprises, handled by the tax
// bureau like 古道嘉恒's, filed on February's working days and paid within one to three working days,
// so that the refunds resolved from 25 January to 29 February sum to exactly REFUNDS_TOTAL_CNY.
import type { Db } from '../../src/server/core/db/client.ts';
import { caseEvents, cases } from '../../src/server/modules/cases/cases.tables.ts';
import {
  addWorkingHours,
  deadlinesFor,
  isWorkingDay,
  localMidnight,
  type SlaPolicy,
} from '../../src/server/modules/sla/sla.rules.ts';
import {
  caseTypeRefs,
  DEMO_CALENDAR,
  GUDAO_NAME,
  insertAsJson,
  namedOrgId,
  ZHONGBU_ORG_ID,
} from './cases.ts';
import { stableId } from './ids.ts';
import { createRng, type Rng } from './random.ts';
import type { Registries } from './registries.ts';

type CaseRow = typeof cases.$inferInsert;
type EventRow = typeof caseEvents.$inferInsert;

/** CNY paid as contactless export tax refunds since the Spring Festival, as the source reports. */
export const REFUNDS_TOTAL_CNY = 73_050_000;
/** 古道嘉恒's refund, already a case (cases.ts). */
export const GUDAO_REFUND_CNY = 2_280_000;
/** Further refunds this module adds. */
export const MORE_REFUNDS = 60;
/** The window the source counts ("since the Spring Festival" to the end of February), Asia/Shanghai days. */
export const REFUNDS_FROM = '2020-01-25';
export const REFUNDS_TO = '2020-02-29';

const REGION_CODE = '330482';
const MINUTE = 60_000;

export interface RefundDemoInput {
  registries: Registries;
  userIds: Map<string, string>;
  seed: number;
}

export interface RefundDemo {
  caseRows: CaseRow[];
  eventRows: EventRow[];
}

/** 1,234,567 CNY → '123.46' (万元, as the tax office writes amounts). */
const tenThousands = (cny: number): string => String(Number((cny / 10_000).toFixed(2)));

/**
 * Amounts summing to exactly `total`: log-uniform draws between 0.1 M and 4 M, scaled to the total
 * and rounded to the yuan, the last one taking the rounding remainder.
 */
export function refundAmounts(rng: Rng, count: number, total: number): number[] {
  const draws = Array.from({ length: count }, () => Math.exp(Math.log(100_000) + rng.next() * Math.log(40)));
  const sum = draws.reduce((s, d) => s + d, 0);
  const amounts = draws.map((d) => Math.round((d / sum) * total));
  const rest = total - amounts.reduce((s, a) => s + a, 0);
  amounts[count - 1] = (amounts[count - 1] as number) + rest;
  return amounts;
}

/** Builds the refund cases; `type` is the seeded export_tax_refund case type. */
export function buildRefundDemo(input: RefundDemoInput, type: { id: string; sla: SlaPolicy }): RefundDemo {
  const rng = createRng(input.seed);
  const taxOfficer = input.userIds.get('duxiaobin');
  if (!taxOfficer) throw new Error('the tax officer duxiaobin must be created first (caseStaffUsers)');
  // Exporters other than 古道嘉恒 (its refund is told in cases.ts) and 中部理化 (its portal is the demo's).
  const exporters = input.registries.orgRows.filter(
    (o) =>
      o.kind === 'enterprise' &&
      (o.tags as string[] | undefined)?.includes('exporter') &&
      o.id !== namedOrgId(GUDAO_NAME) &&
      o.id !== ZHONGBU_ORG_ID,
  );
  if (exporters.length < MORE_REFUNDS) throw new Error(`only ${exporters.length} exporters in the demo`);
  // Different enterprises, the above-scale ones first in line (they export the most).
  const pool = [...exporters].sort((a, b) => Number(b.aboveScale) - Number(a.aboveScale));
  const chosen = Array.from({ length: MORE_REFUNDS }, (_, i) => {
    const j = i + rng.int(0, Math.min(pool.length - 1 - i, 2 * MORE_REFUNDS));
    [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
    return pool[i] as (typeof pool)[number];
  });
  const amounts = refundAmounts(rng, MORE_REFUNDS, REFUNDS_TOTAL_CNY - GUDAO_REFUND_CNY);

  // Filed on February's working days from the first after the extended holiday to the 25th (paid by
  // the 28th at the latest), more once enterprises resumed (from the 10th).
  const days: string[] = [];
  for (let d = 3; d <= 25; d++) {
    const day = `2020-02-${String(d).padStart(2, '0')}`;
    if (isWorkingDay(day, DEMO_CALENDAR)) days.push(day, ...(d >= 10 ? [day, day] : []));
  }

  const caseRows: CaseRow[] = [];
  const eventRows: EventRow[] = [];
  chosen.forEach((org, i) => {
    const id = stableId(`case:refund:${i + 1}`);
    const amount = amounts[i] as number;
    const day = rng.pick(days);
    const created = new Date(localMidnight(day).getTime() + (8 * 60 + 45 + rng.int(0, 7 * 60)) * MINUTE);
    const accepted = new Date(created.getTime() + rng.int(5, 45) * MINUTE);
    // Mostly paid the next morning (即报即审即退); now and then after up to three working days.
    const resolved = addWorkingHours(created, 1.5 + 21 * rng.next() ** 3, DEMO_CALENDAR);
    const due = deadlinesFor(type.sla, created, DEMO_CALENDAR);
    const contact = org.contactName ?? '企业财务';
    const wan = tenThousands(amount);
    const resolution = `审核通过，${wan} 万元出口退税款已汇至企业账户。纸质资料允许延后报送。`;
    caseRows.push({
      id,
      regionCode: REGION_CODE,
      typeId: type.id,
      typeCode: 'export_tax_refund',
      status: 'resolved',
      priority: 'normal',
      title: `出口退税申报 ${wan} 万元，申请“非接触式”办理`,
      description: `${org.name}通过电子税务局在线申报出口退税 ${wan} 万元，电子资料已在“出口退税”钉钉群提交，申请按“非接触式”服务办理。`,
      fields: {
        amount_cny: amount,
        declaration_no: `29042020${String(rng.int(0, 9_999_999_999)).padStart(10, '0')}`,
      },
      subjectOrgId: org.id as string,
      areaPath: org.areaPath,
      source: 'enterprise',
      requesterOrgId: org.id as string,
      requesterName: contact,
      handlingDepartmentCode: 'tax',
      ownerUserId: taxOfficer,
      resolution,
      escalationLevel: resolved > due.resolution.dueAt ? 1 : 0,
      acceptedAt: accepted,
      firstResponseAt: accepted,
      lastUpdateAt: resolved,
      resolvedAt: resolved,
      dueFirstResponseAt: due.firstResponse.dueAt,
      dueResolutionAt: due.resolution.dueAt,
      createdAt: created,
      updatedAt: resolved,
      version: 2,
    });
    const event = (at: Date, kind: string, fields: Partial<EventRow>) =>
      eventRows.push({ caseId: id, at, kind, visibility: 'public', ...fields });
    event(created, 'created', {
      actorName: contact,
      toStatus: 'submitted',
      body: '通过电子税务局在线申报，申请按“非接触式”服务办理。',
    });
    event(accepted, 'accepted', {
      actorUserId: taxOfficer,
      actorName: '税务局 杜笑斌',
      fromStatus: 'submitted',
      toStatus: 'accepted',
      data: { ownerUserId: taxOfficer },
    });
    event(resolved, 'status', {
      actorUserId: taxOfficer,
      actorName: '税务局 杜笑斌',
      fromStatus: 'accepted',
      toStatus: 'resolved',
      body: resolution,
    });
  });
  return { caseRows, eventRows };
}

/** Builds and writes the refund cases (after loadDemoCases: the tax officer and case types exist). */
export async function loadDemoRefunds(db: Db, input: RefundDemoInput): Promise<Record<string, number>> {
  const type = (await caseTypeRefs(db)).get('export_tax_refund');
  if (!type) throw new Error('case type export_tax_refund is not seeded');
  const demo = buildRefundDemo(input, type);
  await insertAsJson(db, cases, demo.caseRows);
  await insertAsJson(db, caseEvents, demo.eventRows);
  return { refundCases: demo.caseRows.length };
}
