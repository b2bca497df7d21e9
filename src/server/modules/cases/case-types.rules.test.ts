import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { caseTypeDefinitionErrors, handlingDepartmentFor, validateFields } from './case-types.rules.ts';
import { CASE_TYPE_SEEDS } from './case-types.seed.ts';

const specs: FieldSpec[] = [
  { key: 'product', label: { zh: '产品', en: 'Product' }, type: 'text', required: true, max: 5 },
  { key: 'amount', label: { zh: '金额', en: 'Amount' }, type: 'number', required: false, min: 0, max: 100 },
  { key: 'needed_by', label: { zh: '日期', en: 'Date' }, type: 'date', required: false },
  {
    key: 'code',
    label: { zh: '码', en: 'Code' },
    type: 'select',
    required: false,
    options: [
      { value: 'green', label: { zh: '绿', en: 'Green' } },
      { value: 'red', label: { zh: '红', en: 'Red' } },
    ],
  },
  { key: 'urgent', label: { zh: '紧急', en: 'Urgent' }, type: 'boolean', required: false },
];

const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('validateFields', () => {
  it('accepts valid answers and blank optional ones', () => {
    expect(
      validateFields(specs, {
        product: '隔离衣',
        amount: 0,
        needed_by: '2020-02-29',
        code: 'red',
        urgent: false,
      }),
    ).toEqual([]);
    expect(validateFields(specs, { product: '口罩', amount: null, code: '' })).toEqual([]);
  });

  it('names a missing required answer, also when it is only spaces', () => {
    const errors = validateFields(specs, { product: '   ' });
    expect(errors).toEqual([{ field: 'fields.product', reason: { zh: '必填', en: 'is required' } }]);
    expect(fields(validateFields(specs, {}))).toEqual(['fields.product']);
  });

  it('counts characters, not bytes, for the length limit', () => {
    expect(validateFields(specs, { product: '一二三四五' })).toEqual([]);
    const errors = validateFields(specs, { product: '一二三四五六' });
    expect(errors[0]?.field).toBe('fields.product');
    expect(errors[0]?.reason.en).toBe('must be at most 5 characters');
  });

  it('refuses a wrong type, out-of-range number, impossible date and unknown option', () => {
    const errors = validateFields(specs, {
      product: 12,
      amount: 101,
      needed_by: '2021-02-29',
      code: 'blue',
      urgent: 'yes',
    });
    expect(fields(errors)).toEqual([
      'fields.product',
      'fields.amount',
      'fields.needed_by',
      'fields.code',
      'fields.urgent',
    ]);
    expect(errors[3]?.reason.zh).toContain('green');
    expect(fields(validateFields(specs, { product: 'a', amount: -1 }))).toEqual(['fields.amount']);
    expect(fields(validateFields(specs, { product: 'a', amount: '5' }))).toEqual(['fields.amount']);
  });

  it('refuses keys the type does not have', () => {
    expect(validateFields(specs, { product: 'a', colour: 'x' })).toEqual([
      {
        field: 'fields.colour',
        reason: { zh: '不是此表单的字段', en: 'is not a field of this form' },
      },
    ]);
  });
});

describe('case type definitions', () => {
  it('every seeded type is a valid definition with a department for each category', () => {
    expect(CASE_TYPE_SEEDS).toHaveLength(12);
    for (const seed of CASE_TYPE_SEEDS) {
      expect(caseTypeDefinitionErrors(seed)).toEqual([]);
    }
  });

  it('refuses duplicate keys, a select without options and a warning share outside (0, 1)', () => {
    const errors = caseTypeDefinitionErrors({
      fields: [
        { key: 'a', label: { zh: 'a', en: 'a' }, type: 'text', required: false },
        { key: 'a', label: { zh: 'a', en: 'a' }, type: 'select', required: false, options: [] },
      ],
      sla: {
        basis: 'working',
        firstResponseHours: 2,
        updateIntervalHours: 8,
        resolutionHours: 0,
        warnAtShare: 1,
      },
    });
    expect(fields(errors)).toEqual([
      'fields.1.key',
      'fields.1.options',
      'sla.resolutionHours',
      'sla.warnAtShare',
    ]);
  });

  it('routes a case to its category’s department, else the type default', () => {
    const problem = CASE_TYPE_SEEDS.find((t) => t.code === 'enterprise_problem');
    if (!problem) throw new Error('seed missing');
    expect(handlingDepartmentFor(problem, 'workforce')).toBe('human_resources');
    expect(handlingDepartmentFor(problem, 'finance_tax')).toBe('tax');
    expect(handlingDepartmentFor(problem, undefined)).toBe('economy_bureau');
  });
});
