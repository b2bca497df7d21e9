import { describe, expect, it } from 'vitest';
import { recordCrossFieldErrors } from './record-checks.ts';

describe('record cross-field checks', () => {
  const pass = { party: 'person', direction: 'in', mask: true, visitor_type: 'resident' };

  it('a person at a checkpoint needs a temperature, in both languages', () => {
    expect(recordCrossFieldErrors('checkpoint_pass', pass)).toEqual([
      { field: 'values.temperature', reason: { zh: '人员通行须测体温', en: 'is required for a person' } },
    ]);
    expect(recordCrossFieldErrors('checkpoint_pass', { ...pass, temperature: null })).toHaveLength(1);
  });

  it('a person with a reading, a vehicle, and other forms pass', () => {
    expect(recordCrossFieldErrors('checkpoint_pass', { ...pass, temperature: 36.5 })).toEqual([]);
    expect(recordCrossFieldErrors('checkpoint_pass', { ...pass, party: 'vehicle' })).toEqual([]);
    expect(recordCrossFieldErrors('door_visit', { party: 'person' })).toEqual([]);
  });
});
