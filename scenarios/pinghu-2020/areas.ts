// The demo city's area tree. Names the source gives (当湖街道, 曹桥街道, 广陈镇, 水洧埭社区, 凤凰社区,
// 石龙村, 曹桥村, the places of 水洧埭社区 and 广陈镇) are used as given; the other communities and
// villages carry Pinghu place names for realism and are not an authoritative register.

export interface TownSeed {
  code: string;
  name: string;
  kind: 'sub_district' | 'town';
  communities: Array<{ name: string; kind: 'community' | 'village' }>;
}

const c = (name: string) => ({
  name,
  kind: (name.endsWith('村') ? 'village' : 'community') as 'community' | 'village',
});

export const CITY = { code: '330482', name: '平湖市' };

/** 8 towns/sub-districts (镇街道), as the source counts them. */
export const TOWNS: TownSeed[] = [
  {
    code: '001',
    name: '当湖街道',
    kind: 'sub_district',
    communities: [
      '水洧埭社区',
      '凤凰社区',
      '东湖社区',
      '南河头社区',
      '西门社区',
      '北门社区',
      '通界社区',
      '胜利社区',
      '东门社区',
      '荷花社区',
    ].map(c),
  },
  {
    code: '002',
    name: '钟埭街道',
    kind: 'sub_district',
    communities: ['钟埭社区', '沈家弄社区', '南桥村', '钟溪村', '花园村', '大力村', '兴旺村'].map(c),
  },
  {
    code: '003',
    name: '曹桥街道',
    kind: 'sub_district',
    communities: ['曹桥社区', '石龙村', '曹桥村', '东泗村', '马厩村', '百寿村', '夏家埭村'].map(c),
  },
  {
    code: '004',
    name: '新埭镇',
    kind: 'town',
    communities: ['新埭社区', '鱼圻塘村', '星光村', '泖口村', '新街村', '姚浜村'].map(c),
  },
  {
    code: '005',
    name: '新仓镇',
    kind: 'town',
    communities: ['新仓社区', '三叉河村', '秀平桥村', '芦湾村', '杉青港村', '友联村'].map(c),
  },
  {
    code: '006',
    name: '广陈镇',
    kind: 'town',
    communities: ['广陈社区', '山塘村', '龙萌村', '泗泾村', '港中村', '前港村', '民主村'].map(c),
  },
  {
    code: '007',
    name: '林埭镇',
    kind: 'town',
    communities: ['林埭社区', '徐家埭村', '前进村', '衙前村', '林家埭村', '华丰村'].map(c),
  },
  {
    code: '008',
    name: '独山港镇',
    kind: 'town',
    communities: ['独山港社区', '全塘社区', '黄姑村', '白沙湾村', '赵家桥村', '虹霓村'].map(c),
  },
];

/** 235 grids (网格) across the city, as the source counts them. */
export const GRID_TOTAL = 235;

/** Places, keyed by the community (or town, when community is null) they belong to. */
export interface PlaceSeed {
  town: string;
  community: string | null;
  name: string;
  kind: string;
}

/** Residential compounds of 凤凰社区; its checkpoints (凤凰小区N号门卡点) guard the first one's gates. */
export const FENGHUANG_COMPOUNDS = [
  '凤凰小区',
  '凤凰新村',
  '金凤苑',
  '凤鸣苑',
  '百花小区',
  '明珠小区',
  '新凤公寓',
  '凤凰花园',
];

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export const PLACES: PlaceSeed[] = [
  // 水洧埭社区: 14 residential compounds and 8 business districts (the source's figures).
  ...range(14).map((i) => ({
    town: '当湖街道',
    community: '水洧埭社区',
    name: `水洧埭第${i}小区`,
    kind: 'residential_compound',
  })),
  ...range(8).map((i) => ({
    town: '当湖街道',
    community: '水洧埭社区',
    name: `水洧埭第${i}商圈`,
    kind: 'business_district',
  })),
  { town: '当湖街道', community: '水洧埭社区', name: '大润发超市平湖店', kind: 'supermarket' },
  { town: '当湖街道', community: '水洧埭社区', name: '长红大药房', kind: 'venue' },
  { town: '当湖街道', community: '水洧埭社区', name: '大润发卡点', kind: 'checkpoint' },
  { town: '当湖街道', community: '水洧埭社区', name: '长红大药房卡点', kind: 'checkpoint' },
  { town: '当湖街道', community: '水洧埭社区', name: '水洧埭友邻站', kind: 'service_point' },
  { town: '当湖街道', community: '凤凰社区', name: '凤凰社区友邻站', kind: 'service_point' },
  { town: '当湖街道', community: '凤凰社区', name: '服装批发市场', kind: 'market' },
  { town: '当湖街道', community: '凤凰社区', name: '水果批发市场', kind: 'market' },
  ...range(6).map((i) => ({
    town: '当湖街道',
    community: '凤凰社区',
    name: `凤凰小区${i}号门卡点`,
    kind: 'checkpoint',
  })),
  // 凤凰社区's compounds, where its 4,300 tenant households rent (names are illustrative).
  ...FENGHUANG_COMPOUNDS.map((name) => ({
    town: '当湖街道',
    community: '凤凰社区',
    name,
    kind: 'residential_compound',
  })),
  { town: '曹桥街道', community: '曹桥村', name: '曹桥村卡点', kind: 'checkpoint' },
  { town: '曹桥街道', community: '石龙村', name: '石龙村卡点', kind: 'checkpoint' },
  { town: '曹桥街道', community: null, name: '曹桥新时代文明实践站', kind: 'service_point' },
  // 广陈镇: 2 farmers' markets, 19 supermarkets, 3 gas-cylinder refill points, the farm base.
  ...range(2).map((i) => ({
    town: '广陈镇',
    community: null,
    name: `广陈农贸市场${i === 1 ? '' : '（山塘）'}`,
    kind: 'market',
  })),
  ...range(19).map((i) => ({ town: '广陈镇', community: null, name: `广陈第${i}超市`, kind: 'supermarket' })),
  ...range(3).map((i) => ({
    town: '广陈镇',
    community: null,
    name: `煤气集中代充点${i}`,
    kind: 'service_point',
  })),
  { town: '广陈镇', community: '龙萌村', name: '东都国际植物新品种研究院基地', kind: 'farm_base' },
  { town: '钟埭街道', community: null, name: '平湖经济技术开发区', kind: 'industrial_park' },
];
