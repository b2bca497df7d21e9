// The demo city's organisations, departments, cadres, teams and assignments, at the source's scale:
// 703 above-scale enterprises, 20 guidance groups of 590 cadres, one liaison per enterprise, a worker
// per grid, the 友邻 network, 水洧埭社区's 1,314 merchants and 广陈镇's markets and producers.
import type { Db } from '../../src/server/core/db/client.ts';
import type { PiiCipher } from '../../src/server/core/crypto/pii.ts';
import { orgs, orgStatusHistory } from '../../src/server/modules/orgs/orgs.tables.ts';
import {
  assignments,
  departments,
  staff,
  teamMembers,
  teams,
} from '../../src/server/modules/staff/staff.tables.ts';
import { maskPhone } from '../../src/shared/identifiers.ts';
import type { AreaIndex, AreaRef } from './area-index.ts';
import {
  FARM_KINDS,
  MANUFACTURING_TRADES,
  SHOP_TRADES,
  SURNAMES,
  TRADE_BY_SECTION,
  TRADE_NAMES,
  VILLAGE_WORDS,
} from './names.ts';
import type { CreditCodeFactory } from './random.ts';
import { insertInBatches, isoDate, mobilePhone, personName, weighted, type Rng } from './random.ts';
import { stableId } from './ids.ts';

type OrgRow = typeof orgs.$inferInsert;
type StaffRow = typeof staff.$inferInsert;
type TeamRow = typeof teams.$inferInsert;
type MemberRow = typeof teamMembers.$inferInsert;
type AssignmentRow = typeof assignments.$inferInsert;
type HistoryRow = typeof orgStatusHistory.$inferInsert;

export interface RegistryContext {
  areas: AreaIndex;
  pii: PiiCipher;
  rng: Rng;
  credit: CreditCodeFactory;
  /** Demo users' ids by username, to link cadres who sign in. */
  userIds: Map<string, string>;
}

export const DEPARTMENTS: ReadonlyArray<readonly [code: string, name: string, shortName: string]> = [
  ['economy_bureau', '平湖市经济和信息化局', '市经信局'],
  ['market_regulation', '平湖市市场监督管理局', '市场监管局'],
  ['tax', '国家税务总局平湖市税务局', '税务局'],
  ['law_enforcement', '平湖市综合行政执法局', '综合行政执法局'],
  ['commerce', '平湖市商务局', '商务局'],
  ['agriculture', '平湖市农业农村局', '农业农村局'],
  ['health', '平湖市卫生健康局', '卫健局'],
  ['public_security', '平湖市公安局', '公安局'],
  ['transport', '平湖市交通运输局', '交通运输局'],
  ['human_resources', '平湖市人力资源和社会保障局', '人力社保局'],
  ['emergency', '平湖市应急管理局', '应急管理局'],
  ['civil_affairs', '平湖市民政局', '民政局'],
  ['housing', '平湖市住房和城乡建设局', '住建局'],
  ['ecology', '嘉兴市生态环境局平湖分局', '生态环境分局'],
  ['development_zone', '平湖经济技术开发区管委会', '平湖经开'],
  ['command_office', '平湖市新冠肺炎疫情防控工作领导小组办公室', '市指挥部'],
];

const TOWN_OFFICE_CODES: Record<string, string> = {
  当湖街道: 'town_danghu',
  钟埭街道: 'town_zhongdai',
  曹桥街道: 'town_caoqiao',
  新埭镇: 'town_xindai',
  新仓镇: 'town_xincang',
  广陈镇: 'town_guangchen',
  林埭镇: 'town_lindai',
  独山港镇: 'town_dushangang',
};

