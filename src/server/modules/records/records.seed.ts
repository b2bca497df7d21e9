import type { Db } from '../../core/db/client.ts';
import type { FieldOption, FieldSpec, Localised } from '../../../shared/form-fields.ts';
import type { FormExpectation, RecordChannel, RecordSubjectKind } from '../../../shared/record-forms.ts';
import { recordForms } from './records.tables.ts';

export interface RecordFormSeed {
  key: string;
  name: Localised;
  description: Localised;
  subjectKind: RecordSubjectKind;
  fields: FieldSpec[];
  expectation: FormExpectation | null;
  offline: boolean;
  healthData: boolean;
  retentionDays: number | null;
  retentionAction: 'delete' | 'anonymise';
  channels: RecordChannel[];
}

const l = (zh: string, en: string): Localised => ({ zh, en });
const opt = (value: string, zh: string, en: string): FieldOption => ({ value, label: l(zh, en) });
const PEOPLE = l('人', 'people');

const count = (key: string, label: Localised, required = true, max = 100_000, unit = PEOPLE): FieldSpec => ({
  key,
  label,
  type: 'number',
  required,
  min: 0,
  max,
  unit,
});

/** The seven built-in forms of the contract. Keys, field keys and subject kinds are fixed: rules, compliance and templates read them. */
export const RECORD_FORM_SEEDS: readonly RecordFormSeed[] = [
  {
    key: 'enterprise_daily',
    name: l('企业复工复产日报', 'Enterprise daily report'),
    description: l(
      '复工企业每日填报：在岗人数、返岗、外省来平、隔离、产能、原料可用天数、防疫物资和需协调的问题',
      'Filed daily by every resumed enterprise: staff on duty, returned, from outside the province, in quarantine, capacity, days of stock per raw material, epidemic supplies and problems to raise',
    ),
    subjectKind: 'org',
    fields: [
      count('staff_on_duty', l('在岗员工', 'Staff on duty')),
      count('staff_returned', l('已返岗员工', 'Staff returned')),
      count('staff_from_outside_province', l('外省返岗员工', 'Staff from outside the province')),
      count('staff_in_quarantine', l('隔离观察员工', 'Staff in quarantine')),
      {
        key: 'capacity_percent',
        label: l('产能恢复', 'Capacity'),
        type: 'number',
        required: true,
        min: 0,
        max: 100,
        unit: l('%', '%'),
      },
      {
        key: 'raw_material_days',
        label: l('主要原料可用天数', 'Days of stock per key raw material'),
        type: 'item_list',
        required: false,
        min: 0,
        max: 365,
        unit: l('天', 'days'),
        help: l(
          '每种主要原料一行：名称和按当前产量还能用几天',
          'One line per key raw material: its name and how many days it lasts at the current output',
        ),
      },
      count('masks_in_stock', l('口罩库存', 'Masks in stock'), true, 10_000_000, l('只', 'masks')),
      {
        key: 'disinfectant_kg',
        label: l('消毒液库存', 'Disinfectant in stock'),
        type: 'number',
        required: true,
        min: 0,
        max: 100_000,
        unit: l('千克', 'kg'),
      },
      {
        key: 'problems',
        label: l('需协调解决的问题', 'Problems to raise'),
        type: 'textarea',
        required: false,
        max: 2000,
      },
    ],
    expectation: { subjects: 'resumed_enterprises', perDay: 1 },
    offline: false,
    healthData: false,
    retentionDays: null,
    retentionAction: 'anonymise',
    channels: ['staff', 'subject'],
  },
  {
    key: 'resident_screening',
    name: l('居民每日排摸', 'Resident daily screening'),
    description: l(
      '对纳入排摸的居民每日登记体温、症状、14 天内出行和隔离状态',
      'Daily temperature, symptoms, travel in the last 14 days and quarantine status of every resident under screening',
    ),
    subjectKind: 'person',
    fields: [
      {
        key: 'temperature',
        label: l('体温', 'Temperature'),
        type: 'temperature',
        required: true,
        unit: l('°C', '°C'),
      },
      {
        key: 'symptoms',
        label: l('症状', 'Symptoms'),
        type: 'multi_select',
        required: true,
        options: [
          opt('fever', '发热', 'Fever'),
          opt('cough', '咳嗽', 'Cough'),
          opt('fatigue', '乏力', 'Fatigue'),
          opt('shortness_of_breath', '气促', 'Shortness of breath'),
          opt('none', '无', 'None'),
        ],
      },
      {
        key: 'travel_14d',
        label: l('14 天内离开本市', 'Left the city in the last 14 days'),
        type: 'boolean',
        required: true,
      },
      {
        key: 'quarantine_status',
        label: l('隔离状态', 'Quarantine status'),
        type: 'select',
        required: true,
        options: [
          opt('none', '未隔离', 'None'),
          opt('home', '居家隔离', 'At home'),
          opt('centralised', '集中隔离', 'Centralised'),
          opt('released', '已解除', 'Released'),
        ],
      },
    ],
    expectation: { subjects: 'screened_residents', perDay: 1 },
    offline: true,
    healthData: true,
    retentionDays: 90,
    retentionAction: 'anonymise',
    channels: ['staff', 'public'],
  },
  {
    key: 'checkpoint_pass',
    name: l('卡口通行登记', 'Checkpoint pass'),
    description: l(
      '卡口每次进出登记：人员或车辆、方向、体温、口罩、本地居民或外来人员、来源地',
      'Every pass through a checkpoint: person or vehicle, in or out, temperature, mask, resident or visitor, origin',
    ),
    subjectKind: 'place',
    fields: [
      {
        key: 'party',
        label: l('对象', 'Party'),
        type: 'select',
        required: true,
        options: [opt('person', '人员', 'Person'), opt('vehicle', '车辆', 'Vehicle')],
      },
      {
        key: 'direction',
        label: l('方向', 'Direction'),
        type: 'select',
        required: true,
        options: [opt('in', '进', 'In'), opt('out', '出', 'Out')],
      },
      {
        key: 'temperature',
        label: l('体温', 'Temperature'),
        type: 'temperature',
        // Required for a person: the service checks it (a vehicle pass has none).
        required: false,
        unit: l('°C', '°C'),
        help: l('人员通行必填', 'Required for a person'),
      },
      { key: 'mask', label: l('佩戴口罩', 'Wearing a mask'), type: 'boolean', required: true },
      {
        key: 'visitor_type',
        label: l('人员类型', 'Resident or visitor'),
        type: 'select',
        required: true,
        options: [opt('resident', '本地居民', 'Resident'), opt('visitor', '外来人员', 'Visitor')],
      },
      { key: 'origin', label: l('来源地', 'Coming from'), type: 'text', required: false, max: 100 },
      { key: 'plate', label: l('车牌号', 'Plate number'), type: 'text', required: false, max: 20 },
    ],
    expectation: { subjects: 'checkpoints', perDay: 2 },
    offline: true,
    healthData: true,
    retentionDays: 30,
    retentionAction: 'anonymise',
    channels: ['staff', 'ingest'],
  },
  {
    key: 'venue_disinfection',
    name: l('场所消毒记录', 'Venue disinfection log'),
    description: l(
      '农贸市场、超市和公共场所每日消毒登记',
      'Daily disinfection of markets, supermarkets and public venues',
    ),
    subjectKind: 'place',
    fields: [
      { key: 'done', label: l('已消毒', 'Disinfected'), type: 'boolean', required: true },
      {
        key: 'times',
        label: l('消毒次数', 'Times'),
        type: 'number',
        required: true,
        min: 0,
        max: 24,
        unit: l('次', 'times'),
      },
      { key: 'agent', label: l('消毒剂', 'Agent'), type: 'text', required: false, max: 100 },
      {
        key: 'areas',
        label: l('消毒区域', 'Areas'),
        type: 'multi_select',
        required: false,
        options: [
          opt('entrance', '出入口', 'Entrance'),
          opt('stalls', '摊位/货架', 'Stalls and shelves'),
          opt('toilets', '卫生间', 'Toilets'),
          opt('carts', '购物车/篮', 'Carts and baskets'),
          opt('lifts', '电梯', 'Lifts'),
          opt('waste', '垃圾点', 'Waste points'),
        ],
      },
      { key: 'note', label: l('备注', 'Note'), type: 'text', required: false, max: 500 },
    ],
    expectation: { subjects: 'venues', perDay: 1 },
    offline: false,
    healthData: false,
    retentionDays: null,
    retentionAction: 'anonymise',
    channels: ['staff'],
  },
  {
    key: 'market_prices',
    name: l('重点商品价格', 'Market prices of key goods'),
    description: l(
      '农贸市场和超市重点民生商品价格报送',
      'Prices of key goods at farmers’ markets and supermarkets',
    ),
    subjectKind: 'place',
    fields: [
      {
        key: 'prices',
        label: l('价格', 'Prices'),
        type: 'item_list',
        required: true,
        min: 0,
        max: 1000,
        unit: l('元/斤', 'CNY per jin'),
        options: [
          opt('猪肉', '猪肉', 'Pork'),
          opt('青菜', '青菜', 'Greens'),
          opt('鸡蛋', '鸡蛋', 'Eggs'),
          opt('大米', '大米', 'Rice'),
        ],
      },
    ],
    expectation: null,
    offline: false,
    healthData: false,
    retentionDays: null,
    retentionAction: 'anonymise',
    channels: ['staff'],
  },
  {
    key: 'door_visit',
    name: l('上门走访', 'Door visit'),
    description: l(
      '网格员逐户上门：已应答、已张贴告知书、告知书被撕、拒绝配合',
      'A grid worker’s knock on a household’s door: answered, notice posted, notice torn off, refused',
    ),
    subjectKind: 'household',
    fields: [
      {
        key: 'outcome',
        label: l('走访结果', 'Outcome'),
        type: 'select',
        required: true,
        options: [
          opt('answered', '已应答', 'Answered'),
          opt('notice_posted', '已张贴告知书', 'Notice posted'),
          opt('notice_torn', '告知书被撕', 'Notice torn off'),
          opt('refused', '拒绝配合', 'Refused'),
        ],
      },
      count('people_present', l('在家人数', 'People present'), false, 50),
      { key: 'note', label: l('备注', 'Note'), type: 'text', required: false, max: 500 },
    ],
    expectation: null,
    offline: true,
    healthData: false,
    retentionDays: null,
    retentionAction: 'anonymise',
    channels: ['staff'],
  },
  {
    key: 'returnee_registration',
    name: l('返平人员登记', 'Returnee registration'),
    description: l(
      '返回本市人员登记：从何处返回、返回日期、经由哪位房东、交通方式',
      'A person returning to the city: where from, when, via which landlord, how',
    ),
    subjectKind: 'person',
    fields: [
      {
        key: 'returned_from',
        label: l('从何处返回', 'Returned from'),
        type: 'text',
        required: true,
        max: 100,
      },
      { key: 'returned_on', label: l('返回日期', 'Returned on'), type: 'date', required: true },
      { key: 'via_landlord', label: l('房东姓名', 'Landlord'), type: 'text', required: false, max: 50 },
      {
        key: 'transport',
        label: l('交通方式', 'Transport'),
        type: 'select',
        required: true,
        options: [
          opt('car', '自驾', 'Car'),
          opt('train', '火车', 'Train'),
          opt('bus', '大巴', 'Bus'),
          opt('plane', '飞机', 'Plane'),
          opt('other', '其他', 'Other'),
        ],
      },
    ],
    expectation: null,
    offline: true,
    healthData: true,
    retentionDays: 90,
    retentionAction: 'anonymise',
    channels: ['staff', 'public'],
  },
];

/**
 * The built-in forms, version 1 each, inserted when their key is missing at every start. An existing
 * key is left alone: (key, version 1) conflicts, so an administrator's later versions, retention or
 * deactivation survive restarts.
 */
export async function seedRecordForms(db: Db): Promise<void> {
  await db
    .insert(recordForms)
    .values(
      RECORD_FORM_SEEDS.map((seed) => ({
        key: seed.key,
        version: 1,
        name: seed.name,
        description: seed.description,
        subjectKind: seed.subjectKind,
        fields: seed.fields,
        expectation: seed.expectation,
        healthData: seed.healthData,
        retentionDays: seed.retentionDays,
        retentionAction: seed.retentionAction,
        offline: seed.offline,
        channels: seed.channels,
        active: true,
      })),
    )
    .onConflictDoNothing({ target: [recordForms.key, recordForms.version] });
}
