import { describe, expect, it } from 'vitest';
import { durationParts, slaClock } from './sla.ts';

const created = '2024-03-01T00:00:00.000Z';
const base = {
  createdAt: created,
  dueFirstResponseAt: '2024-03-01T04:00:00.000Z',
  dueResolutionAt: '2024-03-02T00:00:00.000Z',
  overdue: false,
};
const at = (iso: string) => Date.parse(iso);

describe('slaClock', () => {
  it('counts the first response while the case waits to be accepted', () => {
    const clock = slaClock({ ...base, status: 'submitted' }, at('2024-03-01T01:00:00.000Z'));
    expect(clock).toMatchObject({ clock: 'firstResponse', state: 'ok', minutesLeft: 180 });
  });
  it('counts the resolution once someone owns the case', () => {
    const clock = slaClock({ ...base, status: 'in_progress' }, at('2024-03-01T06:00:00.000Z'));
    expect(clock).toMatchObject({ clock: 'resolution', state: 'ok', minutesLeft: 18 * 60 });
  });
  it('warns once the share of the time has gone', () => {
    const clock = slaClock({ ...base, status: 'accepted' }, at('2024-03-01T20:00:00.000Z'), 0.8);
    expect(clock?.state).toBe('warning');
  });
  it('is overdue past the deadline, with negative minutes', () => {
    const clock = slaClock({ ...base, status: 'accepted' }, at('2024-03-02T01:30:00.000Z'));
    expect(clock).toMatchObject({ state: 'overdue', minutesLeft: -90 });
  });
  it('trusts the server when it says the case is overdue', () => {
    const clock = slaClock({ ...base, status: 'accepted', overdue: true }, at('2024-03-01T01:00:00.000Z'));
    expect(clock?.state).toBe('overdue');
  });
  it('shows no clock for a resolved or closed case', () => {
    expect(slaClock({ ...base, status: 'resolved' }, at('2024-03-01T01:00:00.000Z'))).toBeNull();
    expect(slaClock({ ...base, status: 'closed', overdue: true }, at('2024-03-03T01:00:00.000Z'))).toBeNull();
  });
});

describe('durationParts', () => {
  it('splits minutes into days, hours and minutes, ignoring the sign', () => {
    expect(durationParts(-(2 * 1440 + 3 * 60 + 5))).toEqual({ days: 2, hours: 3, mins: 5 });
  });
});
