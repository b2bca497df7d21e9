import { CASE_FIELD_TYPES, type FieldSpec, type Localised } from '../../../shared/form-fields.ts';
import type { LocalisedFieldError } from '../../core/errors.ts';

export { validateFields, normaliseFields, type FieldSpec } from '../../../shared/form-fields.ts';

import type { SlaPolicy } from '../sla/sla.rules.ts';

/** A case type's clocks are the SLA module's policy: one shape, validated here, computed there. */
export type CaseTypeSla = SlaPolicy;
export type SlaBasis = SlaPolicy['basis'];

export interface CaseCategory {
  code: string;
  name: Localised;
  departmentCode: string;
}

export const SUBMITTERS = ['staff', 'enterprise', 'public'] as const;
export type Submitter = (typeof SUBMITTERS)[number];

export const SUBJECT_KINDS = ['org', 'person', 'area', 'none'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

const err = (field: string, zh: string, en: string): LocalisedFieldError => ({ field, reason: { zh, en } });

/** Problems in a case type's definition as an administrator edits it. */
export function caseTypeDefinitionErrors(def: {
  fields?: readonly FieldSpec[];
  categories?: readonly CaseCategory[];
  sla?: CaseTypeSla;
}): LocalisedFieldError[] {
  const errors: LocalisedFieldError[] = [];
  const keys = new Set<string>();
  (def.fields ?? []).forEach((f, i) => {
    if (!KEY.test(f.key))
      errors.push(
        err(`fields.${i}.key`, '只能用小写字母、数字和下划线', 'use lower-case letters, digits and _'),
      );
    if (keys.has(f.key)) errors.push(err(`fields.${i}.key`, '字段键重复', 'duplicate field key'));
    keys.add(f.key);
    if (!(CASE_FIELD_TYPES as readonly string[]).includes(f.type))
      errors.push(err(`fields.${i}.type`, '字段类型无效', 'unknown field type'));
    if (f.type === 'select' && (f.options ?? []).length === 0)
      errors.push(
        err(`fields.${i}.options`, '下拉字段至少要有一个选项', 'a select needs at least one option'),
      );
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      errors.push(err(`fields.${i}.min`, '最小值大于最大值', 'min is greater than max'));
  });
  const codes = new Set<string>();
  (def.categories ?? []).forEach((c, i) => {
    if (!KEY.test(c.code))
      errors.push(
        err(`categories.${i}.code`, '只能用小写字母、数字和下划线', 'use lower-case letters, digits and _'),
      );
    if (codes.has(c.code))
      errors.push(err(`categories.${i}.code`, '类别编码重复', 'duplicate category code'));
    codes.add(c.code);
  });
  const sla = def.sla;
  if (sla) {
    if (!(sla.firstResponseHours > 0))
      errors.push(err('sla.firstResponseHours', '应大于 0', 'must be greater than 0'));
    if (!(sla.resolutionHours > 0))
      errors.push(err('sla.resolutionHours', '应大于 0', 'must be greater than 0'));
    if (!(sla.updateIntervalHours > 0))
      errors.push(err('sla.updateIntervalHours', '应大于 0', 'must be greater than 0'));
    if (!(sla.warnAtShare > 0 && sla.warnAtShare < 1))
      errors.push(err('sla.warnAtShare', '应在 0 与 1 之间', 'must be between 0 and 1'));
  }
  return errors;
}

/** The handling department for a new case: the category's, else the type's default. */
export function handlingDepartmentFor(
  type: { categories: readonly CaseCategory[]; defaultDepartmentCode: string | null },
  category: string | null | undefined,
): string | null {
  const match = category ? type.categories.find((c) => c.code === category) : undefined;
  return match?.departmentCode ?? type.defaultDepartmentCode;
}
