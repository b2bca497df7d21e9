import { describe, expect, it } from 'vitest';
import {
  EMPTY_CALENDAR,
  WORKING_HOURS_PER_DAY,
  addCalendarHours,
  addWorkingHours,
  areaUnitOf,
  calendarOf,
  deadlinesFor,
  hoursOverdue,
  isWorkingDay,
  localDay,
  median,
  metricsByUnit,
  nextEscalationLevel,
  parseSlaPolicy,
  slaPolicyError,
  unitMetrics,
  workingHoursBetween,
  type MetricCase,
  type SlaPolicy,
} from './sla.rules.ts';
import { HOLIDAYS_2020, HOLIDAYS_2026, OFFICIAL_CALENDAR } from './sla.holidays.ts';

/** A Shanghai wall-clock time. */
const sh = (local: string): Date => new Date(`${local}:00+08:00`);
const calendar = calendarOf(OFFICIAL_CALENDAR);
const iso = (d: Date) => d.toISOString();

describe('the working-day calendar', () => {
  it('has 7.5 office hours a day', () => {
    expect(WORKING_HOURS_PER_DAY).toBe(7.5);
  });

  it('works Monday to Friday and rests at weekends without exceptions', () => {
    expect(isWorkingDay('2026-03-06', EMPTY_CALENDAR)).toBe(true); // Friday
    expect(isWorkingDay('2026-03-07', EMPTY_CALENDAR)).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-08', EMPTY_CALENDAR)).toBe(false); // Sunday
  });

  it('rests on a weekday holiday and works on a make-up weekend day (调休)', () => {
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false); // Thursday, National Day
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true); // Saturday, make-up day
    expect(isWorkingDay('2020-01-19', calendar)).toBe(true); // Sunday, make-up day
  });

  it('takes the local date in Shanghai, not UTC', () => {
    // 23:30 UTC on the 1st is 07:30 on the 2nd in Shanghai.
    expect(localDay(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
  });
});

