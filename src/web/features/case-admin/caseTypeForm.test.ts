import { describe, expect, it } from 'vitest';
import type { AdminCaseType } from './api.ts';
import {
  NEW_TYPE_VALUES,
  previewSpecs,
  slaDuration,
  toBody,
  toFieldSpec,
  toFormValues,
} from './caseTypeForm.ts';

const type: AdminCaseType = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'enterprise_problem',
  name: { zh: '企业问题', en: 'Enterprise problem' },
  description: { zh: '企业遇到的困难', en: 'Problems enterprises meet' },
  subjectKind: 'org',
  fields: [
    {
      key: 'amount',
      label: { zh: '金额', en: 'Amount' },
      type: 'number',
      required: true,
      min: 0,
      max: 1_000_000,
      help: { zh: '万元', en: 'CNY 10k' },
    },
    {
      key: 'kind',
      label: { zh: '类别', en: 'Kind' },
      type: 'select',
      required: false,
      options: [{ value: 'tax', label: { zh: '税务', en: 'Tax' } }],
    },
  ],
  categories: [{ code: 'tax', name: { zh: '税务', en: 'Tax' }, departmentCode: 'tax' }],
  defaultDepartmentCode: 'economy_bureau',
  sla: {
    basis: 'working',
    firstResponseHours: 2,
    updateIntervalHours: 7.5,
    resolutionHours: 22.5,
    warnAtShare: 0.75,
  },
  submitters: ['staff', 'enterprise'],
  open311Code: null,
  sortOrder: 10,
  active: true,
  version: 3,
  can: { update: true },
};

describe('case type form', () => {
  it('saves an unchanged type exactly as the server sent it', () => {
    const body = toBody(toFormValues(type));
    expect(body).toEqual({
      name: type.name,
      description: type.description,
      subjectKind: type.subjectKind,
      fields: type.fields,
      categories: type.categories,
      defaultDepartmentCode: type.defaultDepartmentCode,
      sla: type.sla,
      submitters: type.submitters,
      open311Code: null,
      active: true,
    });
  });

  it('shows the warning share as a percentage and sends it back as a share', () => {
    const values = toFormValues(type);
    expect(values.sla?.warnAtShare).toBe(75);
    expect(toBody({ ...values, sla: { ...values.sla, warnAtShare: 90 } }).sla.warnAtShare).toBe(0.9);
  });

  it('sends a blank Open311 code and department as null and trims names', () => {
    const body = toBody({
      ...NEW_TYPE_VALUES,
      name: { zh: ' 新类型 ', en: ' New ' },
      open311Code: '  ',
      defaultDepartmentCode: undefined,
    });
    expect(body.name).toEqual({ zh: '新类型', en: 'New' });
    expect(body.open311Code).toBeNull();
    expect(body.defaultDepartmentCode).toBeNull();
  });

  it('keeps options only on selects and limits only where the type has them', () => {
    expect(
      toFieldSpec({
        key: 'note',
        label: { zh: '备注', en: 'Note' },
        type: 'date',
        required: false,
        options: [{ value: 'x', label: { zh: 'x', en: 'x' } }],
        max: 5,
        min: 1,
      }),
    ).toEqual({ key: 'note', label: { zh: '备注', en: 'Note' }, type: 'date', required: false });
    expect(toFieldSpec({ key: 'n', label: { zh: 'n', en: 'n' }, type: 'text', max: 20, min: 3 })).toEqual({
      key: 'n',
      label: { zh: 'n', en: 'n' },
      type: 'text',
      required: false,
      max: 20,
    });
  });

  it('shows a help text written in one language in both', () => {
    const spec = toFieldSpec({
      key: 'a',
      label: { zh: 'a', en: 'a' },
      type: 'text',
      help: { zh: '说明', en: '' },
    });
    expect(spec.help).toEqual({ zh: '说明', en: '说明' });
  });

  it('previews only fields with a usable key, once per key, with unfinished options left out', () => {
    const specs = previewSpecs([
      { key: 'Bad Key', type: 'text' },
      { key: 'size', type: 'number', label: { zh: '面积' } },
      { key: 'size', type: 'text' },
      { key: 'pick', type: 'select', options: [{ value: 'a', label: { zh: '甲', en: 'A' } }, { value: '' }] },
    ]);
    expect(specs.map((s) => s.key)).toEqual(['size', 'pick']);
    expect(specs[0]?.label).toEqual({ zh: '面积', en: '面积' });
    expect(specs[1]?.options).toEqual([{ value: 'a', label: { zh: '甲', en: 'A' } }]);
  });
});

describe('slaDuration', () => {
  it('says whole working days for multiples of 7.5 working hours', () => {
    expect(slaDuration(22.5, 'working')).toEqual({ count: 3, unit: 'workingDays' });
    expect(slaDuration(2, 'working')).toEqual({ count: 2, unit: 'workingHours' });
    expect(slaDuration(10, 'working')).toEqual({ count: 10, unit: 'workingHours' });
  });
  it('says calendar days for multiples of 24 hours', () => {
    expect(slaDuration(48, 'calendar')).toEqual({ count: 2, unit: 'days' });
    expect(slaDuration(8, 'calendar')).toEqual({ count: 8, unit: 'hours' });
  });
});