/** Regions that guidance groups are organised by; 开发区 is the development zone inside 钟埭街道. */
const REGIONS = [
  '开发区',
  '当湖街道',
  '钟埭街道',
  '曹桥街道',
  '新埭镇',
  '新仓镇',
  '广陈镇',
  '林埭镇',
  '独山港镇',
];
const REGION_WEIGHTS = [0.22, 0.16, 0.15, 0.09, 0.09, 0.07, 0.05, 0.07, 0.1];
/** Enterprise groups per region (16 in all); service groups cover several regions each (4). */
const ENTERPRISE_GROUPS_PER_REGION = [4, 2, 2, 2, 2, 1, 1, 1, 1];
const SERVICE_GROUP_REGIONS = [
  ['当湖街道'],
  ['开发区', '钟埭街道'],
  ['曹桥街道', '林埭镇', '独山港镇'],
  ['新埭镇', '新仓镇', '广陈镇'],
];
const CN_NUMBERS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
  '十六',
];

export const ABOVE_SCALE_TOTAL = 703;
export const CADRE_TOTAL = 590;
export const KEY_ENTERPRISE_TOTAL = 17;
export const SHUIWEIDAI_MERCHANTS = 1314;

interface NamedCompany {
  name: string;
  region: string;
  industry: string;
  tags: string[];
}

/** The companies the source names, all above scale. */
export const NAMED_COMPANIES: NamedCompany[] = [
  { name: '中部理化铝制品(平湖)有限公司', region: '开发区', industry: 'C', tags: ['key_enterprise'] },
  {
    name: '浙江迈豪登旅游装备股份有限公司',
    region: '钟埭街道',
    industry: 'C',
    tags: ['key_enterprise', 'epidemic_supplies', 'exporter'],
  },
  { name: '平湖市古道嘉恒贸易有限公司', region: '当湖街道', industry: 'F', tags: ['exporter'] },
  {
    name: '浙江景兴纸业股份有限公司',
    region: '曹桥街道',
    industry: 'C',
    tags: ['key_enterprise', 'civilised_unit', 'exporter'],
  },
  { name: '浙江鑫达建设有限公司', region: '曹桥街道', industry: 'E', tags: ['civilised_unit'] },
  { name: '平湖森科园林工程有限公司', region: '曹桥街道', industry: 'E', tags: ['civilised_unit'] },
  { name: '平湖市景兴包装材料有限公司', region: '曹桥街道', industry: 'C', tags: ['civilised_unit'] },
  { name: '平湖市大亚纸业有限公司', region: '曹桥街道', industry: 'C', tags: ['civilised_unit'] },
];

const ROADS = [
  '新华路',
  '当湖路',
  '胜利路',
  '建国路',
  '东湖大道',
  '兴平路',
  '新兴路',
  '平善大道',
  '经一路',
  '经二路',
  '兴港路',
  '钟埭路',
  '曹兴路',
  '广陈大街',
  '新凯路',
  '林埭大道',
];