describe('addWorkingHours', () => {
  it('adds inside the morning and across lunch', () => {
    expect(iso(addWorkingHours(sh('2026-03-02T09:00'), 2, calendar))).toBe(iso(sh('2026-03-02T11:00')));
    expect(iso(addWorkingHours(sh('2026-03-02T09:00'), 3.5, calendar))).toBe(iso(sh('2026-03-02T14:00')));
  });

  it('stops at a closing time rather than jumping to the next opening', () => {
    expect(iso(addWorkingHours(sh('2026-03-02T09:00'), 3, calendar))).toBe(iso(sh('2026-03-02T12:00')));
    expect(iso(addWorkingHours(sh('2026-03-02T08:30'), 7.5, calendar))).toBe(iso(sh('2026-03-02T17:30')));
  });

  it('counts from the next opening when started before hours, at lunch or after hours', () => {
    expect(iso(addWorkingHours(sh('2026-03-02T07:00'), 1, calendar))).toBe(iso(sh('2026-03-02T09:30')));
    expect(iso(addWorkingHours(sh('2026-03-02T12:30'), 1, calendar))).toBe(iso(sh('2026-03-02T14:30')));
    expect(iso(addWorkingHours(sh('2026-03-02T18:00'), 1, calendar))).toBe(iso(sh('2026-03-03T09:30')));
  });

  it('carries Friday evening over the weekend', () => {
    expect(iso(addWorkingHours(sh('2026-03-06T17:00'), 1, calendar))).toBe(iso(sh('2026-03-09T09:00')));
    expect(iso(addWorkingHours(sh('2026-03-06T20:00'), 0.5, calendar))).toBe(iso(sh('2026-03-09T09:00')));
  });

  it('counts nothing on a holiday it starts on', () => {
    // Thursday 1 October 2026 → the holiday runs to 7 October; Thursday 8 October works.
    expect(iso(addWorkingHours(sh('2026-10-01T10:00'), 1, calendar))).toBe(iso(sh('2026-10-08T09:30')));
  });

  it('skips Spring Festival 2020 including the epidemic extension to 2 February', () => {
    // Thursday 23 January 16:30: one hour that day, then nothing until Monday 3 February.
    expect(iso(addWorkingHours(sh('2020-01-23T16:30'), 2, calendar))).toBe(iso(sh('2020-02-03T09:30')));
    // Without the extension, Saturday 1 February would have been a make-up working day.
    expect(isWorkingDay('2020-02-01', calendar)).toBe(false);
    expect(isWorkingDay('2020-01-31', calendar)).toBe(false);
  });

  it('works through a make-up Saturday (调休)', () => {
    // Friday 13 February 2026 17:00 → half an hour that day, then Saturday 14 February works.
    expect(iso(addWorkingHours(sh('2026-02-13T17:00'), 1, calendar))).toBe(iso(sh('2026-02-14T09:00')));
    // A whole Saturday, then the nine-day Spring Festival, then Tuesday 24 February.
    expect(iso(addWorkingHours(sh('2026-02-13T17:30'), 8, calendar))).toBe(iso(sh('2026-02-24T09:00')));
    // Sunday 19 January 2020 is a make-up day before Spring Festival.
    expect(iso(addWorkingHours(sh('2020-01-18T17:00'), 1, calendar))).toBe(iso(sh('2020-01-19T09:30')));
  });

  it('with no exceptions treats a holiday weekday as a working day', () => {
    expect(iso(addWorkingHours(sh('2026-10-01T10:00'), 1, EMPTY_CALENDAR))).toBe(iso(sh('2026-10-01T11:00')));
  });

  it('refuses negative hours', () => {
    expect(() => addWorkingHours(sh('2026-03-02T09:00'), -1, calendar)).toThrow(RangeError);
  });

  it('gives up on a calendar without a working day instead of looping', () => {
    const never = calendarOf(
      Array.from({ length: 4 * 366 }, (_, i) => ({
        day: new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
        kind: 'holiday',
      })),
    );
    expect(() => addWorkingHours(sh('2026-01-01T09:00'), 1, never)).toThrow(/no working day/);
  });
});

describe('workingHoursBetween', () => {
  it('counts office time only', () => {
    expect(workingHoursBetween(sh('2026-03-02T09:00'), sh('2026-03-03T09:00'), calendar)).toBe(7.5);
    expect(workingHoursBetween(sh('2026-03-02T12:00'), sh('2026-03-02T13:30'), calendar)).toBe(0);
    expect(workingHoursBetween(sh('2026-03-06T17:00'), sh('2026-03-09T09:00'), calendar)).toBe(1);
  });

  it('counts two days across Spring Festival 2020', () => {
    expect(workingHoursBetween(sh('2020-01-23T08:30'), sh('2020-02-03T17:30'), calendar)).toBe(15);
  });

  it('is negative when reversed', () => {
    expect(workingHoursBetween(sh('2026-03-03T09:00'), sh('2026-03-02T09:00'), calendar)).toBe(-7.5);
  });

  it('inverts addWorkingHours from inside office hours', () => {
    const start = sh('2026-02-12T10:15');
    for (const hours of [0.25, 1, 5, 7.5, 12, 40, 100]) {
      expect(workingHoursBetween(start, addWorkingHours(start, hours, calendar), calendar)).toBeCloseTo(
        hours,
        9,
      );
    }
  });
});

