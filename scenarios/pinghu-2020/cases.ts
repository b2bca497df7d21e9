// The demo city's cases: the three cases the source tells (中部理化's sulfuric acid, 迈豪登's isolation
// gowns, 古道嘉恒's 2.28 M refund in under 24 hours), a February 2020 history in which exactly 1,560
// enterprise problems were solved by the enterprises' liaisons, a live queue of open problems, and the
// 17 key enterprises' one-enterprise-one-policy plans (一企一策). Rows are built in memory and written
// with multi-row inserts; ids come from stableId, so every load gives the same cases.
//
// The history is dated February 2020; the open queue is dated relative to the load (the last working
// days before it), so inboxes, SLA warnings and the overdue list behave as a live system's do.
import { SQL, getTableColumns, is, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../src/server/core/db/client.ts';
import type { PiiCipher } from '../../src/server/core/crypto/pii.ts';
import type { users } from '../../src/server/core/db/core.tables.ts';
import { seedCaseTypes } from '../../src/server/modules/cases/case-types.seed.ts';
import {
  caseDeadlines,
  caseEvents,
  caseTasks,
  caseTypes,
  cases,
  enterprisePlans,
  guides,
} from '../../src/server/modules/cases/cases.tables.ts';
import { OFFICIAL_CALENDAR } from '../../src/server/modules/sla/sla.holidays.ts';
import {
  addWorkingHours,
  calendarOf,
  deadlinesFor,
  isWorkingDay,
  localDay,
  localMidnight,
  parseSlaPolicy,
  type SlaPolicy,
  type WorkCalendar,
} from '../../src/server/modules/sla/sla.rules.ts';
import { maskPhone } from '../../src/shared/identifiers.ts';
import { stableId } from './ids.ts';
import { createRng, weighted, type Rng } from './random.ts';
import type { Registries } from './registries.ts';

type CaseRow = typeof cases.$inferInsert;
type EventRow = typeof caseEvents.$inferInsert;
type TaskRow = typeof caseTasks.$inferInsert;
type GuideRow = typeof guides.$inferInsert;
type PlanRow = typeof enterprisePlans.$inferInsert;
type DeadlineRow = typeof caseDeadlines.$inferInsert;
type UserRow = Omit<typeof users.$inferInsert, 'passwordHash'>;

/** Enterprise problems solved (resolved or closed) by the end of February 2020, as the source reports. */
export const SOLVED_PROBLEMS = 1560;
/** Enterprise problems still open at load time. */
export const OPEN_PROBLEMS = 48;
/** Of which past their resolution deadline. */
export const OVERDUE_OPEN_PROBLEMS = 6;
/** Open problems in 顾敏杰's inbox. */
export const GUMINGJIE_OPEN = 5;

export const ZHONGBU_NAME = '中部理化铝制品(平湖)有限公司';
export const MAIHAODENG_NAME = '浙江迈豪登旅游装备股份有限公司';
export const GUDAO_NAME = '平湖市古道嘉恒贸易有限公司';
export const GOWN_GUIDE_TITLE = '隔离衣备案指导';

/** Organisation ids of the named companies (registries.ts builds them from the same key). */
export const namedOrgId = (name: string): string => stableId(`org:named:${name}`);
export const ZHONGBU_ORG_ID = namedOrgId(ZHONGBU_NAME);

export const DEMO_CASE_IDS = {
  sulfuricAcid: stableId('case:zhongbu-sulfuric-acid'),
  isolationGowns: stableId('case:maihaodeng-isolation-gowns'),
  exportRefund: stableId('case:gudao-export-refund'),
} as const;

/** A wall-clock time in Asia/Shanghai: at('2020-02-12 10:15'). */
const at = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const REGION_CODE = '330482';
/** A made-up number for 余杭's contact (the source names none). */
const YUHANG_CONTACT_PHONE = '13757112086';
const FEB_END = at('2020-02-29 20:00');

export const DEMO_CALENDAR: WorkCalendar = calendarOf(OFFICIAL_CALENDAR);

// ── logins for the people who own cases ──────────────────────────────────────

export interface CaseStaffUsers {
  /** New users: one per liaison cadre (驻企指导员) without a login, and the tax officer 杜笑斌. */
  rows: UserRow[];
  /** Liaison user id by enterprise id (every above-scale enterprise). */
  liaisonUserByOrg: Map<string, string>;
  displayNames: Map<string, string>;
}

/**
 * Gives every liaison cadre a login (so a case can be owned by an enterprise's liaison: owner_user_id
 * is a user) and links it on the staff row; must run before the registries are inserted. Usernames
 * are liaison001 …; they share the demo password and are not listed among the demo logins.
 */
export function caseStaffUsers(registries: Registries, userIds: Map<string, string>): CaseStaffUsers {
  const departmentCode = new Map(registries.departmentRows.map((d) => [d.id as string, d.code]));
  const staffById = new Map(registries.staffRows.map((s) => [s.id as string, s]));
  const rows: UserRow[] = [];
  const displayNames = new Map<string, string>();
  const liaisonUserByOrg = new Map<string, string>();
  let n = 0;
  for (const a of registries.assignmentRows) {
    if (a.kind !== 'liaison' || !a.staffId || !a.orgId) continue;
    const person = staffById.get(a.staffId);
    if (!person) throw new Error(`liaison ${a.staffId} has no staff row`);
    if (!person.userId) {
      n++;
      const id = stableId(`user:liaison:${person.id}`);
      const displayName = `驻企联络员 ${person.name}`;
      person.userId = id;
      rows.push({
        id,
        username: `liaison${String(n).padStart(3, '0')}`,
        displayName,
        role: 'liaison',
        scopePath: person.areaPath,
        department: departmentCode.get(person.departmentId as string) ?? null,
      });
      displayNames.set(id, displayName);
    }
    liaisonUserByOrg.set(a.orgId, person.userId);
  }
  const du = stableId('user:duxiaobin');
  rows.push({
    id: du,
    username: 'duxiaobin',
    displayName: '税务局 杜笑斌',
    role: 'department_staff',
    scopePath: REGION_CODE,
    department: 'tax',
  });
  userIds.set('duxiaobin', du);
  displayNames.set(du, '税务局 杜笑斌');
  return { rows, liaisonUserByOrg, displayNames };
}

// ── what problems look like ──────────────────────────────────────────────────

interface CategorySpec {
  code: string;
  department: string;
  weight: number;
  titles: ((rng: Rng) => string)[];
  resolutions: string[];
  fields: (rng: Rng) => Record<string, number>;
}

const MATERIALS = [
  '钢材',
  '铝锭',
  '塑料粒子',
  '纸浆',
  '纱线',
  '电子元器件',
  '包装纸箱',
  '化工原料',
  '橡胶',
  '面料',
];
const PROVINCES = ['江苏', '上海', '安徽', '江西', '广东', '山东'];

const CATEGORIES: CategorySpec[] = [
  {
    code: 'workforce',
    department: 'human_resources',
    weight: 0.3,
    titles: [
      (r) => `员工返岗不足，缺工约${r.int(8, 120)}人`,
      (r) => `${r.pick(PROVINCES)}籍员工返平需核验健康状况`,
      () => '外地员工隔离期满返岗安排咨询',
      (r) => `需协调“点对点”包车接回${r.int(20, 90)}名外地员工`,
      () => '员工宿舍集中隔离观察点设置指导',
      () => '新招员工岗前健康检查安排',
    ],
    resolutions: [
      '已对接人力社保局网上招聘专场，补充员工陆续到岗。',
      '已协调“点对点”包车接回外地员工，抵平后按规定完成健康核验。',
      '已会同属地核验返岗人员健康码及行程，符合条件人员已返岗。',
      '已按防控要求指导企业设置隔离观察区并落实每日测温登记。',
    ],
    fields: (r) => ({ employees_affected: r.int(5, 150) }),
  },
  {
    code: 'raw_materials_logistics',
    department: 'economy_bureau',
    weight: 0.24,
    titles: [
      (r) => `上游供应商尚未复工，${r.pick(MATERIALS)}库存仅够${r.int(3, 10)}天生产`,
      () => '外省原料运输车辆进平需办理通行证',
      (r) => `${r.pick(MATERIALS)}采购受阻，物流企业未复工`,
      () => '成品发货受阻，物流公司运力不足',
      (r) => `${r.pick(PROVINCES)}供应商货物无法出省，需协调`,
    ],
    resolutions: [
      '经联络员协调，供应商所在地已批准其复工，原料恢复供应。',
      '已为运输车辆办理通行证，车辆按指定路线进厂卸货。',
      '已对接本地替代供应商，首批原料已到厂。',
      '已协调物流企业增派车辆，积压成品已全部发出。',
    ],
    fields: (r) => ({ affected_output_share: r.int(10, 80) }),
  },
  {
    code: 'epidemic_supplies',
    department: 'health',
    weight: 0.2,
    titles: [
      (r) => `复工防疫口罩缺口约${r.int(2, 30) * 100}只/天`,
      () => '测温枪、消毒液短缺',
      () => '员工食堂分餐防疫指导',
      () => '厂区消杀方案审核',
      () => '额温枪采购渠道咨询',
    ],
    resolutions: [
      '已通过市防疫物资调配渠道调配口罩，企业已领取。',
      '已对接本地生产企业，消毒液、测温枪已送达。',
      '卫健部门已上门指导食堂分餐与错峰就餐。',
      '已审核厂区消杀方案并现场指导落实。',
    ],
    fields: (r) => ({ employees_affected: r.int(20, 400) }),
  },
  {
    code: 'finance_tax',
    department: 'tax',
    weight: 0.1,
    titles: [
      (r) => `流动资金紧张，需贷款约${r.int(1, 30) * 100}万元`,
      () => '阶段性社保费减免政策适用咨询',
      () => '申请延期申报纳税',
      () => '出口退税加快办理需求',
      () => '房产税、城镇土地使用税困难减免申请',
    ],
    resolutions: [
      '已对接合作银行开辟绿色通道，贷款已放款。',
      '已讲解阶段性减免政策，企业已享受减免。',
      '税务部门已受理延期申报，企业按期办结。',
      '已按“非接触式”服务办理，退税款已到账。',
    ],
    fields: (r) => ({ affected_output_share: r.int(5, 40) }),
  },
  {
    code: 'permits_filings',
    department: 'market_regulation',
    weight: 0.08,
    titles: [
      () => '复工申请材料补正咨询',
      () => '转产防疫物资备案咨询',
      () => '营业执照经营范围变更',
      () => '特种设备定期检验延期申请',
    ],
    resolutions: [
      '已指导企业网上补正材料，复工申请已通过审核。',
      '已提供备案指导材料并远程辅导，备案已办结。',
      '已通过网上办理完成经营范围变更，执照邮寄到企业。',
      '已同意延期检验，并告知恢复检验的时间安排。',
    ],
    fields: () => ({}),
  },
  {
    code: 'policy_question',
    department: 'economy_bureau',
    weight: 0.06,
    titles: [
      () => '复工复产补助政策咨询',
      () => '稳岗返还政策申请咨询',
      () => '阶段性电费减免政策咨询',
      () => '员工返岗交通补贴咨询',
    ],
    resolutions: [
      '联络员已当面讲解政策并协助企业准备申报材料。',
      '已告知申请条件与办理渠道，企业已提交申请。',
      '已将政策文件推送企业并答复具体问题。',
    ],
    fields: () => ({}),
  },
  {
    code: 'other',
    department: 'economy_bureau',
    weight: 0.02,
    titles: [() => '企业班车通行卡点协调', () => '厂区周边道路施工影响通行'],
    resolutions: ['已协调卡点为企业班车开通通行。', '已联系施工单位调整作业时间，通行恢复。'],
    fields: () => ({}),
  },
];

const RATING_COMMENTS = ['解决及时，非常满意', '联络员服务很贴心', '感谢帮助企业渡过难关', '办理高效', ''];

// ── the demo ────────────────────────────────────────────────────────────────

export interface CaseDemoInput {
  registries: Registries;
  staffUsers: CaseStaffUsers;
  userIds: Map<string, string>;
  pii: PiiCipher;
  /** The load time; the open queue is dated just before it. */
  now: Date;
  seed: number;
}

export interface CaseDemo {
  caseRows: CaseRow[];
  eventRows: EventRow[];
  taskRows: TaskRow[];
  guideRows: GuideRow[];
  planRows: PlanRow[];
  deadlineRows: DeadlineRow[];
}

interface TypeRef {
  id: string;
  sla: SlaPolicy;
}

interface Enterprise {
  id: string;
  name: string;
  areaPath: string;
  contactName: string;
  tags: string[];
  liaison: string;
}

/** The clocks an enterprise problem (working-hours basis) needs: 3 of deadlinesFor's 6 additions. */
function problemClocks(sla: SlaPolicy, created: Date) {
  const add = (hours: number) => addWorkingHours(created, hours, DEMO_CALENDAR);
  const firstDue = add(sla.firstResponseHours);
  return {
    firstResponse: { warnAt: add(sla.firstResponseHours * sla.warnAtShare), dueAt: firstDue },
    resolution: { warnAt: add(sla.resolutionHours * sla.warnAtShare), dueAt: add(sla.resolutionHours) },
  };
}

const sortedDays = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
};

