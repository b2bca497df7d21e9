import type { Db } from '../../core/db/client.ts';
import type { Localised } from '../../../shared/form-fields.ts';
import type { RuleAction, RuleCondition } from '../../../shared/record-forms.ts';
import { insertMissingRules } from './record-rules.repo.ts';

export interface RecordRuleSeed {
  key: string;
  formKey: string;
  name: Localised;
  condition: RuleCondition;
  action: RuleAction;
}

/**
 * The contract's rules. Titles are templates: {subject}, {item}, {value}, {day} and {days} are filled
 * in from the hit (record-rules.rules.ts renderTemplate).
 */
export const RECORD_RULE_SEEDS: readonly RecordRuleSeed[] = [
  {
    key: 'raw_material_below_7_days',
    formKey: 'enterprise_daily',
    name: { zh: '原料库存不足 7 天', en: 'Raw material for fewer than 7 days' },
    condition: { kind: 'item_below', field: 'raw_material_days', value: 7 },
    action: {
      kind: 'open_case',
      caseType: 'enterprise_problem',
      category: 'raw_materials_logistics',
      title: {
        zh: '{subject}：{item}库存仅够 {value} 天',
        en: '{subject}: {item} in stock for {value} days only',
      },
    },
  },
  {
    key: 'checkpoint_fever',
    formKey: 'checkpoint_pass',
    name: { zh: '卡口体温 ≥ 37.3 ℃', en: 'Temperature of 37.3 °C or more at a checkpoint' },
    condition: { kind: 'value', field: 'temperature', op: 'gte', value: 37.3 },
    action: {
      kind: 'open_case',
      caseType: 'fever_verification',
      alert: true,
      title: {
        zh: '{subject} 测得体温 {value} ℃，请核查',
        en: '{subject}: temperature of {value} °C measured, verify',
      },
    },
  },
  {
    key: 'door_visit_notice_torn',
    formKey: 'door_visit',
    name: { zh: '告知书被撕毁', en: 'Notice torn off' },
    condition: { kind: 'value', field: 'outcome', op: 'eq', value: 'notice_torn' },
    action: {
      kind: 'open_case',
      caseType: 'field_revisit',
      title: {
        zh: '{subject} 告知书被撕毁，请当日上门复查',
        en: '{subject}: notice torn off, revisit today',
      },
    },
  },
  {
    key: 'resident_screening_missed_3_days',
    formKey: 'resident_screening',
    name: { zh: '连续 3 天未排摸', en: 'Not screened for 3 days' },
    condition: { kind: 'missed_days', days: 3 },
    action: {
      kind: 'open_case',
      caseType: 'field_revisit',
      title: {
        zh: '{subject} 自 {day} 起连续 {days} 天未排摸，请上门跟进',
        en: '{subject}: not screened for {days} days since {day}, follow up',
      },
    },
  },
  {
    key: 'enterprise_daily_missed_3_days',
    formKey: 'enterprise_daily',
    name: { zh: '连续 3 天未报企业日报', en: 'No enterprise daily report for 3 days' },
    condition: { kind: 'missed_days', days: 3 },
    action: {
      kind: 'open_case',
      caseType: 'field_revisit',
      title: {
        zh: '{subject} 自 {day} 起连续 {days} 天未报日报，请跟进',
        en: '{subject}: no daily report for {days} days since {day}, follow up',
      },
    },
  },
];

/** The built-in rules on records, inserted when missing at every start (an administrator's edit is kept). */
export async function seedRecordRules(db: Db): Promise<void> {
  await insertMissingRules(
    db,
    RECORD_RULE_SEEDS.map((r) => ({
      key: r.key,
      formKey: r.formKey,
      name: r.name,
      condition: r.condition,
      action: r.action,
    })),
  );
}