describe('deadlinesFor', () => {
  const working: SlaPolicy = {
    basis: 'working',
    firstResponseHours: 4,
    updateIntervalHours: 7.5,
    resolutionHours: 15,
    warnAtShare: 0.8,
  };

  it('puts due and warning times on office hours for a working basis', () => {
    const d = deadlinesFor(working, sh('2026-03-02T09:00'), calendar);
    expect(iso(d.firstResponse.dueAt)).toBe(iso(sh('2026-03-02T14:30')));
    // 80 % of 4 h = 3.2 h: three hours to 12:00, then 12 minutes after lunch.
    expect(iso(d.firstResponse.warnAt)).toBe(iso(sh('2026-03-02T13:42')));
    expect(iso(d.update.dueAt)).toBe(iso(sh('2026-03-03T09:00')));
    expect(iso(d.resolution.dueAt)).toBe(iso(sh('2026-03-04T09:00')));
    // 80 % of 15 h = 12 h: 7 h on Monday, then 3.5 h to Tuesday noon and 1.5 h after lunch.
    expect(iso(d.resolution.warnAt)).toBe(iso(sh('2026-03-03T15:00')));
  });

  it('adds wall-clock hours for a calendar basis, weekends included', () => {
    const d = deadlinesFor(
      { ...working, basis: 'calendar', firstResponseHours: 24, resolutionHours: 72, warnAtShare: 0.5 },
      sh('2026-03-06T17:00'),
      calendar,
    );
    expect(iso(d.firstResponse.warnAt)).toBe(iso(sh('2026-03-07T05:00')));
    expect(iso(d.firstResponse.dueAt)).toBe(iso(sh('2026-03-07T17:00')));
    expect(iso(d.resolution.dueAt)).toBe(iso(sh('2026-03-09T17:00')));
  });

  it('addCalendarHours ignores the calendar', () => {
    expect(iso(addCalendarHours(sh('2026-10-01T10:00'), 1.5))).toBe(iso(sh('2026-10-01T11:30')));
  });
});

describe('SLA policy validation', () => {
  it('accepts a complete policy and refuses broken ones', () => {
    const good = {
      basis: 'working',
      firstResponseHours: 2,
      updateIntervalHours: 8,
      resolutionHours: 40,
      warnAtShare: 0.8,
    };
    expect(slaPolicyError(good)).toBeNull();
    expect(parseSlaPolicy({ ...good, extra: 1 })).toEqual(good);
    expect(slaPolicyError({ ...good, basis: 'lunar' })).toMatch(/basis/);
    expect(slaPolicyError({ ...good, resolutionHours: 0 })).toMatch(/resolutionHours/);
    expect(slaPolicyError({ ...good, warnAtShare: 1 })).toMatch(/warnAtShare/);
    expect(slaPolicyError(null)).toBe('not an object');
    expect(() => parseSlaPolicy({})).toThrow(RangeError);
  });
});

describe('escalation levels', () => {
  it('climbs to the command office and stays there', () => {
    expect(nextEscalationLevel(0)).toBe(1);
    expect(nextEscalationLevel(1)).toBe(2);
    expect(nextEscalationLevel(2)).toBe(2);
  });
});