/** Builds every demo case row; `types` are the seeded case types by code. */
export function buildCaseDemo(input: CaseDemoInput, types: Map<string, TypeRef>): CaseDemo {
  const { registries, staffUsers, userIds, pii, now } = input;
  const rng = createRng(input.seed);
  const type = (code: string): TypeRef => {
    const t = types.get(code);
    if (!t) throw new Error(`case type ${code} is not seeded`);
    return t;
  };
  const user = (username: string): string => {
    const id = userIds.get(username);
    if (!id) throw new Error(`demo user ${username} missing`);
    return id;
  };
  const nameOf = (userId: string) => staffUsers.displayNames.get(userId) ?? '驻企联络员';
  staffUsers.displayNames.set(user('gumingjie'), '驻企联络员 顾敏杰');
  staffUsers.displayNames.set(user('scjg'), '市场监管局 李华');
  staffUsers.displayNames.set(user('zbhl'), '中部理化 企业用户');

  const enterprises: Enterprise[] = registries.orgRows
    .filter((o) => o.aboveScale && o.kind === 'enterprise')
    .map((o) => ({
      id: o.id as string,
      name: o.name,
      areaPath: o.areaPath,
      contactName: o.contactName ?? '企业联系人',
      tags: (o.tags as string[]) ?? [],
      liaison: staffUsers.liaisonUserByOrg.get(o.id as string) as string,
    }));
  const byId = new Map(enterprises.map((e) => [e.id, e]));
  const enterprise = (name: string): Enterprise => {
    const e = byId.get(namedOrgId(name));
    if (!e) throw new Error(`${name} missing`);
    return e;
  };
  const city = registries.departmentRows[0]?.areaPath as string;

  const caseRows: CaseRow[] = [];
  const eventRows: EventRow[] = [];
  const taskRows: TaskRow[] = [];
  const deadlineRows: DeadlineRow[] = [];
  const event = (
    caseId: string,
    when: Date,
    kind: string,
    fields: Partial<EventRow> & { actor?: string | null; name?: string | null },
  ) => {
    const { actor, name, ...rest } = fields;
    eventRows.push({
      caseId,
      at: when,
      kind,
      actorUserId: actor ?? null,
      actorName: name ?? (actor ? nameOf(actor) : null),
      visibility: 'public',
      ...rest,
    });
  };
  const phone = (number: string) => ({
    contactPhoneEnc: pii.encrypt(number),
    contactPhoneHash: pii.lookupHash(number),
    contactPhoneMasked: maskPhone(number),
  });

  // ── 1. 中部理化: sulfuric acid for one week; the supplier's logistics firm in 余杭 has not resumed ──
  const gu = user('gumingjie');
  const zbhl = user('zbhl');
  const zhongbu = enterprise(ZHONGBU_NAME);
  const problem = type('enterprise_problem');
  {
    const id = DEMO_CASE_IDS.sulfuricAcid;
    const created = at('2020-02-12 10:15');
    const due = deadlinesFor(problem.sla, created, DEMO_CALENDAR);
    const resolved = at('2020-02-16 17:05');
    const closed = at('2020-02-17 09:20');
    const resolution =
      '在我市及余杭区相关部门协作下，余杭物流运输企业已获复工审批，我市办理的车辆通行证获余杭方面认可。2月16日下午，满载浓硫酸的运输车辆从余杭顺利到达厂区，企业复工后的生产原料得到保障。';
    caseRows.push({
      id,
      regionCode: REGION_CODE,
      typeId: problem.id,
      typeCode: 'enterprise_problem',
      category: 'raw_materials_logistics',
      status: 'closed',
      priority: 'urgent',
      title: '生产用浓硫酸库存仅够一周，余杭供货物流公司未复工、车辆无通行证',
      description:
        '走访中了解到：公司库存的生产用浓硫酸仅能支撑生产一个星期，企业面临复工后再次停产的风险，一旦停产，下游多家企业将无法获得产品供应。日常供货的物流运输公司位于余杭，受疫情影响尚未复工，所属车辆无法在当地办理通行证，无法给企业供货。',
      fields: { affected_output_share: 100, deadline_needed: '2020-02-19' },
      subjectOrgId: zhongbu.id,
      areaPath: zhongbu.areaPath,
      source: 'staff',
      requesterUserId: zbhl,
      requesterOrgId: zhongbu.id,
      requesterName: zhongbu.contactName,
      handlingDepartmentCode: 'economy_bureau',
      ownerUserId: gu,
      resolution,
      rating: 5,
      ratingComment: '非常感谢联络员和各部门高效协调，解了企业的燃眉之急！',
      acceptedAt: created,
      firstResponseAt: created,
      lastUpdateAt: closed,
      resolvedAt: resolved,
      closedAt: closed,
      dueFirstResponseAt: due.firstResponse.dueAt,
      dueResolutionAt: due.resolution.dueAt,
      createdBy: gu,
      createdAt: created,
      updatedAt: closed,
      version: 4,
    });
    const yuhang = stableId('task:zhongbu:yuhang');
    const transport = stableId('task:zhongbu:transport');
    taskRows.push(
      {
        id: yuhang,
        caseId: id,
        assigneeKind: 'region',
        regionName: '余杭区',
        contactName: '余杭区交通运输局运输管理科 沈建国',
        ...phone(YUHANG_CONTACT_PHONE),
        title: '协调余杭供货物流企业复工审批',
        description:
          '中部理化的浓硫酸由余杭一家物流运输公司承运，该公司尚未复工。请余杭区协助办理其复工审批，恢复对平湖企业的运输。',
        status: 'done',
        result: '余杭区已批准该物流运输企业复工，车辆和驾驶员已完成健康核验，可恢复运输。',
        dueAt: at('2020-02-14 17:30'),
        createdBy: gu,
        createdAt: at('2020-02-12 11:05'),
        completedAt: at('2020-02-14 16:20'),
        completedBy: gu,
        version: 2,
      },
      {
        id: transport,
        caseId: id,
        assigneeKind: 'department',
        departmentCode: 'transport',
        title: '为供货车辆办理通行证，并商请余杭方面认可',
        description:
          '物流车辆在当地无法办理通行证。请市交通运输局为承运车辆办理我市通行证，并与余杭区交通部门对接，使通行证跨区互认。',
        status: 'done',
        result:
          '已为承运的 3 辆危化品运输车辆办理我市通行证，经与余杭区交通运输局对接，通行证获余杭方面认可，车辆可跨区通行。',
        dueAt: at('2020-02-14 17:30'),
        createdBy: gu,
        createdAt: at('2020-02-12 11:10'),
        completedAt: at('2020-02-15 11:30'),
        version: 2,
      },
    );
    event(id, created, 'created', {
      actor: gu,
      toStatus: 'submitted',
      body: '走访企业时发现：浓硫酸库存仅够一周生产，余杭供货物流公司未复工，车辆无通行证。',
    });
    event(id, created, 'accepted', {
      fromStatus: 'submitted',
      toStatus: 'accepted',
      data: { ownerUserId: gu, firstAsk: 'liaison' },
    });
    event(id, at('2020-02-12 10:40'), 'comment', {
      actor: gu,
      visibility: 'internal',
      body: '已上报企业复工指导第一小组，经指导组向市里相关部门请求协调，同时与余杭方面直接联系。',
    });
    event(id, at('2020-02-12 11:05'), 'task_opened', {
      actor: gu,
      visibility: 'internal',
      body: '协调余杭供货物流企业复工审批',
      data: {
        taskId: yuhang,
        assigneeKind: 'region',
        departmentCode: null,
        regionName: '余杭区',
        contactName: '余杭区交通运输局运输管理科 沈建国',
        contactPhoneMasked: maskPhone(YUHANG_CONTACT_PHONE),
        dueAt: at('2020-02-14 17:30').toISOString(),
      },
    });
    event(id, at('2020-02-12 11:10'), 'task_opened', {
      actor: gu,
      visibility: 'internal',
      body: '为供货车辆办理通行证，并商请余杭方面认可',
      data: {
        taskId: transport,
        assigneeKind: 'department',
        departmentCode: 'transport',
        regionName: null,
        dueAt: at('2020-02-14 17:30').toISOString(),
      },
    });
    event(id, at('2020-02-13 09:30'), 'comment', {
      actor: gu,
      body: '已联系余杭区交通运输局，对方正在审核物流企业的复工申请，请企业提供近两周的用酸计划。',
    });
    event(id, at('2020-02-13 14:10'), 'comment', {
      actor: zbhl,
      body: '用酸计划已发送，按目前产量需每周补货约 60 吨。',
    });
    event(id, at('2020-02-14 16:20'), 'task_completed', {
      actor: gu,
      visibility: 'internal',
      body: '余杭区已批准该物流运输企业复工，车辆和驾驶员已完成健康核验，可恢复运输。',
      data: { taskId: yuhang, title: '协调余杭供货物流企业复工审批', departmentCode: null },
    });
    event(id, at('2020-02-15 11:30'), 'task_completed', {
      name: '市交通运输局',
      visibility: 'internal',
      body: '已为承运车辆办理我市通行证，通行证获余杭方面认可，车辆可跨区通行。',
      data: {
        taskId: transport,
        title: '为供货车辆办理通行证，并商请余杭方面认可',
        departmentCode: 'transport',
      },
    });
    event(id, at('2020-02-16 15:40'), 'comment', {
      actor: gu,
      body: '运输车辆已满载浓硫酸从余杭出发，预计傍晚前到厂。',
    });
    event(id, resolved, 'status', {
      actor: gu,
      fromStatus: 'accepted',
      toStatus: 'resolved',
      body: resolution,
    });
    event(id, closed, 'status', {
      actor: zbhl,
      fromStatus: 'resolved',
      toStatus: 'closed',
      body: '企业确认问题已解决。',
    });
    event(id, closed, 'rated', {
      actor: zbhl,
      body: '非常感谢联络员和各部门高效协调，解了企业的燃眉之急！',
      data: { rating: 5 },
    });
  }

  // ── 2. 迈豪登: medical isolation gowns, filed with the market regulator's remote guidance ──
  const scjg = user('scjg');
  const gownGuideId = stableId('guide:isolation-gown-filing');
  const guideRows: GuideRow[] = [
    {
      id: gownGuideId,
      title: GOWN_GUIDE_TITLE,
      body: GOWN_GUIDE_BODY,
      caseTypeCode: 'filing_application',
      departmentCode: 'market_regulation',
      areaPath: city,
      createdBy: scjg,
      createdAt: at('2020-02-13 16:30'),
    },
    {
      id: stableId('guide:contactless-export-refund'),
      title: '“非接触式”出口退税办理指引',
      body: REFUND_GUIDE_BODY,
      caseTypeCode: 'export_tax_refund',
      departmentCode: 'tax',
      areaPath: city,
      createdAt: at('2020-02-10 09:00'),
    },
    {
      id: stableId('guide:cross-region-logistics-pass'),
      title: '跨区域货运车辆通行证办理与互认指引',
      body: PASS_GUIDE_BODY,
      caseTypeCode: 'enterprise_problem',
      category: 'raw_materials_logistics',
      departmentCode: 'transport',
      areaPath: city,
      createdBy: gu,
      createdAt: at('2020-02-17 10:00'),
    },
  ];
  {
    const id = DEMO_CASE_IDS.isolationGowns;
    const filing = type('filing_application');
    const mhd = enterprise(MAIHAODENG_NAME);
    const created = at('2020-02-12 14:20');
    const due = deadlinesFor(filing.sla, created, DEMO_CALENDAR);
    const resolved = at('2020-02-17 15:30');
    const resolution =
      '已向企业发出医用隔离衣第一类医疗器械产品备案凭证（浙嘉械备20200012号）和生产备案凭证（浙嘉药监械生产备20200005号）。该公司为我市首家取得医用隔离衣生产资质的企业，投产后日产能 2,000 件。';
    caseRows.push({
      id,
      regionCode: REGION_CODE,
      typeId: filing.id,
      typeCode: 'filing_application',
      status: 'resolved',
      priority: 'urgent',
      title: '转产医用隔离衣，咨询产品备案和生产备案手续',
      description:
        '“我们企业想生产医用隔离衣，需要办理什么手续？隔离衣的备案怎么办？需要哪些资料？”企业对医疗器械法规及申报要求不清楚，由市场监管局驻厂联络员反映。',
      fields: { product: '一次性使用医用隔离衣', standard: 'YY/T 1499-2016', daily_capacity: 2000 },
      subjectOrgId: mhd.id,
      areaPath: mhd.areaPath,
      source: 'staff',
      requesterOrgId: mhd.id,
      requesterName: mhd.contactName,
      handlingDepartmentCode: 'market_regulation',
      ownerUserId: scjg,
      resolution,
      guideId: gownGuideId,
      rating: 5,
      ratingComment: '非常感谢业务部门和联络员耐心细致辅导，以最快速度将资质凭证办理下来。',
      acceptedAt: at('2020-02-12 14:35'),
      firstResponseAt: at('2020-02-12 14:35'),
      lastUpdateAt: resolved,
      resolvedAt: resolved,
      dueFirstResponseAt: due.firstResponse.dueAt,
      dueResolutionAt: due.resolution.dueAt,
      createdBy: scjg,
      createdAt: created,
      updatedAt: resolved,
      version: 4,
    });
    event(id, created, 'created', {
      actor: scjg,
      toStatus: 'submitted',
      body: '驻厂联络员反映：企业拟转产医用隔离衣，咨询备案手续和所需资料。',
    });
    event(id, at('2020-02-12 14:35'), 'accepted', {
      actor: scjg,
      fromStatus: 'submitted',
      toStatus: 'accepted',
    });
    event(id, at('2020-02-12 15:00'), 'status', {
      actor: scjg,
      fromStatus: 'accepted',
      toStatus: 'in_progress',
    });
    event(id, at('2020-02-13 16:30'), 'guide_linked', {
      actor: scjg,
      body: `市场监管部门专门梳理了《${GOWN_GUIDE_TITLE}》，已发送企业。`,
      data: { guideId: gownGuideId },
    });
    event(id, at('2020-02-13 17:00'), 'comment', {
      actor: scjg,
      body: '资料网络传送：备案表格、产品技术要求模板、说明书和标签样稿已通过网络发给企业。',
    });
    event(id, at('2020-02-14 10:00'), 'comment', {
      actor: scjg,
      body: '视频在线指导：逐项讲解产品技术要求和检验报告，对照 GB 19082、YY/T 1499 确定性能指标。',
    });
    event(id, at('2020-02-15 14:30'), 'comment', {
      actor: scjg,
      body: '电脑远程控制：远程协助企业在线填写并提交产品备案和生产备案材料。',
    });
    event(id, at('2020-02-16 11:00'), 'comment', {
      actor: scjg,
      visibility: 'internal',
      body: '材料齐全，生产场地、洁净车间和检验设备已通过视频核查。',
    });
    event(id, resolved, 'status', {
      actor: scjg,
      fromStatus: 'in_progress',
      toStatus: 'resolved',
      body: resolution,
    });
    event(id, at('2020-02-17 16:10'), 'rated', {
      name: mhd.contactName,
      body: '非常感谢业务部门和联络员耐心细致辅导，以最快速度将资质凭证办理下来。',
      data: { rating: 5 },
    });
  }

  // ── 3. 古道嘉恒: 2.28 M export tax refund paid less than 24 hours after the online submission ──
  {
    const id = DEMO_CASE_IDS.exportRefund;
    const refund = type('export_tax_refund');
    const gudao = enterprise(GUDAO_NAME);
    const du = user('duxiaobin');
    const created = at('2020-02-17 10:40');
    const due = deadlinesFor(refund.sla, created, DEMO_CALENDAR);
    const resolved = at('2020-02-18 08:40');
    const resolution =
      '审核通过，228 万元出口退税款已汇至企业账户（网上提交资料后 22 小时）。纸质资料允许延后报送。';
    caseRows.push({
      id,
      regionCode: REGION_CODE,
      typeId: refund.id,
      typeCode: 'export_tax_refund',
      status: 'closed',
      priority: 'urgent',
      title: '出口退税申报 228 万元存在疑点，申请“非接触式”办理',
      description:
        '公司 228 万元出口退税申报出现疑点，需要提供纸质资料供审核。纸质资料较多，复印装订费时，疫情期间上门报送不安全；企业复工急需资金。',
      fields: { amount_cny: 2_280_000, declaration_no: '290420200000218765' },
      subjectOrgId: gudao.id,
      areaPath: gudao.areaPath,
      source: 'enterprise',
      requesterOrgId: gudao.id,
      requesterName: '沈小弟',
      handlingDepartmentCode: 'tax',
      ownerUserId: du,
      resolution,
      rating: 5,
      ratingComment: '前一天网上提交资料，没想到隔天就收到了退税款，解决了燃眉之急。',
      acceptedAt: at('2020-02-17 10:52'),
      firstResponseAt: at('2020-02-17 10:52'),
      lastUpdateAt: at('2020-02-18 10:05'),
      resolvedAt: resolved,
      closedAt: at('2020-02-18 10:05'),
      dueFirstResponseAt: due.firstResponse.dueAt,
      dueResolutionAt: due.resolution.dueAt,
      createdAt: created,
      updatedAt: at('2020-02-26 15:00'),
      version: 5,
    });
    const paper = stableId('task:gudao:paper-originals');
    taskRows.push({
      id: paper,
      caseId: id,
      assigneeKind: 'department',
      departmentCode: 'tax',
      title: '纸质资料延后报送跟踪',
      description: '按“非接触式”出口退税服务规定，企业纸质资料允许延后报送，收到后归档。',
      status: 'done',
      result: '2月26日收到企业邮寄的纸质资料原件，与电子资料一致，已归档。',
      dueAt: at('2020-03-17 17:30'),
      createdBy: du,
      createdAt: at('2020-02-17 11:30'),
      completedAt: at('2020-02-26 15:00'),
      completedBy: du,
      version: 2,
    });
    event(id, created, 'created', {
      name: '沈小弟',
      toStatus: 'submitted',
      body: '通过“出口退税”钉钉群提交电子资料，申请按“非接触式”服务办理。',
    });
    event(id, at('2020-02-17 10:52'), 'accepted', {
      actor: du,
      fromStatus: 'submitted',
      toStatus: 'accepted',
    });
    event(id, at('2020-02-17 11:20'), 'comment', {
      actor: du,
      body: '按“非接触式”出口退税服务规定，允许企业纸质资料延后报送；电子资料已在钉钉群内接收，立即审核。',
    });
    event(id, at('2020-02-17 11:30'), 'task_opened', {
      actor: du,
      visibility: 'internal',
      body: '纸质资料延后报送跟踪',
      data: { taskId: paper, assigneeKind: 'department', departmentCode: 'tax', regionName: null },
    });
    event(id, at('2020-02-17 16:45'), 'comment', {
      actor: du,
      visibility: 'internal',
      body: '疑点已核实排除，退税申报手续已办理，提交国库退库。',
    });
    event(id, resolved, 'status', {
      actor: du,
      fromStatus: 'accepted',
      toStatus: 'resolved',
      body: resolution,
    });
    event(id, at('2020-02-18 10:05'), 'status', {
      name: '沈小弟',
      fromStatus: 'resolved',
      toStatus: 'closed',
      body: '退税款已到账，确认办结。',
    });
    event(id, at('2020-02-18 10:06'), 'rated', {
      name: '沈小弟',
      body: '前一天网上提交资料，没想到隔天就收到了退税款，解决了燃眉之急。',
      data: { rating: 5 },
    });
    event(id, at('2020-02-26 15:00'), 'task_completed', {
      actor: du,
      visibility: 'internal',
      body: '纸质资料原件已收到并归档。',
      data: { taskId: paper, title: '纸质资料延后报送跟踪', departmentCode: 'tax' },
    });
  }

  // ── 4. February's history: 1,559 more solved problems (1,560 with 中部理化's acid) ──
  const workDays = sortedDays('2020-02-03', '2020-02-26').filter((d) => isWorkingDay(d, DEMO_CALENDAR));
  // Most problems came in the week before and after resumption (10–21 February).
  const dayWeights = workDays.map((d) => [d, d >= '2020-02-10' && d <= '2020-02-21' ? 3 : 1] as const);
  const categoryWeights = CATEGORIES.map((c) => [c, c.weight] as const);
  // Enterprises with more problems than others: key enterprises and a random third weigh more.
  const enterpriseWeights = enterprises.map(
    (e) => [e, e.tags.includes('key_enterprise') ? 4 : rng.chance(0.33) ? 2 : 0.6] as const,
  );
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of enterpriseWeights) cumulative.push((total += w));
  const pickEnterprise = (): Enterprise => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return enterpriseWeights[lo]?.[0] as Enterprise;
  };
  const workingTime = (day: string): Date =>
    new Date(localMidnight(day).getTime() + (8 * 60 + 45 + rng.int(0, 7.5 * 60)) * MINUTE);

  const addProblem = (key: string, e: Enterprise, spec: CategorySpec, created: Date, open: boolean) => {
    const id = stableId(`case:${key}`);
    const byEnterprise = e.id === ZHONGBU_ORG_ID ? rng.chance(0.5) : rng.chance(0.3);
    const liaison = e.liaison;
    const requesterUser = e.id === ZHONGBU_ORG_ID && byEnterprise ? zbhl : null;
    const due = problemClocks(problem.sla, created);
    // When the liaison starts work (in_progress) on a case still open.
    const startedAt = new Date(created.getTime() + rng.int(5, rng.chance(0.95) ? 100 : 240) * MINUTE);
    const title = rng.pick(spec.titles)(rng);
    const row: CaseRow = {
      id,
      regionCode: REGION_CODE,
      typeId: problem.id,
      typeCode: 'enterprise_problem',
      category: spec.code,
      status: 'accepted',
      priority: rng.chance(0.08) ? 'urgent' : 'normal',
      title,
      description: `${e.name}：${title}。`,
      fields: spec.fields(rng),
      subjectOrgId: e.id,
      areaPath: e.areaPath,
      source: byEnterprise ? 'enterprise' : 'staff',
      requesterUserId: requesterUser,
      requesterOrgId: e.id,
      requesterName: e.contactName,
      handlingDepartmentCode: spec.department,
      ownerUserId: liaison,
      acceptedAt: created,
      firstResponseAt: created,
      dueFirstResponseAt: due.firstResponse.dueAt,
      dueResolutionAt: due.resolution.dueAt,
      createdBy: byEnterprise ? requesterUser : liaison,
      createdAt: created,
      updatedAt: created,
      version: 1,
    };
    caseRows.push(row);
    event(id, created, 'created', {
      actor: byEnterprise ? requesterUser : liaison,
      name: byEnterprise ? e.contactName : undefined,
      toStatus: 'submitted',
    });
    // Owned at once by the enterprise's liaison (首问负责), which is the first response.
    event(id, created, 'accepted', {
      fromStatus: 'submitted',
      toStatus: 'accepted',
      data: { ownerUserId: liaison, firstAsk: 'liaison' },
    });
    if (open) return { row, due, startedAt };
    const late = rng.chance(0.1);
    let resolved = late
      ? addWorkingHours(due.resolution.dueAt, rng.int(1, 12), DEMO_CALENDAR)
      : addWorkingHours(created, problem.sla.resolutionHours * (0.05 + 0.9 * rng.next()), DEMO_CALENDAR);
    if (resolved > FEB_END) resolved = new Date(Math.min(due.resolution.dueAt.getTime(), FEB_END.getTime()));
    const resolution = rng.pick(spec.resolutions);
    row.status = 'resolved';
    row.resolvedAt = resolved;
    row.resolution = resolution;
    row.lastUpdateAt = resolved;
    row.updatedAt = resolved;
    row.version = 2;
    if (late) row.escalationLevel = 1;
    event(id, resolved, 'status', {
      actor: liaison,
      fromStatus: 'accepted',
      toStatus: 'resolved',
      body: resolution,
    });
    if (rng.chance(0.82)) {
      const closed = new Date(
        Math.min(resolved.getTime() + rng.int(1, 30) * HOUR, FEB_END.getTime() + 3 * HOUR),
      );
      row.status = 'closed';
      row.closedAt = closed;
      row.updatedAt = closed;
      row.version = 3;
      event(id, closed, 'status', {
        actor: requesterUser,
        name: requesterUser ? undefined : e.contactName,
        fromStatus: 'resolved',
        toStatus: 'closed',
      });
      if (rng.chance(0.9)) {
        const rating = weighted(rng, [
          [5, 0.76],
          [4, 0.19],
          [3, 0.035],
          [2, 0.01],
          [1, 0.005],
        ] as const);
        row.rating = rating;
        row.ratingComment = rating >= 4 ? rng.pick(RATING_COMMENTS) || null : '处理时间偏长';
        event(id, closed, 'rated', {
          actor: requesterUser,
          name: requesterUser ? undefined : e.contactName,
          body: row.ratingComment,
          data: { rating },
        });
      }
    }
    return { row, due, startedAt };
  };

  for (let i = 1; i < SOLVED_PROBLEMS; i++) {
    // 中部理化 has a handful of earlier problems for its portal; the rest are spread by weight.
    const e = i <= 4 ? zhongbu : pickEnterprise();
    const spec = weighted(rng, categoryWeights);
    addProblem(`history:${i}`, e, spec, workingTime(weighted(rng, dayWeights)), false);
  }

  // ── the live queue: open problems from the last working days before the load ──
  const guEnterprises = enterprises.filter((e) => e.liaison === gu);
  const recentStart = (workingDaysBack: number): Date => {
    let day = localDay(now);
    let back = workingDaysBack;
    while (back > 0) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      if (isWorkingDay(day, DEMO_CALENDAR)) back--;
    }
    return workingTime(day);
  };
  // 顾敏杰's inbox holds exactly GUMINGJIE_OPEN: the rest of the queue goes to other liaisons (the
  // random draws below depend on the load time, so a plain draw could land on his firms some days).
  const pickOtherThanGu = (): Enterprise => {
    for (;;) {
      const e = pickEnterprise();
      if (e.liaison !== gu) return e;
    }
  };
  for (let i = 0; i < OPEN_PROBLEMS; i++) {
    const overdue = i >= OPEN_PROBLEMS - OVERDUE_OPEN_PROBLEMS;
    const e =
      i < GUMINGJIE_OPEN
        ? i < 2
          ? zhongbu
          : (guEnterprises[i % guEnterprises.length] as Enterprise)
        : pickOtherThanGu();
    const spec = weighted(rng, categoryWeights);
    // Overdue: 4–6 working days old (the resolution clock is 3 working days); others within 2.
    let created = recentStart(overdue ? rng.int(4, 6) : rng.int(0, 2));
    if (created >= now) created = new Date(now.getTime() - rng.int(20, 180) * MINUTE);
    const { row, due, startedAt } = addProblem(`open:${i}`, e, spec, created, true);
    if (i < 2) {
      row.source = 'enterprise';
      row.requesterUserId = zbhl;
      row.createdBy = zbhl;
    }
    const started = startedAt < now && rng.chance(0.6);
    if (started) {
      row.status = 'in_progress';
      row.lastUpdateAt = startedAt;
      row.updatedAt = startedAt;
      row.version = 2;
      event(row.id as string, startedAt, 'status', {
        actor: row.ownerUserId,
        fromStatus: 'accepted',
        toStatus: 'in_progress',
        body: '已联系企业了解详情，正在协调。',
      });
    }
    // SLA rows as the clocks would have left them: elapsed ones fired, the rest pending.
    const clock = (name: string, kind: string, dueAt: Date) =>
      deadlineRows.push({
        caseId: row.id as string,
        clock: name,
        kind,
        dueAt,
        ...(dueAt < now ? { firedAt: dueAt } : {}),
      });
    // Accepted by the liaison on creation: the first-response clock was cancelled at once, and the
    // update clock runs from the last update (kept only while it is still ahead).
    for (const kind of ['warning', 'breach'])
      deadlineRows.push({
        caseId: row.id as string,
        clock: 'first_response',
        kind,
        dueAt: kind === 'warning' ? due.firstResponse.warnAt : due.firstResponse.dueAt,
        cancelledAt: created,
      });
    const lastUpdate = started ? startedAt : created;
    const updateDue = addWorkingHours(lastUpdate, problem.sla.updateIntervalHours, DEMO_CALENDAR);
    if (updateDue > now) {
      clock(
        'update',
        'warning',
        addWorkingHours(lastUpdate, problem.sla.updateIntervalHours * problem.sla.warnAtShare, DEMO_CALENDAR),
      );
      clock('update', 'breach', updateDue);
    }
    clock('resolution', 'warning', due.resolution.warnAt);
    clock('resolution', 'breach', due.resolution.dueAt);
    if (due.resolution.dueAt < now) {
      row.escalationLevel = 1;
      event(row.id as string, due.resolution.dueAt, 'escalated', {
        visibility: 'internal',
        name: '系统',
        body: '已超过办结时限，提级至督导员。',
        data: { clock: 'resolution', level: 1 },
      });
    }
  }

  // ── 5. 一企一策: a plan for each of the 17 key enterprises ──
  const planRows: PlanRow[] = enterprises
    .filter((e) => e.tags.includes('key_enterprise'))
    .map((e) => {
      const count = rng.int(3, 5);
      const pool = [...PLAN_MEASURES];
      const measures = [];
      for (let k = 0; k < count; k++) {
        const [measure, departmentCode] = pool.splice(rng.int(0, pool.length - 1), 1)[0] as readonly [
          string,
          string,
        ];
        const status = weighted(rng, [
          ['done', 0.55],
          ['in_progress', 0.35],
          ['planned', 0.1],
        ] as const);
        measures.push({ measure, departmentCode, status });
      }
      const created = workingTime(weighted(rng, dayWeights.slice(0, 6)));
      return {
        id: stableId(`plan:${e.id}`),
        orgId: e.id,
        title: `${e.name}“一企一策”复工复产服务方案`,
        measures,
        areaPath: e.areaPath,
        ownerUserId: e.liaison,
        createdAt: created,
        updatedAt: new Date(created.getTime() + rng.int(24, 240) * HOUR),
      };
    });

  // Numbers follow time: the oldest case gets the smallest GL number.
  caseRows.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
  return { caseRows, eventRows, taskRows, guideRows, planRows, deadlineRows };
}

