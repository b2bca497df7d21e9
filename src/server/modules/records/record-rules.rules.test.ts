import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import type { RuleCondition } from '../../../shared/record-forms.ts';
import { EMPTY_CALENDAR, calendarOf, localMidnight } from '../sla/sla.rules.ts';
import {
  actionErrors,
  addDays,
  clears,
  conditionErrors,
  evaluateCondition,
  firstMissedDay,
  holdingKeys,
  renderTemplate,
  sameDayDue,
  valueHolds,
} from './record-rules.rules.ts';

const day = '2020-02-10';
const record = (values: Record<string, unknown>, d = day) => ({ day: d, values });
const fever: RuleCondition = { kind: 'value', field: 'temperature', op: 'gte', value: 37.3 };
const stock: RuleCondition = { kind: 'item_below', field: 'raw_material_days', value: 7 };

describe('value conditions', () => {
  it('37.3 fires for gte (equal to the threshold), 37.2 does not; the key is the day', () => {
    expect(holdingKeys(fever, record({ temperature: 37.3 }))).toEqual([day]);
    expect(holdingKeys(fever, record({ temperature: 38.5 }))).toEqual([day]);
    expect(holdingKeys(fever, record({ temperature: 37.2 }))).toEqual([]);
    expect(evaluateCondition(fever, record({ temperature: 38.1 }))).toEqual([{ key: day, observed: 38.1 }]);
  });

  it('every operator at, below and above the threshold', () => {
    const table: ['lt' | 'lte' | 'gt' | 'gte', number, boolean][] = [
      ['lt', 9, true],
      ['lt', 10, false],
      ['lte', 10, true],
      ['lte', 11, false],
      ['gt', 11, true],
      ['gt', 10, false],
      ['gte', 10, true],
      ['gte', 9, false],
    ];
    for (const [op, answer, holds] of table)
      expect(valueHolds(op, answer, 10), `${op} ${answer}`).toBe(holds);
    expect(valueHolds('eq', 'notice_torn', 'notice_torn')).toBe(true);
    expect(valueHolds('eq', 'answered', 'notice_torn')).toBe(false);
    expect(valueHolds('neq', 'answered', 'notice_torn')).toBe(true);
    expect(valueHolds('neq', 'notice_torn', 'notice_torn')).toBe(false);
    expect(valueHolds('eq', true, true)).toBe(true);
    expect(valueHolds('eq', false, true)).toBe(false);
    expect(valueHolds('eq', 3, 3)).toBe(true);
  });

  it('a multi-choice answer: eq means contains, neq means does not contain', () => {
    expect(valueHolds('eq', ['cough', 'fever'], 'fever')).toBe(true);
    expect(valueHolds('eq', ['none'], 'fever')).toBe(false);
    expect(valueHolds('neq', ['none'], 'fever')).toBe(true);
  });

  it('a missing, null or non-numeric answer never fires (neq included)', () => {
    expect(holdingKeys(fever, record({}))).toEqual([]);
    expect(holdingKeys(fever, record({ temperature: null }))).toEqual([]);
    expect(holdingKeys(fever, record({ temperature: '38.5' }))).toEqual([]);
    expect(holdingKeys(fever, record({ temperature: Number.NaN }))).toEqual([]);
    expect(valueHolds('neq', undefined, 'notice_torn')).toBe(false);
    expect(valueHolds('gt', 5, 'x')).toBe(false);
  });
});

describe('item_below conditions', () => {
  it('one key per item below the threshold; equal to it is not below', () => {
    const values = {
      raw_material_days: [
        { item: '硫酸', value: 3 },
        { item: '液碱', value: 7 },
        { item: ' 纸箱 ', value: 0 },
        { item: '硫酸', value: 2 },
      ],
    };
    expect(evaluateCondition(stock, record(values))).toEqual([
      { key: '硫酸', observed: 3 },
      { key: '纸箱', observed: 0 },
    ]);
  });

  it('skips malformed entries and non-lists', () => {
    expect(holdingKeys(stock, record({ raw_material_days: 'lots' }))).toEqual([]);
    expect(holdingKeys(stock, record({}))).toEqual([]);
    const values = {
      raw_material_days: [
        null,
        { item: '', value: 1 },
        { item: '煤', value: '2' },
        { value: 1 },
        { item: '盐', value: 1 },
      ],
    };
    expect(holdingKeys(stock, record(values))).toEqual(['盐']);
  });

  it('missed_days never holds on a record (the sweep finds silence)', () => {
    expect(holdingKeys({ kind: 'missed_days', days: 3 }, record({ anything: 1 }))).toEqual([]);
  });
});

describe('clears', () => {
  it('an item back at or above the threshold ends its hit; an item left out keeps it', () => {
    const back = record({
      raw_material_days: [
        { item: '硫酸', value: 7 },
        { item: '液碱', value: 2 },
      ],
    });
    expect(clears(stock, back, ['硫酸', '液碱', '纸箱'])).toEqual(['硫酸']);
    expect(clears(stock, record({}), ['硫酸'])).toEqual([]);
  });

  it('value hits of earlier days end; the same day and later days stay', () => {
    expect(clears(fever, record({ temperature: 36.5 }), ['2020-02-09', day, '2020-02-11'])).toEqual([
      '2020-02-09',
    ]);
  });

  it('a silence run ends with any record on or after its first missed day', () => {
    const missed: RuleCondition = { kind: 'missed_days', days: 3 };
    expect(clears(missed, record({}), ['2020-02-05', day])).toEqual(['2020-02-05', day]);
    expect(clears(missed, record({}, '2020-02-04'), ['2020-02-05'])).toEqual([]);
  });
});

