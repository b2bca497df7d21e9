import type { Db } from '../../core/db/client.ts';
import type { CaseFieldSpec as FieldSpec, Localised } from '../../../shared/form-fields.ts';
import { caseTypes } from './cases.tables.ts';
import type { CaseCategory, CaseTypeSla, SubjectKind, Submitter } from './case-types.rules.ts';

export interface CaseTypeSeed {
  code: string;
  name: Localised;
  description: Localised;
  subjectKind: SubjectKind;
  fields: FieldSpec[];
  categories: CaseCategory[];
  defaultDepartmentCode: string;
  states: string[];
  sla: CaseTypeSla;
  submitters: Submitter[];
  open311Code: string | null;
}

/** A working day is 7.5 office hours (08:30–12:00, 13:30–17:30). */
const WORKING_DAY = 7.5;
const ALL_STATES = [
  'submitted',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
  'merged',
];
const text = (key: string, zh: string, en: string, required = false, max = 200): FieldSpec => ({
  key,
  label: { zh, en },
  type: 'text',
  required,
  max,
});
const cat = (code: string, zh: string, en: string, departmentCode: string): CaseCategory => ({
  code,
  name: { zh, en },
  departmentCode,
});

/** The contract's case types (nine, two the daily-record rules open, the targets' progress sheet), seeded at every start (edited rows kept). */
export const CASE_TYPE_SEEDS: readonly CaseTypeSeed[] = [
  {
    code: 'enterprise_problem',
    name: { zh: '企业问题诉求', en: 'Enterprise problem' },
    description: {
      zh: '企业复工复产中遇到的原料物流、用工、审批、资金税费、防疫物资等问题，由企业联络员首问负责',
      en: 'Problems an enterprise meets in resuming work — materials and logistics, workforce, permits, finance and tax, epidemic supplies — owned first by its liaison',
    },
    subjectKind: 'org',
    fields: [
      {
        key: 'affected_output_share',
        label: { zh: '受影响产值占比（%）', en: 'Share of output affected (%)' },
        type: 'number',
        required: false,
        min: 0,
        max: 100,
      },
      {
        key: 'deadline_needed',
        label: { zh: '最迟需解决日期', en: 'Needed by (date)' },
        type: 'date',
        required: false,
      },
      {
        key: 'employees_affected',
        label: { zh: '涉及员工人数', en: 'Employees affected' },
        type: 'number',
        required: false,
        min: 0,
        max: 1_000_000,
      },
    ],
    categories: [
      cat('raw_materials_logistics', '原料与物流', 'Raw materials and logistics', 'economy_bureau'),
      cat('workforce', '用工', 'Workforce', 'human_resources'),
      cat('permits_filings', '审批与备案', 'Permits and filings', 'market_regulation'),
      cat('finance_tax', '资金与税费', 'Finance and tax', 'tax'),
      cat('epidemic_supplies', '防疫物资', 'Epidemic supplies', 'health'),
      cat('policy_question', '政策咨询', 'Policy question', 'economy_bureau'),
      cat('other', '其他', 'Other', 'economy_bureau'),
    ],
    defaultDepartmentCode: 'economy_bureau',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 3 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'resumption_application',
    name: { zh: '复工复产申请', en: 'Resumption application' },
    description: {
      zh: '企业提交复工申请，附员工返岗与防疫措施情况',
      en: 'An enterprise applies to resume work, with its staff return and epidemic measures',
    },
    subjectKind: 'org',
    fields: [
      {
        key: 'planned_date',
        label: { zh: '计划复工日期', en: 'Planned resumption date' },
        type: 'date',
        required: true,
      },
      {
        key: 'employees_returning',
        label: { zh: '返岗员工人数', en: 'Employees returning' },
        type: 'number',
        required: true,
        min: 0,
        max: 1_000_000,
      },
      {
        key: 'prevention_plan',
        label: { zh: '防疫措施', en: 'Epidemic prevention measures' },
        type: 'textarea',
        required: true,
        max: 2000,
      },
    ],
    categories: [],
    defaultDepartmentCode: 'economy_bureau',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 4,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 2 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'filing_application',
    name: { zh: '产品备案申请', en: 'Filing application' },
    description: {
      zh: '企业就新产品（如隔离衣、口罩）申请备案，市场监管部门指导',
      en: 'An enterprise files a new product (e.g. isolation gowns, masks) for registration, guided by market regulation',
    },
    subjectKind: 'org',
    fields: [
      text('product', '产品名称', 'Product', true),
      text('standard', '执行标准', 'Standard applied', true, 100),
      {
        key: 'daily_capacity',
        label: { zh: '日产能（件）', en: 'Daily capacity (pieces)' },
        type: 'number',
        required: false,
        min: 0,
        max: 100_000_000,
      },
    ],
    categories: [],
    defaultDepartmentCode: 'market_regulation',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 4,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 5 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'export_tax_refund',
    name: { zh: '出口退税', en: 'Export tax refund' },
    description: {
      zh: '出口企业申请加快退税，税务部门 24 小时内办结',
      en: 'An exporter asks for a fast-tracked tax refund; the tax office settles it within 24 hours',
    },
    subjectKind: 'org',
    fields: [
      {
        key: 'amount_cny',
        label: { zh: '退税金额（元）', en: 'Amount (CNY)' },
        type: 'number',
        required: true,
        min: 0,
        max: 10_000_000_000,
      },
      text('declaration_no', '报关单号', 'Customs declaration number', false, 40),
    ],
    categories: [],
    defaultDepartmentCode: 'tax',
    states: ALL_STATES,
    sla: {
      basis: 'calendar',
      firstResponseHours: 2,
      updateIntervalHours: 8,
      resolutionHours: 24,
      warnAtShare: 0.75,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'resident_service',
    name: { zh: '居民服务诉求', en: 'Resident service request' },
    description: {
      zh: '居民扫码或通过开放接口反映的生活服务诉求',
      en: 'A resident’s request for a local service, by QR form or Open311',
    },
    subjectKind: 'area',
    fields: [
      text('place', '地点', 'Place', false, 200),
      text('contact_time', '方便联系时间', 'Best time to call', false, 100),
    ],
    categories: [],
    defaultDepartmentCode: 'civil_affairs',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 4,
      updateIntervalHours: 2 * WORKING_DAY,
      resolutionHours: 5 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'public'],
    open311Code: 'resident_service',
  },
  {
    code: 'returnee_verification',
    name: { zh: '返岗人员核验', en: 'Returnee verification' },
    description: {
      zh: '核验返岗人员健康与行程情况',
      en: 'Checks a returning worker’s health and travel',
    },
    subjectKind: 'person',
    fields: [
      text('from_place', '来自何地', 'Coming from', true, 100),
      {
        key: 'arrival_date',
        label: { zh: '抵达日期', en: 'Arrival date' },
        type: 'date',
        required: true,
      },
      {
        key: 'health_code',
        label: { zh: '健康码', en: 'Health code' },
        type: 'select',
        required: true,
        options: [
          { value: 'green', label: { zh: '绿码', en: 'Green' } },
          { value: 'yellow', label: { zh: '黄码', en: 'Yellow' } },
          { value: 'red', label: { zh: '红码', en: 'Red' } },
        ],
      },
    ],
    categories: [],
    defaultDepartmentCode: 'health',
    states: ALL_STATES,
    sla: {
      basis: 'calendar',
      firstResponseHours: 4,
      updateIntervalHours: 12,
      resolutionHours: 24,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'producer_demand',
    name: { zh: '农产品产销对接', en: 'Producer demand' },
    description: {
      zh: '农业生产主体的滞销、产销对接需求',
      en: 'A farm producer’s unsold stock or need to reach buyers',
    },
    subjectKind: 'org',
    fields: [
      text('product', '产品', 'Product', true, 100),
      {
        key: 'quantity_tonnes',
        label: { zh: '数量（吨）', en: 'Quantity (tonnes)' },
        type: 'number',
        required: false,
        min: 0,
        max: 1_000_000,
      },
    ],
    categories: [],
    defaultDepartmentCode: 'agriculture',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 4,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 3 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff', 'enterprise'],
    open311Code: null,
  },
  {
    code: 'cross_region_coordination',
    name: { zh: '跨区域协调', en: 'Cross-region coordination' },
    description: {
      zh: '需要其他地区配合的物流、人员、原料协调事项',
      en: 'Logistics, people or materials that need another region’s help',
    },
    subjectKind: 'org',
    fields: [text('other_region', '对方地区', 'Other region', true, 100)],
    categories: [],
    defaultDepartmentCode: 'transport',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 2 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff'],
    open311Code: null,
  },
  {
    code: 'supervision_sheet',
    name: { zh: '督办单', en: 'Supervision sheet' },
    description: {
      zh: '指挥部下发的督办事项',
      en: 'A matter the command office orders to be followed up',
    },
    subjectKind: 'none',
    fields: [
      {
        key: 'deadline',
        label: { zh: '办结时限', en: 'Deadline' },
        type: 'date',
        required: false,
      },
    ],
    categories: [],
    defaultDepartmentCode: 'command_office',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 2 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff'],
    open311Code: null,
  },
  {
    // Issued from a lagging target (modules/dashboard/targets) to the laggard area's unit.
    code: 'progress_supervision',
    name: { zh: '进度督促单', en: 'Progress supervision sheet' },
    description: {
      zh: '目标进度落后的区域，由指挥部下发督促单，属地单位说明原因并限期追赶',
      en: 'An area behind a target’s pace: the command office orders its unit to explain and catch up by a deadline',
    },
    subjectKind: 'none',
    fields: [
      text('target', '目标', 'Target', false, 200),
      text('target_id', '目标编号', 'Target ID', false, 40),
      text('metric', '指标', 'Metric', false, 100),
      {
        key: 'target_value',
        label: { zh: '目标值', en: 'Target value' },
        type: 'number',
        required: false,
        min: 0,
      },
      {
        key: 'actual_value',
        label: { zh: '实际值', en: 'Actual value' },
        type: 'number',
        required: false,
      },
      {
        key: 'due_day',
        label: { zh: '目标截止日期', en: 'Target due day' },
        type: 'date',
        required: false,
      },
    ],
    categories: [],
    defaultDepartmentCode: 'command_office',
    states: ALL_STATES,
    sla: {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: WORKING_DAY,
      resolutionHours: 2 * WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff'],
    open311Code: null,
  },
  {
    code: 'fever_verification',
    name: { zh: '发热核查', en: 'Fever verification' },
    description: {
      zh: '卡口等处测得体温 ≥ 37.3 ℃ 的人员，由属地核实去向与健康状况，必要时送发热门诊',
      en: 'Someone measured at 37.3 °C or more at a checkpoint: the area verifies where they went and how they are, and sends them to a fever clinic if needed',
    },
    subjectKind: 'area',
    fields: [
      text('person_name', '人员姓名', 'Person’s name', false, 50),
      {
        key: 'temperature',
        label: { zh: '复测体温（℃）', en: 'Temperature on recheck (°C)' },
        type: 'number',
        required: false,
        min: 34,
        max: 43,
      },
      {
        key: 'outcome',
        label: { zh: '核查结果', en: 'Outcome' },
        type: 'select',
        required: false,
        options: [
          { value: 'normal_on_recheck', label: { zh: '复测正常', en: 'Normal on recheck' } },
          { value: 'home_observation', label: { zh: '居家观察', en: 'Home observation' } },
          { value: 'fever_clinic', label: { zh: '送发热门诊', en: 'Sent to a fever clinic' } },
        ],
      },
    ],
    categories: [],
    defaultDepartmentCode: 'health',
    states: ALL_STATES,
    // Health checks run round the clock: wall-clock hours, answered within the hour, settled in half a day.
    sla: {
      basis: 'calendar',
      firstResponseHours: 1,
      updateIntervalHours: 4,
      resolutionHours: 12,
      warnAtShare: 0.75,
    },
    submitters: ['staff'],
    open311Code: null,
  },
  {
    code: 'field_revisit',
    name: { zh: '上门复查/跟进', en: 'Field revisit / follow-up' },
    description: {
      zh: '网格员或联络员上门复查：告知书被撕毁、连续多日未报送或未排摸等，当日办结',
      en: 'A grid worker or liaison visits again — a torn-off notice, several days without a report or screening — settled the same working day',
    },
    subjectKind: 'area',
    fields: [
      {
        key: 'reason',
        label: { zh: '复查原因', en: 'Reason' },
        type: 'select',
        required: false,
        options: [
          { value: 'notice_torn', label: { zh: '告知书被撕毁', en: 'Notice torn off' } },
          { value: 'missed_reports', label: { zh: '连续未报送', en: 'Reports missed' } },
          { value: 'other', label: { zh: '其他', en: 'Other' } },
        ],
      },
      text('visit_outcome', '上门情况', 'What the visit found', false, 500),
    ],
    categories: [],
    defaultDepartmentCode: 'civil_affairs',
    states: ALL_STATES,
    // Rule-opened revisits are due at the close of the working day they were opened on (record-rules).
    sla: {
      basis: 'working',
      firstResponseHours: 1,
      updateIntervalHours: 4,
      resolutionHours: WORKING_DAY,
      warnAtShare: 0.8,
    },
    submitters: ['staff'],
    open311Code: null,
  },
];

/** Inserts the contract's case types that are missing; existing rows (possibly edited) are left alone. */
export async function seedCaseTypes(db: Db): Promise<void> {
  await db
    .insert(caseTypes)
    .values(
      CASE_TYPE_SEEDS.map((t, i) => ({
        code: t.code,
        nameZh: t.name.zh,
        nameEn: t.name.en,
        descriptionZh: t.description.zh,
        descriptionEn: t.description.en,
        subjectKind: t.subjectKind,
        fields: t.fields,
        categories: t.categories,
        defaultDepartmentCode: t.defaultDepartmentCode,
        states: t.states,
        sla: t.sla,
        submitters: t.submitters,
        open311Code: t.open311Code,
        sortOrder: (i + 1) * 10,
      })),
    )
    // Any unique conflict (code, or an open311 code an administrator gave another type) keeps the row.
    .onConflictDoNothing();
}