const PLAN_MEASURES: ReadonlyArray<readonly [string, string]> = [
  ['驻企联络员每日跟踪复工进度，问题当日上报、首问负责到底', 'economy_bureau'],
  ['协调上游原料供应商复工，保障跨区域物流车辆通行', 'transport'],
  ['开通员工返岗“点对点”包车，抵平后健康核验', 'human_resources'],
  ['落实阶段性社保费减免和稳岗返还政策', 'human_resources'],
  ['出口退税即报即审即退，纸质资料延后报送', 'tax'],
  ['对接银行提供流动资金贷款，开辟审批绿色通道', 'economy_bureau'],
  ['调配口罩、消毒液、测温枪等防疫物资', 'health'],
  ['指导厂区防疫消杀、员工食堂分餐和隔离观察区设置', 'health'],
  ['指导转产防疫物资的产品备案与生产备案', 'market_regulation'],
  ['协助申报复工复产补助和技术改造项目', 'economy_bureau'],
  ['外贸订单履约受阻出具不可抗力事实性证明', 'commerce'],
  ['保障生产用电用气，落实阶段性电费减免', 'development_zone'],
];

const GOWN_GUIDE_BODY = `适用范围：拟生产一次性使用医用隔离衣（第一类医疗器械）的企业。隔离衣用于医疗机构门诊、病房、检验室等的一般隔离，不得替代医用防护服。

一、需准备的资料
（一）产品备案（第一类医疗器械产品备案）
1. 第一类医疗器械备案表；
2. 安全风险分析报告（按 YY/T 0316 开展风险分析）；
3. 产品技术要求：结构组成、规格型号、性能指标及检验方法，性能指标可参照 YY/T 1499-2016《医用防护服的液体阻隔性能和分级》确定液体阻隔等级，断裂强力、抗渗水性等可参照 GB 19082-2009《医用一次性防护服技术要求》的方法；
4. 产品检验报告（可为企业自检报告）；
5. 临床评价资料（列入免于临床评价目录的，提交对比说明）；
6. 产品说明书及最小销售单元标签设计样稿；
7. 生产制造信息：工艺流程图、关键工序和特殊过程说明；
8. 营业执照等证明性文件，符合性声明。
（二）生产备案（第一类医疗器械生产备案）
1. 第一类医疗器械生产备案表及已备案产品的备案凭证；
2. 营业执照，法定代表人、企业负责人身份证明；
3. 生产、质量和技术负责人的身份证明、学历或职称证明；
4. 生产场地证明及厂区总平面图、主要生产车间布置图；
5. 主要生产设备和检验设备目录；
6. 质量手册和程序文件，生产工艺流程图。

二、办理步骤
1. 企业联系驻厂联络员或市场监管局，领取备案表格和模板（资料网络传送）；
2. 市场监管局专人通过视频在线逐项指导，确定产品技术要求和检验项目；
3. 企业完成自检，整理资料后在线提交，必要时由工作人员电脑远程协助填报；
4. 备案部门对资料的完整性进行核对，生产场地可通过视频核查；
5. 资料齐全、符合形式要求的，当场备案，发放产品备案凭证和生产备案凭证。

三、注意事项
1. 备案信息表中的产品名称应为“一次性使用医用隔离衣”，不得宣称防护服的防护性能；
2. 无菌提供的产品须另行确认灭菌工艺；
3. 取得凭证后方可生产销售，每批产品应按产品技术要求出厂检验；
4. 疫情期间可先提交电子资料，纸质资料延后报送。

咨询：平湖市市场监督管理局（医疗器械监管）。`;

