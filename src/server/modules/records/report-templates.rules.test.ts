import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import type { TemplateColumn } from '../../../shared/record-forms.ts';
import { TEST_FORM_FIELDS } from '../../testing/report-templates.factories.ts';
import { BUILT_IN_TEMPLATES } from './report-templates.seed.ts';
import { columnErrors, daySpan, reportWindow, roundValue } from './report-templates.rules.ts';

const label = { zh: '列', en: 'Column' };
const enterprise = TEST_FORM_FIELDS.enterprise_daily as FieldSpec[];
const screening = TEST_FORM_FIELDS.resident_screening as FieldSpec[];
const col = (c: Partial<TemplateColumn> & Pick<TemplateColumn, 'agg'>): TemplateColumn => ({
  key: `c_${Math.random().toString(36).slice(2, 8)}`,
  label,
  ...c,
});
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('template columns against the form', () => {
  it('accepts the built-in sheets against the contract’s fields', () => {
    for (const t of BUILT_IN_TEMPLATES) {
      const form = TEST_FORM_FIELDS[t.formKey] as FieldSpec[];
      expect(columnErrors(form, t.columns)).toEqual([]);
    }
  });

  it('names the column and property of each problem', () => {
    const errors = columnErrors(enterprise, [
      col({ agg: 'count' }),
      col({ agg: 'sum', field: 'staff_on_duty' }),
      col({ agg: 'sum', field: 'no_such_field' }),
      col({ agg: 'avg', field: 'problems' }),
      col({ agg: 'sum' }),
      col({ agg: 'items_below', field: 'raw_material_days' }),
      col({ agg: 'count', field: 'staff_on_duty' }),
    ]);
    expect(fields(errors)).toEqual([
      'columns[2].field',
      'columns[3].field',
      'columns[4].field',
      'columns[5].value',
      'columns[6].field',
    ]);
    expect(errors[0]?.reason.en).toBe('is not a field of the form');
    expect(errors[1]?.reason.en).toMatch(/number, temperature/);
  });

  it('checks values, operators and choices by the field’s type', () => {
    const errors = columnErrors(screening, [
      col({ agg: 'count_value', field: 'quarantine_status', value: 'home' }),
      col({ agg: 'count_value', field: 'quarantine_status', value: 'hotel' }),
      col({ agg: 'count_value', field: 'travel_14d', value: 'yes' }),
      col({ agg: 'count_where', field: 'temperature', value: 37.3 }),
      col({ agg: 'count_any', field: 'symptoms', values: ['fever', 'sneezing'] }),
      col({ agg: 'count_any', field: 'temperature', values: ['fever'] }),
      col({ agg: 'share_true', field: 'travel_14d' }),
      col({ agg: 'share_true', field: 'temperature' }),
      col({ agg: 'count_where', field: 'temperature', op: 'gte', value: 37.3 }),
    ]);
    expect(fields(errors)).toEqual([
      'columns[1].value',
      'columns[2].value',
      'columns[3].op',
      'columns[4].values',
      'columns[5].field',
      'columns[7].field',
    ]);
  });

  it('refuses a column key used twice', () => {
    const errors = columnErrors(screening, [
      { key: 'a', label, agg: 'count' },
      { key: 'a', label, agg: 'subjects' },
    ]);
    expect(fields(errors)).toEqual(['columns[1].key']);
  });
});

describe('the report window', () => {
  it('defaults to today and a from alone runs to today', () => {
    expect(reportWindow({}, '2020-02-10')).toEqual({ from: '2020-02-10', to: '2020-02-10' });
    expect(reportWindow({ from: '2020-02-01' }, '2020-02-10')).toEqual({
      from: '2020-02-01',
      to: '2020-02-10',
    });
    expect(reportWindow({ to: '2020-02-05' }, '2020-02-10')).toEqual({
      from: '2020-02-05',
      to: '2020-02-05',
    });
  });

  it('refuses a backward range and one over 92 days, naming `to`', () => {
    expect(reportWindow({ from: '2020-02-10', to: '2020-02-09' }, '2020-03-01')).toMatchObject({
      field: 'to',
    });
    expect(daySpan('2020-01-01', '2020-04-01')).toBe(92);
    expect(reportWindow({ from: '2020-01-01', to: '2020-04-01' }, '2020-05-01')).toEqual({
      from: '2020-01-01',
      to: '2020-04-01',
    });
    expect(reportWindow({ from: '2020-01-01', to: '2020-04-02' }, '2020-05-01')).toMatchObject({
      field: 'to',
    });
  });

  it('rounds averages and shares, not counts', () => {
    expect(roundValue({ agg: 'avg' }, 66.6666)).toBe(66.67);
    expect(roundValue({ agg: 'share_true' }, 1 / 3)).toBe(0.3333);
    expect(roundValue({ agg: 'sum' }, 12.345)).toBe(12.345);
    expect(roundValue({ agg: 'count' }, null)).toBeNull();
  });
});
