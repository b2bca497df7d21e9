import { describe, expect, it } from 'vitest';
import {
  changeSetToken,
  computeChangeSet,
  coverageTargetError,
  endDateError,
  looksLikePhone,
  memberRoleError,
  normalisePhone,
  phoneError,
  teamParentError,
  type ChangeSetInput,
} from './staff.rules.ts';

describe('phones', () => {
  it('normalises full-width digits, spaces and dashes', () => {
    expect(normalisePhone('１３９ 1234-5678')).toBe('13912345678');
  });
  it('accepts mobiles and landlines, refuses the rest', () => {
    expect(phoneError('13912345678')).toBeNull();
    expect(phoneError('0573-85123456')).toBeNull();
    expect(phoneError('12345')?.field).toBe('phone');
  });
  it('tells a phone search from a name search', () => {
    expect(looksLikePhone('139 1234 5678')).toBe(true);
    expect(looksLikePhone('张三')).toBe(false);
    expect(looksLikePhone('5678')).toBe(false);
  });
});

describe('teams', () => {
  it('keeps the 友邻 chain strict', () => {
    expect(teamParentError('neighbour_centre', null)).toBeNull();
    expect(teamParentError('neighbour_centre', 'neighbour_centre')?.field).toBe('parentTeamId');
    expect(teamParentError('neighbour_station', 'neighbour_centre')).toBeNull();
    expect(teamParentError('neighbour_station', null)?.field).toBe('parentTeamId');
    expect(teamParentError('neighbour_point', 'neighbour_station')).toBeNull();
    expect(teamParentError('neighbour_point', 'neighbour_centre')?.field).toBe('parentTeamId');
  });
  it('lets other teams nest under their own kind only', () => {
    expect(teamParentError('supervision', null)).toBeNull();
    expect(teamParentError('supervision', 'supervision')).toBeNull();
    expect(teamParentError('supervision', 'grid_team')?.field).toBe('parentTeamId');
  });
  it('places envoys and grid workers in their teams only', () => {
    expect(memberRoleError('neighbour_point', 'neighbour_envoy')).toBeNull();
    expect(memberRoleError('supervision', 'neighbour_envoy')?.field).toBe('role');
    expect(memberRoleError('grid_team', 'grid_worker')).toBeNull();
    expect(memberRoleError('enterprise_guidance', 'grid_worker')?.field).toBe('role');
    expect(memberRoleError('enterprise_guidance', 'guide')).toBeNull();
  });
  it('refuses an end before the start', () => {
    expect(endDateError('2020-02-01', '2020-02-01')).toBeNull();
    expect(endDateError('2020-02-01', '2020-01-31')?.field).toBe('endsOn');
  });
  it('wants exactly one coverage target', () => {
    expect(coverageTargetError({ orgId: 'a' })).toBeNull();
    expect(coverageTargetError({ areaId: 'a' })).toBeNull();
    expect(coverageTargetError({})?.field).toBe('orgId');
    expect(coverageTargetError({ orgId: 'a', areaId: 'b' })?.field).toBe('orgId');
  });
});

describe('bulk change set', () => {
  const base: ChangeSetInput = {
    kind: 'liaison',
    from: { id: 'f', name: '甲' },
    to: { id: 't', name: '乙' },
    active: [
      { id: 'a2', subjectId: 'o2', subjectName: '二厂' },
      { id: 'a1', subjectId: 'o1', subjectName: '一厂' },
    ],
    selection: undefined,
    toServes: new Set(),
  };

  it('takes all active ones by default, ordered by subject', () => {
    const result = computeChangeSet(base);
    if ('error' in result) throw new Error('unexpected');
    expect(result.changes.map((c) => [c.assignmentId, c.action])).toEqual([
      ['a1', 'reassign'],
      ['a2', 'reassign'],
    ]);
  });

  it('takes a selection, refusing subjects the from-staff does not serve', () => {
    const result = computeChangeSet({ ...base, selection: ['o2'] });
    if ('error' in result) throw new Error('unexpected');
    expect(result.changes.map((c) => c.subjectId)).toEqual(['o2']);
    const bad = computeChangeSet({ ...base, selection: ['o3'] });
    expect('error' in bad && bad.error.field).toBe('orgIds');
  });

  it('refuses handing over to oneself', () => {
    const bad = computeChangeSet({ ...base, to: base.from });
    expect('error' in bad && bad.error.field).toBe('toStaffId');
  });

  it('only ends a grid the to-staff already works', () => {
    const result = computeChangeSet({ ...base, kind: 'grid_worker', toServes: new Set(['o2']) });
    if ('error' in result) throw new Error('unexpected');
    expect(result.changes.map((c) => [c.subjectType, c.action])).toEqual([
      ['area', 'reassign'],
      ['area', 'end_only'],
    ]);
  });

  it('gives the same token for the same set, whatever the order or names, and another for a change', () => {
    const one = computeChangeSet(base);
    const two = computeChangeSet({
      ...base,
      active: [...base.active].reverse(),
      from: { id: 'f', name: '改名' },
    });
    const three = computeChangeSet({ ...base, selection: ['o1'] });
    if ('error' in one || 'error' in two || 'error' in three) throw new Error('unexpected');
    expect(changeSetToken('liaison', one.changes)).toBe(changeSetToken('liaison', two.changes));
    expect(changeSetToken('liaison', one.changes)).not.toBe(changeSetToken('liaison', three.changes));
    expect(changeSetToken('liaison', one.changes)).not.toBe(changeSetToken('grid_worker', one.changes));
  });
});
