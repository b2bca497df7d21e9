import { request } from '../../api.ts';

/** sla.schema.ts CalendarDay. */
export interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
}

const day = encodeURIComponent;

export const slaApi = {
  calendar: (year: number) => request<{ items: CalendarDay[] }>('GET', '/api/calendar', { query: { year } }),
  setDay: (date: string, body: { kind: CalendarDay['kind']; name: string }) =>
    request<CalendarDay>('PUT', `/api/calendar/${day(date)}`, { body }),
  removeDay: (date: string) => request<void>('DELETE', `/api/calendar/${day(date)}`),
};
