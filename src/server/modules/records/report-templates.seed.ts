import type { Db } from '../../core/db/client.ts';
import type { TemplateColumn } from '../../../shared/record-forms.ts';
import { insertMissingTemplates, type NewTemplateRow } from './report-templates.repo.ts';

const SYMPTOMS = ['fever', 'cough', 'fatigue', 'shortness_of_breath'];

const ENTERPRISE_COLUMNS: TemplateColumn[] = [
  { key: 'enterprises', label: { zh: '填报企业数', en: 'Enterprises reporting' }, agg: 'subjects' },
  {
    key: 'staff_on_duty',
    label: { zh: '在岗员工（人）', en: 'Staff on duty' },
    agg: 'sum',
    field: 'staff_on_duty',
  },
  {
    key: 'staff_returned',
    label: { zh: '返岗员工（人）', en: 'Staff returned' },
    agg: 'sum',
    field: 'staff_returned',
  },
  {
    key: 'staff_from_outside_province',
    label: { zh: '其中外省返岗（人）', en: 'From outside the province' },
    agg: 'sum',
    field: 'staff_from_outside_province',
  },
  {
    key: 'staff_in_quarantine',
    label: { zh: '隔离观察员工（人）', en: 'Staff in quarantine' },
    agg: 'sum',
    field: 'staff_in_quarantine',
  },
  {
    key: 'capacity_avg',
    label: { zh: '平均产能（%）', en: 'Average capacity (%)' },
    agg: 'avg',
    field: 'capacity_percent',
  },
  {
    key: 'raw_material_short',
    label: { zh: '原材料不足7天企业数', en: 'Enterprises with a raw material below 7 days' },
    agg: 'items_below',
    field: 'raw_material_days',
    value: 7,
  },
];

const SCREENING_COLUMNS: TemplateColumn[] = [
  { key: 'screened', label: { zh: '排摸人数', en: 'Residents screened' }, agg: 'subjects' },
  {
    key: 'fever',
    label: { zh: '体温≥37.3℃人数', en: 'Temperature ≥ 37.3 °C' },
    agg: 'count_where',
    field: 'temperature',
    op: 'gte',
    value: 37.3,
    per: 'subject',
  },
  {
    key: 'symptoms',
    label: { zh: '有症状人数', en: 'With symptoms' },
    agg: 'count_any',
    field: 'symptoms',
    values: SYMPTOMS,
    per: 'subject',
  },
  {
    key: 'travelled',
    label: { zh: '14天内外出人数', en: 'Travelled in 14 days' },
    agg: 'count_value',
    field: 'travel_14d',
    value: true,
    per: 'subject',
  },
  {
    key: 'home_quarantine',
    label: { zh: '居家隔离人数', en: 'In home quarantine' },
    agg: 'count_value',
    field: 'quarantine_status',
    value: 'home',
    per: 'subject',
  },
  {
    key: 'centralised_quarantine',
    label: { zh: '集中隔离人数', en: 'In centralised quarantine' },
    agg: 'count_value',
    field: 'quarantine_status',
    value: 'centralised',
    per: 'subject',
  },
];

/** The built-in sheets; keys are stable (the demo and the SPA link to them). */
export const BUILT_IN_TEMPLATES: NewTemplateRow[] = [
  {
    key: 'economy_resumption_daily',
    name: { zh: '复工复产日报表', en: 'Resumption of work daily sheet' },
    department: { zh: '经信局', en: 'Economy and Information Technology Bureau' },
    formKey: 'enterprise_daily',
    groupBy: 'town',
    columns: ENTERPRISE_COLUMNS,
  },
  {
    key: 'health_screening_daily',
    name: { zh: '每日排摸汇总表', en: 'Daily screening summary' },
    department: { zh: '卫健委', en: 'Health Commission' },
    formKey: 'resident_screening',
    groupBy: 'community',
    columns: SCREENING_COLUMNS,
  },
];

/**
 * The departments' built-in report sheets, inserted when missing at every start. An administrator's
 * later change to a seeded template is never overwritten.
 */
export async function seedReportTemplates(db: Db): Promise<void> {
  await insertMissingTemplates(db, BUILT_IN_TEMPLATES);
}