const REFUND_GUIDE_BODY = `疫情防控期间，出口退税备案、备案变更、申报退税、资料传送等业务均可“非接触式”办理。
1. 通过电子税务局或出口退税申报系统在线申报；
2. 申报出现疑点需补充资料的，将电子资料发送至“出口退税”钉钉群或指定邮箱；
3. 纸质资料允许延后报送，疫情结束后补交原件；
4. 税务部门即报即审即退，审核通过后退税款直接汇入企业账户。
有困难可直接联系出口退税管理人员。`;

const PASS_GUIDE_BODY = `原料或成品运输车辆因疫情无法通行时：
1. 企业向驻企联络员说明承运企业、车辆号牌、驾驶员和运输线路；
2. 联络员上报并同时联系市交通运输局，由市交通运输局为车辆办理我市通行证；
3. 承运企业在外地未复工的，联络员直接联系对方区县交通运输部门，协调其复工审批；
4. 由市交通运输局与对方交通部门对接，使通行证跨区域互认；
5. 车辆到厂前驾驶员完成健康核验，卸货时不下车或全程佩戴口罩。`;

/**
 * Multi-row insert with the whole batch as ONE json parameter read by json_populate_recordset: a VALUES
 * list costs a bind parameter per value, which PGlite parses slowly. The columns are those any row
 * sets; a row without a value gets the column's default (coalesce), as drizzle's insert does.
 */