const SERVICE_SECTIONS = new Set(['F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'Q', 'R']);

const FEB_START = '2020-02-03';
const FEB_START_AT = new Date('2020-02-03T00:00:00+08:00');

export interface Registries {
  departmentRows: (typeof departments.$inferInsert)[];
  orgRows: OrgRow[];
  historyRows: HistoryRow[];
  staffRows: StaffRow[];
  teamRows: TeamRow[];
  memberRows: MemberRow[];
  assignmentRows: AssignmentRow[];
}

export function buildRegistries(ctx: RegistryContext): Registries {
  const { areas, pii, rng, credit } = ctx;
  const city = areas.get('平湖市');
  const towns = areas.ofLevel('town');
  const zone = areas.get('平湖经济技术开发区');

  // ── departments ──
  const departmentRows: Registries['departmentRows'] = [];
  const deptId = new Map<string, string>();
  DEPARTMENTS.forEach(([code, name, shortName], i) => {
    deptId.set(code, stableId(`department:${code}`));
    departmentRows.push({
      id: stableId(`department:${code}`),
      code,
      name,
      shortName,
      areaPath: city.path,
      sortOrder: i,
    });
  });
  towns.forEach((town, i) => {
    const code = TOWN_OFFICE_CODES[town.name] as string;
    deptId.set(code, stableId(`department:${code}`));
    departmentRows.push({
      id: stableId(`department:${code}`),
      code,
      name: `${town.name}办事处`,
      shortName: town.name,
      areaPath: town.path,
      sortOrder: 100 + i,
    });
  });

  const regionArea = (region: string): AreaRef =>
    region === '开发区' ? areas.get('钟埭街道') : areas.get(region);
  const gridsByRegion = new Map(REGIONS.map((r) => [r, areas.gridsUnder(regionArea(r))]));
  const townOfRegion = (region: string) => (region === '开发区' ? '钟埭街道' : region);

  // ── organisations ──
  const orgRows: OrgRow[] = [];
  const historyRows: HistoryRow[] = [];
  const names = new Set<string>();
  const contact = () => {
    const phone = mobilePhone(rng);
    return {
      contactName: personName(rng),
      contactPhoneEnc: pii.encrypt(phone),
      contactPhoneHash: pii.lookupHash(phone),
      contactPhoneMasked: maskPhone(phone),
    };
  };
  const address = (town: string) => `平湖市${town}${rng.pick(ROADS)}${rng.int(1, 1999)}号`;
  const uniqueName = (make: () => string) => {
    for (;;) {
      const name = make();
      if (!names.has(name)) {
        names.add(name);
        return name;
      }
    }
  };
  /** Suspended over the Spring Festival, resumed on a February date; a few not yet. */
  const resumption = (id: string, stillSuspendedShare: number) => {
    historyRows.push({
      orgId: id,
      status: 'suspended',
      effectiveDate: '2020-01-24',
      note: '春节假期及疫情延迟复工',
    });
    if (rng.chance(stillSuspendedShare)) return { status: 'suspended', statusSince: '2020-01-24' };
    const date = isoDate(2020, 2, rng.int(10, 28));
    historyRows.push({ orgId: id, status: 'resumed', effectiveDate: date, note: '复工申请已审核通过' });
    return { status: 'resumed', statusSince: date };
  };
  const enterpriseName = (industry: string) =>
    uniqueName(() => {
      const place = weighted(rng, [
        ['平湖', 0.45],
        ['浙江', 0.35],
        ['嘉兴', 0.2],
      ] as const);
      const trade =
        industry === 'C' ? rng.pick(MANUFACTURING_TRADES) : rng.pick(TRADE_BY_SECTION[industry] ?? ['科技']);
      const suffix = rng.chance(0.12) ? '股份有限公司' : '有限公司';
      return place === '平湖'
        ? `平湖市${rng.pick(TRADE_NAMES)}${trade}${suffix}`
        : `${place}${rng.pick(TRADE_NAMES)}${trade}${suffix}`;
    });

  interface Enterprise {
    id: string;
    region: string;
    industry: string;
    areaPath: string;
    name: string;
  }
  const aboveScale: Enterprise[] = [];
  const addEnterprise = (
    key: string,
    name: string,
    region: string,
    industry: string,
    tags: string[],
    above: boolean,
    kind = 'enterprise',
  ) => {
    const id = stableId(`org:${key}`);
    const area =
      region === '开发区' && rng.chance(0.7) ? zone : rng.pick(gridsByRegion.get(region) as AreaRef[]);
    const state = resumption(id, above ? 0.03 : 0.08);
    orgRows.push({
      id,
      kind,
      creditCode: credit.next('91'),
      name,
      aboveScale: above,
      industry,
      areaId: area.id,
      areaPath: area.path,
      address: address(townOfRegion(region)),
      ...contact(),
      tags,
      ...state,
    });
    if (above) aboveScale.push({ id, region, industry, areaPath: area.path, name });
  };

  for (const c of NAMED_COMPANIES) {
    names.add(c.name);
    addEnterprise(`named:${c.name}`, c.name, c.region, c.industry, [...c.tags], true);
  }
  const aboveIndustry = [
    ['C', 80],
    ['E', 5],
    ['F', 6],
    ['D', 2],
    ['G', 3],
    ['I', 2],
    ['K', 1],
    ['L', 1],
  ] as const;
  const regionEntries = REGIONS.map((r, i) => [r, REGION_WEIGHTS[i] as number] as const);
  let keyCount = NAMED_COMPANIES.filter((c) => c.tags.includes('key_enterprise')).length;
  for (let i = aboveScale.length; i < ABOVE_SCALE_TOTAL; i++) {
    const industry = weighted(rng, aboveIndustry);
    const tags: string[] = [];
    if (rng.chance(industry === 'C' || industry === 'F' ? 0.33 : 0.05)) tags.push('exporter');
    // Key enterprises (一企一策): spread evenly over the list, manufacturing only.
    if (keyCount < KEY_ENTERPRISE_TOTAL && industry === 'C' && i % 40 === 0) {
      tags.push('key_enterprise');
      keyCount++;
    }
    if (rng.chance(0.05)) tags.push('foreign_invested');
    addEnterprise(`above:${i}`, enterpriseName(industry), weighted(rng, regionEntries), industry, tags, true);
  }
  // Top up so the source's 17 is exact whatever the draw gave.
  for (const e of aboveScale) {
    if (keyCount >= KEY_ENTERPRISE_TOTAL) break;
    const row = orgRows.find((r) => r.id === e.id) as OrgRow;
    if (e.industry === 'C' && !(row.tags as string[]).includes('key_enterprise')) {
      (row.tags as string[]).push('key_enterprise');
      keyCount++;
    }
  }

  // ~2,000 smaller enterprises and service businesses.
  for (let i = 0; i < 1300; i++) {
    const industry = weighted(rng, [
      ['C', 70],
      ['E', 8],
      ['F', 12],
      ['G', 5],
      ['M', 5],
    ] as const);
    const tags = rng.chance(0.15) ? ['exporter'] : [];
    addEnterprise(
      `small:${i}`,
      enterpriseName(industry),
      weighted(rng, regionEntries),
      industry,
      tags,
      false,
    );
  }
  for (let i = 0; i < 700; i++) {
    const industry = weighted(rng, [
      ['F', 30],
      ['G', 15],
      ['H', 15],
      ['L', 15],
      ['O', 15],
      ['Q', 5],
      ['I', 5],
    ] as const);
    addEnterprise(
      `service:${i}`,
      enterpriseName(industry),
      weighted(rng, regionEntries),
      industry,
      [],
      false,
      'service_business',
    );
  }

  // 水洧埭社区: 1,314 merchants over its 8 business districts, plus the supermarket and pharmacy.
  const shuiweidai = areas.get('水洧埭社区');
  const districts = areas.childrenOf(shuiweidai, 'place', 'business_district');
  for (let i = 0; i < SHUIWEIDAI_MERCHANTS; i++) {
    const district = districts[i % districts.length] as AreaRef;
    const [industry, trade] = rng.pick(SHOP_TRADES);
    const name = uniqueName(
      () => `${rng.chance(0.5) ? `${rng.pick(SURNAMES)}记` : rng.pick(TRADE_NAMES)}${trade}`,
    );
    const id = stableId(`org:merchant:${i}`);
    orgRows.push({
      id,
      kind: 'merchant',
      creditCode: rng.chance(0.75) ? credit.next('92') : null,
      name: `${name}（${district.name}）`,
      industry,
      areaId: district.id,
      areaPath: district.path,
      address: `${district.name}${rng.int(1, 300)}号`,
      ...contact(),
      tags: [],
      ...(rng.chance(0.85)
        ? { status: 'resumed', statusSince: isoDate(2020, 2, rng.int(10, 28)) }
        : { status: 'suspended', statusSince: '2020-01-24' }),
    });
  }
  const retailerAt = (key: string, place: AreaRef, name: string, kind: string, industry: string) => {
    orgRows.push({
      id: stableId(`org:${key}`),
      kind,
      creditCode: credit.next('91'),
      name,
      industry,
      areaId: place.id,
      areaPath: place.path,
      address: `平湖市${place.name}`,
      ...contact(),
      tags: [],
      status: 'operating',
    });
  };
  retailerAt('rt-mart', areas.get('大润发超市平湖店'), '大润发超市平湖店', 'retailer', 'F');
  retailerAt('changhong', areas.get('长红大药房'), '平湖市长红大药房有限公司', 'retailer', 'F');

  // 广陈镇: 2 farmers' markets and 19 supermarkets at their places; ~40 agricultural producers.
  const guangchen = areas.get('广陈镇');
  const guangchenPlaces = areas.childrenOf(guangchen, 'place');
  for (const place of guangchenPlaces.filter((p) => p.kind === 'market'))
    retailerAt(`market:${place.name}`, place, place.name, 'farmers_market', 'F');
  for (const place of guangchenPlaces.filter((p) => p.kind === 'supermarket'))
    retailerAt(`supermarket:${place.name}`, place, place.name, 'retailer', 'F');
  const farmBase = areas.get('东都国际植物新品种研究院基地');
  const guangchenGrids = areas.gridsUnder(guangchen);
  const producer = (key: string, name: string, area: AreaRef, tags: string[] = []) => {
    const id = stableId(`org:${key}`);
    orgRows.push({
      id,
      kind: 'agri_producer',
      creditCode: credit.next('93'),
      name,
      industry: 'A',
      areaId: area.id,
      areaPath: area.path,
      address: `平湖市广陈镇${area.name}`,
      ...contact(),
      tags,
      ...resumption(id, 0.05),
    });
  };
  producer('dongdu', '东都国际植物新品种研究院', farmBase);
  for (let i = 1; i < 40; i++) {
    const grid = rng.pick(guangchenGrids);
    const village = grid.name.replace(/第\d+网格$/, '');
    const kindWord = rng.pick(FARM_KINDS);
    const name = uniqueName(() =>
      kindWord === '家庭农场'
        ? `平湖市${rng.pick(SURNAMES)}${rng.pick(SURNAMES)}家庭农场`
        : `平湖市${village}${rng.pick(VILLAGE_WORDS)}${kindWord}`,
    );
    producer(`producer:${i}`, name, grid);
  }

  // ── cadres, guidance groups, supervision groups ──
  const staffRows: StaffRow[] = [];
  const memberRows: MemberRow[] = [];
  const teamRows: TeamRow[] = [];
  const assignmentRows: AssignmentRow[] = [];
  const cityDepartments = DEPARTMENTS.map(([code]) => code).filter((c) => c !== 'command_office');
  const addStaff = (
    key: string,
    fields: { name?: string; department: string; title: string; areaPath: string; userId?: string },
  ) => {
    const phone = mobilePhone(rng);
    const id = stableId(`staff:${key}`);
    staffRows.push({
      id,
      name: fields.name ?? personName(rng),
      phoneEnc: pii.encrypt(phone),
      phoneHash: pii.lookupHash(phone),
      phoneMasked: maskPhone(phone),
      departmentId: deptId.get(fields.department) as string,
      userId: fields.userId ?? null,
      title: fields.title,
      areaPath: fields.areaPath,
    });
    return id;
  };
  const member = (teamId: string, staffId: string, role: string) =>
    memberRows.push({
      id: stableId(`member:${teamId}:${staffId}`),
      teamId,
      staffId,
      role,
      startsOn: FEB_START,
    });
  const addTeam = (key: string, row: Omit<TeamRow, 'id'>) => {
    const id = stableId(`team:${key}`);
    teamRows.push({ id, ...row });
    return id;
  };

  interface Group {
    id: string;
    regions: string[];
    service: boolean;
    guides: string[];
    supervisors: string[];
    enterprises: Enterprise[];
    town: string | null;
  }
  const groups: Group[] = [];
  let g = 0;
  REGIONS.forEach((region, ri) => {
    for (let k = 0; k < (ENTERPRISE_GROUPS_PER_REGION[ri] as number); k++) {
      const name = `企业复工指导第${CN_NUMBERS[g]}小组`;
      const town = townOfRegion(region);
      const id = addTeam(`guidance:${g}`, {
        kind: 'enterprise_guidance',
        name,
        departmentId: deptId.get(region === '开发区' ? 'development_zone' : 'economy_bureau') as string,
        areaPath: areas.get(town).path,
        sortOrder: g,
      });
      groups.push({
        id,
        regions: [region],
        service: false,
        guides: [],
        supervisors: [],
        enterprises: [],
        town,
      });
      g++;
    }
  });
  SERVICE_GROUP_REGIONS.forEach((regions, k) => {
    const towns = [...new Set(regions.map(townOfRegion))];
    const id = addTeam(`service:${k}`, {
      kind: 'service_guidance',
      name: `服务业复工指导第${CN_NUMBERS[k]}小组`,
      departmentId: deptId.get('commerce') as string,
      areaPath: towns.length === 1 ? areas.get(towns[0] as string).path : city.path,
      sortOrder: 16 + k,
    });
    groups.push({
      id,
      regions,
      service: true,
      guides: [],
      supervisors: [],
      enterprises: [],
      town: towns.length === 1 ? (towns[0] as string) : null,
    });
  });

  // 590 cadres: 30 in the first ten groups, 29 in the other ten; a leader, 4 supervisors, the rest guides.
  groups.forEach((group, gi) => {
    const size = gi < 10 ? 30 : 29;
    for (let m = 0; m < size; m++) {
      const role = m === 0 ? 'leader' : m <= 4 ? 'supervisor' : 'guide';
      const isGu = gi === 0 && m === 5;
      const fromTown = !isGu && group.town !== null && rng.chance(0.4);
      const department = isGu
        ? 'law_enforcement'
        : fromTown
          ? (TOWN_OFFICE_CODES[group.town as string] as string)
          : rng.pick(cityDepartments);
      const id = addStaff(`cadre:${gi}:${m}`, {
        name: isGu ? '顾敏杰' : undefined,
        department,
        title: isGu
          ? '市综合行政执法局直属分队队员'
          : role === 'leader'
            ? '组长'
            : rng.pick(['科员', '副科长', '科长', '队员', '主任科员']),
        areaPath: group.town ? areas.get(group.town).path : city.path,
        userId: isGu ? ctx.userIds.get('gumingjie') : undefined,
      });
      member(group.id, id, role);
      if (role === 'guide') group.guides.push(id);
      if (role === 'supervisor') group.supervisors.push(id);
    }
  });

  // Supervision groups: the groups' supervisors, led by 陈家立 of 市经信局 (the demo user dudao).
  const chen = addStaff('chenjiali', {
    name: '陈家立',
    department: 'economy_bureau',
    title: '市经信局投资科科长',
    areaPath: city.path,
    userId: ctx.userIds.get('dudao'),
  });
  const supervisionTeams = [0, 1].map((k) =>
    addTeam(`supervision:${k}`, {
      kind: 'supervision',
      name: `复工督导第${CN_NUMBERS[k]}组`,
      departmentId: deptId.get('economy_bureau') as string,
      areaPath: city.path,
      sortOrder: 30 + k,
    }),
  );
  member(supervisionTeams[0] as string, chen, 'leader');
  groups.forEach((group, gi) => {
    for (const s of group.supervisors) member(supervisionTeams[gi % 2] as string, s, 'supervisor');
  });

  // One primary liaison per above-scale enterprise, from the guides of the group covering it.
  const groupFor = new Map<string, Group[]>();
  for (const group of groups)
    for (const region of group.regions) {
      const key = `${group.service ? 's' : 'e'}:${region}`;
      groupFor.set(key, [...(groupFor.get(key) ?? []), group]);
    }
  const regionCounters = new Map<string, number>();
  for (const e of aboveScale) {
    const key = `${SERVICE_SECTIONS.has(e.industry) ? 's' : 'e'}:${e.region}`;
    const candidates = groupFor.get(key) as Group[];
    const n = regionCounters.get(key) ?? 0;
    regionCounters.set(key, n + 1);
    (candidates[n % candidates.length] as Group).enterprises.push(e);
  }
  for (const group of groups) {
    group.enterprises.forEach((e, i) => {
      const guide = group.guides[i % group.guides.length] as string;
      assignmentRows.push({
        id: stableId(`liaison:${e.id}`),
        kind: 'liaison',
        staffId: guide,
        orgId: e.id,
        areaPath: e.areaPath,
        isPrimary: true,
        startsAt: FEB_START_AT,
        reason: '驻企指导“一对一”定向服务',
      });
      assignmentRows.push({
        id: stableId(`coverage:${group.id}:${e.id}`),
        kind: 'team_coverage',
        teamId: group.id,
        orgId: e.id,
        areaPath: e.areaPath,
        isPrimary: true,
        startsAt: FEB_START_AT,
      });
    });
  }

  // ── a worker for each of the 235 grids, in a grid team per town ──
  for (const town of towns) {
    const teamId = addTeam(`grid:${town.name}`, {
      kind: 'grid_team',
      name: `${town.name}网格工作队`,
      departmentId: deptId.get(TOWN_OFFICE_CODES[town.name] as string) as string,
      areaPath: town.path,
      sortOrder: 50,
    });
    for (const grid of areas.gridsUnder(town)) {
      const id = addStaff(`grid-worker:${grid.path}`, {
        department: TOWN_OFFICE_CODES[town.name] as string,
        title: '专职网格员',
        areaPath: grid.path,
      });
      member(teamId, id, 'grid_worker');
      assignmentRows.push({
        id: stableId(`grid-worker:${grid.path}`),
        kind: 'grid_worker',
        staffId: id,
        areaId: grid.id,
        areaPath: grid.path,
        isPrimary: true,
        startsAt: FEB_START_AT,
      });
    }
  }

  // ── the 友邻 network: a centre per sub-district, a station per community of 当湖街道, points below ──
  for (const town of towns.filter((t) => t.kind === 'sub_district')) {
    const office = TOWN_OFFICE_CODES[town.name] as string;
    const centre = addTeam(`neighbour-centre:${town.name}`, {
      kind: 'neighbour_centre',
      name: `${town.name}友邻中心`,
      departmentId: deptId.get(office) as string,
      areaPath: town.path,
      sortOrder: 60,
    });
    member(
      centre,
      addStaff(`neighbour-centre:${town.name}`, {
        department: office,
        title: '友邻中心主任',
        areaPath: town.path,
      }),
      'leader',
    );
    if (town.name !== '当湖街道') continue;
    for (const community of areas.childrenOf(town, 'community')) {
      const station = addTeam(`neighbour-station:${community.name}`, {
        kind: 'neighbour_station',
        name: `${community.name}友邻站`,
        parentTeamId: centre,
        departmentId: deptId.get(office) as string,
        areaPath: community.path,
        sortOrder: 61,
      });
      member(
        station,
        addStaff(`station-lead:${community.name}`, {
          department: office,
          title: '社区书记',
          areaPath: community.path,
        }),
        'leader',
      );
      member(
        station,
        addStaff(`station-envoy:${community.name}`, {
          department: office,
          title: '友邻使者',
          areaPath: community.path,
        }),
        'neighbour_envoy',
      );
      const compounds = areas.childrenOf(community, 'place', 'residential_compound');
      const pointPlaces = compounds.length > 0 ? compounds : areas.gridsUnder(community);
      for (const place of pointPlaces) {
        const point = addTeam(`neighbour-point:${place.path}`, {
          kind: 'neighbour_point',
          name: `${place.name}友邻点`,
          parentTeamId: station,
          departmentId: deptId.get(office) as string,
          areaPath: place.path,
          sortOrder: 62,
        });
        member(
          point,
          addStaff(`point-envoy:${place.path}`, {
            department: office,
            title: '友邻使者',
            areaPath: place.path,
          }),
          'neighbour_envoy',
        );
      }
    }
  }

  return { departmentRows, orgRows, historyRows, staffRows, teamRows, memberRows, assignmentRows };
}

export async function insertRegistries(db: Db, r: Registries): Promise<void> {
  await insertInBatches(db, departments, r.departmentRows);
  await insertInBatches(db, orgs, r.orgRows);
  await insertInBatches(db, orgStatusHistory, r.historyRows);
  await insertInBatches(db, staff, r.staffRows);
  // Parents before children: the 友邻 chain references earlier teams.
  await insertInBatches(db, teams, r.teamRows);
  await insertInBatches(db, teamMembers, r.memberRows);
  await insertInBatches(db, assignments, r.assignmentRows);
}
