import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../../../shared/form-fields.ts';
import { answerOf, answersOf } from './answers.ts';

const spec = (key: string, type: FieldSpec['type']): FieldSpec => ({
  key,
  type,
  required: false,
  label: { zh: key, en: key },
});

describe('answers from typed values', () => {
  it('numbers typed as text become numbers; other text is left for the validator', () => {
    expect(answerOf(spec('t', 'temperature'), '36.5')).toBe(36.5);
    expect(answerOf(spec('n', 'number'), 12)).toBe(12);
    expect(answerOf(spec('n', 'number'), '12a')).toBe('12a');
    expect(answerOf(spec('n', 'number'), null)).toBeUndefined();
    expect(answerOf(spec('n', 'number'), ' ')).toBeUndefined();
  });

  it('item lists: blank rows dropped, names trimmed, amounts as numbers, an empty list no answer', () => {
    const list = spec('stock', 'item_list');
    expect(
      answerOf(list, [
        { item: ' 硫酸 ', value: '5' },
        { item: '', value: null },
        { item: '', value: '' },
        { item: '盐酸', value: undefined },
      ]),
    ).toEqual([
      { item: '硫酸', value: 5 },
      { item: '盐酸', value: null },
    ]);
    expect(answerOf(list, [{ item: ' ', value: null }])).toBeUndefined();
  });

  it('a form: blanks left out, choices and yes/no kept', () => {
    const specs = [spec('a', 'text'), spec('b', 'boolean'), spec('c', 'multi_select'), spec('d', 'select')];
    expect(answersOf(specs, { a: '  ', b: false, c: [], d: 'x', other: 1 })).toEqual({ b: false, d: 'x' });
    expect(answersOf(specs, undefined)).toEqual({});
  });
});