export async function insertAsJson<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  batch = 1000,
): Promise<void> {
  if (rows.length === 0) return;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row as object)) keys.add(key);
  const written = [...keys].map((key) => {
    const column = all[key];
    if (!column) throw new Error(`no column ${key}`);
    return { key, column };
  });
  const target = sql.join(
    written.map((w) => sql.identifier(w.column.name)),
    sql`, `,
  );
  const source = sql.join(
    written.map(({ column: c }) => {
      const value = sql`r.${sql.identifier(c.name)}`;
      if (!c.hasDefault || c.default === undefined) return value;
      const fallback = is(c.default, SQL) ? c.default : sql`${c.default}`;
      return sql`coalesce(${value}, ${fallback})`;
    }),
    sql`, `,
  );
  for (let start = 0; start < rows.length; start += batch) {
    const records = rows.slice(start, start + batch).map((row) => {
      const record: Record<string, unknown> = {};
      for (const w of written) {
        const value = (row as Record<string, unknown>)[w.key];
        record[w.column.name] = value instanceof Date ? value.toISOString() : (value ?? null);
      }
      return record;
    });
    await db.execute(
      sql`insert into ${table} (${target})
          select ${source} from json_populate_recordset(null::${table}, ${JSON.stringify(records)}::json) as r`,
    );
  }
}

