// China's official public holidays and make-up working days (调休) as data, seeded into calendar_days
// at every start (insert … on conflict do nothing, so an administrator's change is never overwritten).
//
// 2020: 国务院办公厅关于2020年部分节假日安排的通知 (国办发明电〔2019〕16号, 21 Nov 2019), amended by
//   国务院办公厅关于延长2020年春节假期的通知 (国办发明电〔2020〕1号, 27 Jan 2020): the Spring Festival
//   holiday was extended to Sunday 2 February 2020 because of the epidemic, so Friday 31 January and
//   the planned make-up Saturday 1 February became holidays; work resumed Monday 3 February.
// 2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 Nov 2025), as republished by Xinhua
//   (politics.gmw.cn/2025-11/04/content_38391083.htm) — checked against that text.
// Only days that differ from Monday–Friday matter; holiday weekend days are listed anyway so the
// calendar admin page shows each holiday whole.

import type { CalendarDayKind } from './sla.rules.ts';

export interface HolidayDay {
  day: string;
  kind: CalendarDayKind;
  name: string;
}

function range(from: string, to: string, name: string): HolidayDay[] {
  const days: HolidayDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

const workday = (day: string, name: string): HolidayDay => ({ day, kind: 'workday', name });

export const HOLIDAYS_2020: readonly HolidayDay[] = [
  ...range('2020-01-01', '2020-01-01', '元旦'),
  workday('2020-01-19', '春节调休上班'),
  ...range('2020-01-24', '2020-01-30', '春节'),
  // 国办发明电〔2020〕1号: extended to 2 February; 1 February is no longer a make-up working day.
  ...range('2020-01-31', '2020-02-02', '春节（延长假期）'),
  ...range('2020-04-04', '2020-04-06', '清明节'),
  workday('2020-04-26', '劳动节调休上班'),
  ...range('2020-05-01', '2020-05-05', '劳动节'),
  workday('2020-05-09', '劳动节调休上班'),
  ...range('2020-06-25', '2020-06-27', '端午节'),
  workday('2020-06-28', '端午节调休上班'),
  workday('2020-09-27', '国庆节、中秋节调休上班'),
  ...range('2020-10-01', '2020-10-08', '国庆节、中秋节'),
  workday('2020-10-10', '国庆节、中秋节调休上班'),
];

export const HOLIDAYS_2026: readonly HolidayDay[] = [
  ...range('2026-01-01', '2026-01-03', '元旦'),
  workday('2026-01-04', '元旦调休上班'),
  workday('2026-02-14', '春节调休上班'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  workday('2026-02-28', '春节调休上班'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  workday('2026-05-09', '劳动节调休上班'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  workday('2026-09-20', '国庆节调休上班'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  workday('2026-10-10', '国庆节调休上班'),
];

export const OFFICIAL_CALENDAR: readonly HolidayDay[] = [...HOLIDAYS_2020, ...HOLIDAYS_2026];
