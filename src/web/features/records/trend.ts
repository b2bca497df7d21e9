import type { Rates } from './api.ts';

/** More lines than this and the chart is unreadable on a phone: the rest are left to the table. */
const MAX_AREAS = 8;

export interface Series {
  name: string;
  data: (number | null)[];
}

type RatePoint = Rates['items'][number];

/**
 * Per-day rates as chart series (percent): the whole area first (the server's totals), then each
 * child area, largest first. A day nothing was expected is a gap, not a zero.
 */
export function trendSeries(
  rates: Pick<Rates, 'items' | 'totals'>,
  days: readonly string[],
  total: string,
): Series[] {
  const byArea = new Map<string, { name: string; expected: number; byDay: Map<string, RatePoint> }>();
  for (const p of rates.items) {
    const area = byArea.get(p.areaId) ?? { name: p.areaName, expected: 0, byDay: new Map() };
    area.expected += p.expected;
    area.byDay.set(p.day, p);
    byArea.set(p.areaId, area);
  }
  const sums = new Map(rates.totals.map((d) => [d.day, d]));
  const pct = (reported: number, expected: number) =>
    expected > 0 ? Math.round((reported / expected) * 1000) / 10 : null;
  const overall: Series = {
    name: total,
    data: days.map((d) => {
      const s = sums.get(d);
      return s ? pct(s.reported, s.expected) : null;
    }),
  };
  const areas = [...byArea.values()]
    .sort((a, b) => b.expected - a.expected)
    .slice(0, MAX_AREAS)
    .map((a) => ({
      name: a.name,
      data: days.map((d) => {
        const p = a.byDay.get(d);
        return p ? pct(p.reported, p.expected) : null;
      }),
    }));
  return [overall, ...areas];
}
