// The case type drawer's form values and the request body made from them. The form mirrors the
// body's shape (fields.0.label.zh, sla.resolutionHours…) so the server's field errors land on the
// right inputs; only the warning share differs: the form holds a percentage, the body a 0–1 share.

import { CASE_FIELD_TYPES, type FieldSpec, type FieldType } from '../../../shared/form-fields.ts';
import { previewable } from '../form-fields/field-kinds.ts';
import type { AdminCaseType, CaseTypeBody, SlaBasis, SubjectKind, Submitter } from './api.ts';

export interface LocalisedValues {
  zh?: string;
  en?: string;
}

export interface FieldValues {
  key?: string;
  label?: LocalisedValues;
  type?: FieldType;
  required?: boolean;
  options?: { value?: string; label?: LocalisedValues }[];
  max?: number | null;
  min?: number | null;
  help?: LocalisedValues;
}

export interface CaseTypeValues {
  code?: string;
  name?: LocalisedValues;
  description?: LocalisedValues;
  subjectKind?: SubjectKind;
  submitters?: Submitter[];
  open311Code?: string;
  defaultDepartmentCode?: string | null;
  categories?: { code?: string; name?: LocalisedValues; departmentCode?: string }[];
  fields?: FieldValues[];
  sla?: {
    basis?: SlaBasis;
    firstResponseHours?: number | null;
    updateIntervalHours?: number | null;
    resolutionHours?: number | null;
    /** Percent, 1–99. */
    warnAtShare?: number | null;
  };
  active?: boolean;
}

/** Lower-case letter first, then letters, digits and _ (the server's pattern for codes and keys). */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** Hours in a working day (08:30–12:00, 13:30–17:30), as the server's SLA clock counts them. */
export const WORKING_DAY_HOURS = 7.5;

const trim = (value: string | undefined | null): string => (value ?? '').trim();

function localised(value: LocalisedValues | undefined): { zh: string; en: string } {
  return { zh: trim(value?.zh), en: trim(value?.en) };
}

const percent = (share: number): number => Math.round(share * 1000) / 10;

export const NEW_TYPE_VALUES: CaseTypeValues = {
  subjectKind: 'none',
  submitters: ['staff'],
  categories: [],
  fields: [],
  sla: {
    basis: 'working',
    firstResponseHours: 4,
    updateIntervalHours: WORKING_DAY_HOURS,
    resolutionHours: 5 * WORKING_DAY_HOURS,
    warnAtShare: 80,
  },
  active: true,
};

export function toFormValues(type: AdminCaseType): CaseTypeValues {
  return {
    code: type.code,
    name: { ...type.name },
    description: { ...type.description },
    subjectKind: type.subjectKind,
    submitters: [...type.submitters],
    open311Code: type.open311Code ?? '',
    defaultDepartmentCode: type.defaultDepartmentCode,
    categories: type.categories.map((c) => ({
      code: c.code,
      name: { ...c.name },
      departmentCode: c.departmentCode,
    })),
    fields: type.fields.map((f) => ({
      key: f.key,
      label: { ...f.label },
      type: f.type,
      required: f.required,
      options: f.options?.map((o) => ({ value: o.value, label: { ...o.label } })) ?? [],
      max: f.max ?? null,
      min: f.min ?? null,
      help: f.help ? { ...f.help } : { zh: '', en: '' },
    })),
    sla: { ...type.sla, warnAtShare: percent(type.sla.warnAtShare) },
    active: type.active,
  };
}

const hasMax = (type: FieldType): boolean => type === 'text' || type === 'textarea' || type === 'number';

/** One FieldSpec from the form row: options only for select, limits only where they apply. */
export function toFieldSpec(f: FieldValues): FieldSpec {
  const type: FieldType =
    f.type && (CASE_FIELD_TYPES as readonly string[]).includes(f.type) ? f.type : 'text';
  const spec: FieldSpec = {
    key: trim(f.key),
    label: localised(f.label),
    type,
    required: f.required ?? false,
  };
  if (type === 'select')
    spec.options = (f.options ?? []).map((o) => ({ value: trim(o.value), label: localised(o.label) }));
  if (hasMax(type) && typeof f.max === 'number') spec.max = f.max;
  if (type === 'number' && typeof f.min === 'number') spec.min = f.min;
  const help = localised(f.help);
  // A help text in one language only is shown in both.
  if (help.zh || help.en) spec.help = { zh: help.zh || help.en, en: help.en || help.zh };
  return spec;
}

export function toBody(v: CaseTypeValues): CaseTypeBody {
  const sla = v.sla ?? {};
  return {
    name: localised(v.name),
    description: localised(v.description),
    subjectKind: v.subjectKind ?? 'none',
    submitters: v.submitters ?? [],
    open311Code: trim(v.open311Code) || null,
    defaultDepartmentCode: v.defaultDepartmentCode || null,
    categories: (v.categories ?? []).map((c) => ({
      code: trim(c.code),
      name: localised(c.name),
      departmentCode: c.departmentCode ?? '',
    })),
    fields: (v.fields ?? []).map(toFieldSpec),
    sla: {
      basis: sla.basis ?? 'working',
      firstResponseHours: sla.firstResponseHours ?? 0,
      updateIntervalHours: sla.updateIntervalHours ?? 0,
      resolutionHours: sla.resolutionHours ?? 0,
      warnAtShare: (sla.warnAtShare ?? 0) / 100,
    },
    active: v.active ?? true,
  };
}

/** The fields the live preview can draw while the admin is still typing (see previewable). */
export function previewSpecs(fields: readonly (FieldValues | undefined)[] | undefined): FieldSpec[] {
  return previewable((fields ?? []).filter((row): row is FieldValues => row !== undefined).map(toFieldSpec));
}

export type DurationUnit = 'workingHours' | 'workingDays' | 'hours' | 'days';

/** A clock's length in the units people say: whole working days (7.5 h) or calendar days when it divides. */
export function slaDuration(hours: number, basis: SlaBasis): { count: number; unit: DurationUnit } {
  const day = basis === 'working' ? WORKING_DAY_HOURS : 24;
  const days = hours / day;
  if (hours >= day && Math.abs(days - Math.round(days)) < 1e-9)
    return { count: Math.round(days), unit: basis === 'working' ? 'workingDays' : 'days' };
  return { count: Math.round(hours * 100) / 100, unit: basis === 'working' ? 'workingHours' : 'hours' };
}
