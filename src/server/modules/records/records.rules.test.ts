import { describe, expect, it } from 'vitest';
import { RECORD_FORM_SEEDS } from './records.seed.ts';
import { formSpecErrors, observation, pickFormVersion, recordValueErrors } from './records.rules.ts';

const checkpoint = RECORD_FORM_SEEDS.find((s) => s.key === 'checkpoint_pass');
const form = (version: number, active = true) => ({
  key: 'door_visit',
  version,
  active,
  subjectKind: 'household',
  fields: [],
  channels: ['staff'],
});

describe('records rules', () => {
  it('pick the named version or the highest active one; an inactive form takes nothing', () => {
    const rows = [form(1), form(2), form(3, false)];
    expect(pickFormVersion(rows, 'door_visit', undefined)).toEqual({ form: rows[1] });
    expect(pickFormVersion(rows, 'door_visit', 1)).toEqual({ form: rows[0] });
    expect(pickFormVersion(rows, 'door_visit', 9)).toMatchObject({ error: { field: 'formVersion' } });
    expect(pickFormVersion([form(1, false)], 'door_visit', 1)).toMatchObject({ error: { field: 'formKey' } });
  });

  it('a person at a checkpoint needs a temperature, a vehicle does not', () => {
    if (!checkpoint) throw new Error('missing');
    const base = { party: 'person', direction: 'in', mask: true, visitor_type: 'resident' };
    expect(recordValueErrors(checkpoint, base).map((e) => e.field)).toEqual(['values.temperature']);
    expect(recordValueErrors(checkpoint, { ...base, party: 'vehicle' })).toEqual([]);
    // A reading out of range is refused once, for its range, not also as missing.
    expect(recordValueErrors(checkpoint, { ...base, temperature: 50 }).map((e) => e.field)).toEqual([
      'values.temperature',
    ]);
  });

  it('observations: default now, reporting day in Shanghai, the future refused', () => {
    const now = new Date('2020-02-10T17:00:00Z');
    expect(observation(undefined, now)).toEqual({ at: now, day: '2020-02-11' });
    expect(observation('2020-02-10T18:00:00Z', now)).toMatchObject({ error: { field: 'observedAt' } });
  });

  it('form specs: unique keys, choices with options, min below max', () => {
    const errors = formSpecErrors([
      { key: 'a', label: { zh: 'a', en: 'a' }, type: 'select', required: true },
      { key: 'a', label: { zh: 'a', en: 'a' }, type: 'number', required: true, min: 5, max: 1 },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['fields.0.options', 'fields.1.key', 'fields.1.min']);
  });
});