/** Case types (seeded if missing, so the demo loads on an empty database), by code. */
export async function caseTypeRefs(db: Db): Promise<Map<string, TypeRef>> {
  await seedCaseTypes(db);
  const rows = await db
    .select({ id: caseTypes.id, code: caseTypes.code, sla: caseTypes.sla })
    .from(caseTypes);
  return new Map(rows.map((r) => [r.code, { id: r.id, sla: parseSlaPolicy(r.sla) }]));
}

/** Seeds the case types, builds the demo cases and writes them; returns the row counts. */
export async function loadDemoCases(db: Db, input: CaseDemoInput): Promise<Record<string, number>> {
  const demo = buildCaseDemo(input, await caseTypeRefs(db));
  await insertAsJson(db, guides, demo.guideRows);
  await insertAsJson(db, cases, demo.caseRows);
  await insertAsJson(db, caseTasks, demo.taskRows);
  await insertAsJson(db, caseEvents, demo.eventRows);
  await insertAsJson(db, caseDeadlines, demo.deadlineRows);
  await insertAsJson(db, enterprisePlans, demo.planRows);
  return {
    cases: demo.caseRows.length,
    caseEvents: demo.eventRows.length,
    caseTasks: demo.taskRows.length,
    guides: demo.guideRows.length,
    enterprisePlans: demo.planRows.length,
  };
}
