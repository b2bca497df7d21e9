import { describe, expect, it } from 'vitest';
import {
  CASE_ACTIONS,
  caseCode,
  CASE_STATUSES,
  actionsFrom,
  nextStatus,
  type CaseAction,
  type CaseStatus,
} from './cases.rules.ts';

// Every allowed move, written out by hand so a change to the table shows up here.
const ALLOWED: [CaseStatus, CaseAction, CaseStatus][] = [
  ['submitted', 'accept', 'accepted'],
  ['submitted', 'reject', 'rejected'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['submitted', 'merge', 'merged'],
  ['accepted', 'start', 'in_progress'],
  ['accepted', 'resolve', 'resolved'],
  ['accepted', 'reject', 'rejected'],
  ['accepted', 'withdraw', 'withdrawn'],
  ['accepted', 'merge', 'merged'],
  ['in_progress', 'resolve', 'resolved'],
  ['in_progress', 'withdraw', 'withdrawn'],
  ['in_progress', 'merge', 'merged'],
  ['resolved', 'close', 'closed'],
  ['resolved', 'confirm', 'closed'],
  ['resolved', 'reopen', 'in_progress'],
  ['closed', 'reopen', 'in_progress'],
];

describe('case lifecycle', () => {
  it.each(ALLOWED)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  const forbidden = CASE_STATUSES.flatMap((from) =>
    CASE_ACTIONS.filter((action) => !ALLOWED.some(([f, a]) => f === from && a === action)).map(
      (action) => [from, action] as const,
    ),
  );
  it.each(forbidden)('refuses %s --%s-->', (from, action) => {
    expect(nextStatus(from, action)).toBeNull();
  });

  it('lists the moves out of a status in a stable order', () => {
    expect(actionsFrom('submitted')).toEqual(['accept', 'reject', 'withdraw', 'merge']);
    expect(actionsFrom('resolved')).toEqual(['close', 'confirm', 'reopen']);
    expect(actionsFrom('merged')).toEqual([]);
  });

  it('cannot resolve before someone accepted, nor reopen an open case', () => {
    expect(nextStatus('submitted', 'resolve')).toBeNull();
    expect(nextStatus('in_progress', 'reopen')).toBeNull();
    expect(nextStatus('rejected', 'reopen')).toBeNull();
  });

  it('numbers cases as GL- and at least six digits', () => {
    expect(caseCode(123)).toBe('GL-000123');
    expect(caseCode(1234567)).toBe('GL-1234567');
  });
});