describe('holiday data', () => {
  const count = (days: readonly { kind: string; name: string }[], kind: string, name?: string) =>
    days.filter((d) => d.kind === kind && (name === undefined || d.name.startsWith(name))).length;

  it('has no day twice, and every make-up day is a weekend day', () => {
    const all = OFFICIAL_CALENDAR.map((d) => d.day);
    expect(new Set(all).size).toBe(all.length);
    for (const d of OFFICIAL_CALENDAR.filter((x) => x.kind === 'workday')) {
      expect([0, 6]).toContain(new Date(`${d.day}T00:00:00Z`).getUTCDay());
    }
  });

  it('2020: Spring Festival from 24 January to 2 February, one make-up day (19 January)', () => {
    expect(count(HOLIDAYS_2020, 'holiday', '春节')).toBe(10);
    expect(HOLIDAYS_2020.filter((d) => d.kind === 'workday').map((d) => d.day)).toEqual([
      '2020-01-19',
      '2020-04-26',
      '2020-05-09',
      '2020-06-28',
      '2020-09-27',
      '2020-10-10',
    ]);
  });

  it('2026: nine days of Spring Festival and the published make-up days', () => {
    expect(count(HOLIDAYS_2026, 'holiday', '春节')).toBe(9);
    expect(HOLIDAYS_2026.filter((d) => d.kind === 'workday').map((d) => d.day)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(count(HOLIDAYS_2026, 'holiday', '国庆')).toBe(7);
  });
});

describe('metrics', () => {
  const now = sh('2026-03-10T12:00');
  const base: MetricCase = {
    key: 'a',
    status: 'submitted',
    createdAt: sh('2026-03-02T09:00'),
    dueFirstResponseAt: null,
    firstResponseAt: null,
    dueResolutionAt: null,
    resolvedAt: null,
    rating: null,
  };

  it('response rate counts answered cases and unanswered ones past due, not ones still within time', () => {
    const m = unitMetrics(
      'a',
      [
        { ...base, dueFirstResponseAt: sh('2026-03-02T12:00'), firstResponseAt: sh('2026-03-02T10:00') },
        { ...base, dueFirstResponseAt: sh('2026-03-02T12:00'), firstResponseAt: sh('2026-03-02T13:00') },
        { ...base, dueFirstResponseAt: sh('2026-03-02T12:00') },
        { ...base, dueFirstResponseAt: sh('2026-03-11T12:00') },
      ],
      now,
    );
    expect(m.dueForResponse).toBe(3);
    expect(m.respondedInTime).toBe(1);
    expect(m.responseRate).toBeCloseTo(1 / 3);
  });

  it('on-time resolution, satisfaction, median hours, open, overdue and solved', () => {
    const m = unitMetrics(
      'a',
      [
        {
          ...base,
          status: 'resolved',
          dueResolutionAt: sh('2026-03-04T09:00'),
          resolvedAt: sh('2026-03-03T09:00'),
          rating: 5,
        },
        {
          ...base,
          status: 'closed',
          dueResolutionAt: sh('2026-03-04T09:00'),
          resolvedAt: sh('2026-03-05T09:00'),
          rating: 3,
        },
        {
          ...base,
          status: 'closed',
          dueResolutionAt: sh('2026-03-04T09:00'),
          resolvedAt: sh('2026-03-04T09:00'),
          rating: 4,
        },
        { ...base, status: 'in_progress', dueResolutionAt: sh('2026-03-09T09:00') },
        { ...base, status: 'accepted', dueResolutionAt: sh('2026-03-11T09:00') },
        { ...base, status: 'rejected' },
      ],
      now,
    );
    expect(m.cases).toBe(6);
    expect(m.resolved).toBe(3);
    expect(m.resolvedOnTime).toBe(2);
    expect(m.onTimeResolutionRate).toBeCloseTo(2 / 3);
    expect(m.rated).toBe(3);
    expect(m.satisfied).toBe(2);
    expect(m.satisfactionRate).toBeCloseTo(2 / 3);
    expect(m.medianHoursToResolve).toBe(48);
    expect(m.open).toBe(2);
    expect(m.overdue).toBe(1);
    expect(m.solved).toBe(3);
    expect(m.responseRate).toBeNull();
  });

  it('groups by unit and totals every row', () => {
    const { units, total } = metricsByUnit(
      [
        { ...base, key: 'b', status: 'closed', resolvedAt: sh('2026-03-02T10:00') },
        { ...base, key: 'a' },
        { ...base, key: 'b' },
      ],
      now,
    );
    expect(units.map((u) => [u.key, u.cases, u.solved])).toEqual([
      ['a', 1, 0],
      ['b', 2, 1],
    ]);
    expect(total.cases).toBe(3);
    expect(total.solved).toBe(1);
  });

  it('median of even and empty lists', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('area unit is the root child a case lies in', () => {
    expect(areaUnitOf('33.01.001', '33')).toBe('33.01');
    expect(areaUnitOf('33', '33')).toBe('33');
    expect(areaUnitOf('33.02', '33')).toBe('33.02');
    expect(areaUnitOf('33.02.1', null)).toBe('33');
  });

  it('hours overdue is never negative', () => {
    expect(hoursOverdue(sh('2026-03-10T09:00'), now)).toBe(3);
    expect(hoursOverdue(sh('2026-03-11T09:00'), now)).toBe(0);
  });
});
