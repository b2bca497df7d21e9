import { describe, expect, it } from 'vitest';
import { batchesOf, outcomeOf, retryDelay } from './outbox.rules.ts';

describe('outcomeOf', () => {
  it('removes created and duplicate entries, keeps refused ones with their errors', () => {
    const outcome = outcomeOf(
      ['a', 'b', 'c', 'd'],
      [
        { index: 0, key: 'a', status: 'created', id: '1', recordId: '1' },
        { index: 1, key: 'b', status: 'duplicate', id: '2', recordId: '2' },
        {
          index: 2,
          key: 'c',
          status: 'invalid',
          errors: [
            { field: 'values.temperature', reason: { zh: '体温应在 34–43 °C 之间', en: 'out of range' } },
          ],
        },
        { index: 3, key: 'd', status: 'not_found' },
      ],
    );
    expect(outcome.done).toEqual(['a', 'b']);
    expect(outcome.refused).toEqual([
      {
        key: 'c',
        errors: [
          { field: 'values.temperature', reason: { zh: '体温应在 34–43 °C 之间', en: 'out of range' } },
        ],
      },
      { key: 'd', errors: [expect.objectContaining({ field: 'subject' })] },
    ]);
    expect(outcome.unanswered).toEqual([]);
  });

  it('keeps an entry the answer does not mention, so a short answer loses nothing', () => {
    const outcome = outcomeOf(['a', 'b'], [{ index: 0, key: 'a', status: 'created' }]);
    expect(outcome.done).toEqual(['a']);
    expect(outcome.unanswered).toEqual(['b']);
  });

  it('accepts a reason in one language', () => {
    const outcome = outcomeOf(
      ['a'],
      [{ index: 0, key: 'a', status: 'invalid', errors: [{ field: 'values.x', reason: '必填' }] }],
    );
    expect(outcome.refused[0]?.errors[0]?.reason).toEqual({ zh: '必填', en: '必填' });
  });
});

describe('batchesOf', () => {
  it('cuts 450 entries into 200, 200 and 50', () => {
    const items = Array.from({ length: 450 }, (_, i) => i);
    expect(batchesOf(items).map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batchesOf(items).flat()).toEqual(items);
  });
});

describe('retryDelay', () => {
  it('doubles from 2 s and stops at 60 s', () => {
    const noJitter = () => 0;
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => retryDelay(n, noJitter))).toEqual([
      2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    expect(retryDelay(1, () => 1)).toBe(2400);
  });
});