describe('days and texts', () => {
  it('adds days across months and years', () => {
    expect(addDays('2020-02-28', 2)).toBe('2020-03-01');
    expect(addDays('2020-01-01', -1)).toBe('2019-12-31');
  });

  it('first missed day: after the last record, not before the subject was expected', () => {
    expect(firstMissedDay('2020-02-05', null, '2020-02-07')).toBe('2020-02-06');
    expect(firstMissedDay('2020-02-05', '2020-02-06', '2020-02-07')).toBe('2020-02-06');
    expect(firstMissedDay('2020-02-01', '2020-02-04', '2020-02-07')).toBe('2020-02-04');
    expect(firstMissedDay(null, null, '2020-02-07')).toBe('2020-02-07');
  });

  it('renders placeholders and leaves unknown ones visible', () => {
    expect(
      renderTemplate('{subject}：{item}库存仅够 {value} 天', { subject: '嘉兴化工', item: '硫酸', value: 3 }),
    ).toBe('嘉兴化工：硫酸库存仅够 3 天');
    expect(renderTemplate('{nope}', {})).toBe('{nope}');
  });

  it('same-day work is due at 17:30 that working day; late or on a day off, at the next working day’s close', () => {
    const at = (d: string, hh: number, mm = 0) =>
      new Date(localMidnight(d).getTime() + (hh * 60 + mm) * 60_000);
    // 2020-02-10 is a Monday
    expect(sameDayDue(at('2020-02-10', 9), EMPTY_CALENDAR)).toEqual(at('2020-02-10', 17, 30));
    expect(sameDayDue(at('2020-02-10', 16, 45), EMPTY_CALENDAR)).toEqual(at('2020-02-11', 17, 30));
    expect(sameDayDue(at('2020-02-08', 10), EMPTY_CALENDAR)).toEqual(at('2020-02-10', 17, 30));
    const holiday = calendarOf([{ day: '2020-02-10', kind: 'holiday' }]);
    expect(sameDayDue(at('2020-02-10', 9), holiday)).toEqual(at('2020-02-11', 17, 30));
  });
});

describe('a rule’s fit with its form', () => {
  const fields: FieldSpec[] = [
    { key: 'temperature', label: { zh: '体温', en: 'Temperature' }, type: 'temperature', required: true },
    { key: 'raw_material_days', label: { zh: '原料', en: 'Stock' }, type: 'item_list', required: false },
    {
      key: 'outcome',
      label: { zh: '结果', en: 'Outcome' },
      type: 'select',
      required: true,
      options: [
        { value: 'answered', label: { zh: '应答', en: 'Answered' } },
        { value: 'notice_torn', label: { zh: '撕毁', en: 'Torn' } },
      ],
    },
    { key: 'mask', label: { zh: '口罩', en: 'Mask' }, type: 'boolean', required: true },
    { key: 'photo', label: { zh: '照片', en: 'Photo' }, type: 'photo', required: false },
  ];
  const fieldsOf = (c: RuleCondition, expects = true) =>
    conditionErrors(c, fields, expects).map((e) => e.field);

  it('accepts conditions that fit', () => {
    expect(fieldsOf(fever)).toEqual([]);
    expect(fieldsOf(stock)).toEqual([]);
    expect(fieldsOf({ kind: 'value', field: 'outcome', op: 'eq', value: 'notice_torn' })).toEqual([]);
    expect(fieldsOf({ kind: 'value', field: 'mask', op: 'eq', value: false })).toEqual([]);
    expect(fieldsOf({ kind: 'missed_days', days: 3 })).toEqual([]);
  });

  it('names condition.field for a missing field or an incompatible type', () => {
    expect(fieldsOf({ kind: 'value', field: 'temp', op: 'gte', value: 37.3 })).toEqual(['condition.field']);
    expect(fieldsOf({ kind: 'item_below', field: 'temperature', value: 7 })).toEqual(['condition.field']);
    expect(fieldsOf({ kind: 'value', field: 'outcome', op: 'gt', value: 1 })).toEqual(['condition.field']);
    expect(fieldsOf({ kind: 'value', field: 'photo', op: 'eq', value: 'x' })).toEqual(['condition.field']);
  });

  it('names condition.value for a value the field cannot hold, condition.kind for silence without an expectation', () => {
    expect(fieldsOf({ kind: 'value', field: 'outcome', op: 'eq', value: 'torn' })).toEqual([
      'condition.value',
    ]);
    expect(fieldsOf({ kind: 'value', field: 'temperature', op: 'gte', value: 'hot' })).toEqual([
      'condition.value',
    ]);
    expect(fieldsOf({ kind: 'value', field: 'mask', op: 'eq', value: 'yes' })).toEqual(['condition.value']);
    expect(fieldsOf({ kind: 'missed_days', days: 3 }, false)).toEqual(['condition.kind']);
  });

  it('names action.caseType and action.category', () => {
    const open = { kind: 'open_case' as const, caseType: 'x', title: { zh: 'a', en: 'a' } };
    expect(actionErrors(open, undefined).map((e) => e.field)).toEqual(['action.caseType']);
    expect(
      actionErrors({ ...open, category: 'nope' }, { categories: [{ code: 'a' }] }).map((e) => e.field),
    ).toEqual(['action.category']);
    expect(actionErrors({ ...open, category: 'a' }, { categories: [{ code: 'a' }] })).toEqual([]);
    expect(actionErrors({ kind: 'alert', title: { zh: 'a', en: 'a' } }, undefined)).toEqual([]);
  });
});
