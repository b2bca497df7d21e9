// The dashboard API as the SPA calls it. Shapes come from the shared contract (src/shared/dashboard.ts);
// the server is the source of truth.
import type {
  DashboardBreakdownDto,
  DashboardDimensionDto,
  DashboardSummaryDto,
  DashboardTrendDto,
  GeoFeatureCollectionDto,
  MetricKey,
} from '../../../shared/dashboard.ts';
import { request } from '../../api.ts';

/** Area and inclusive day range: what every dashboard view is filtered by. */
export interface DashboardFilter {
  areaId?: string;
  from?: string;
  to?: string;
}

/** One record behind a number (a case, a daily record, an enterprise), linking to its own page. */
export interface DashboardRowItem {
  kind: string;
  id: string;
  title: string;
  day: string | null;
  areaName: string | null;
  link: string | null;
}

/** GET /api/dashboard/rows: the list behind a number, a page at a time. */
export interface DashboardRowsDto {
  metric: MetricKey;
  kind: 'record' | 'case' | 'org';
  items: DashboardRowItem[];
  nextCursor: string | null;
}

export type ExportView = 'summary' | 'breakdown' | 'trend' | 'dimension';

function filterQuery(filter: DashboardFilter) {
  return { areaId: filter.areaId, from: filter.from, to: filter.to };
}

export const dashboardApi = {
  summary: (filter: DashboardFilter) =>
    request<DashboardSummaryDto>('GET', '/api/dashboard/summary', { query: filterQuery(filter) }),
  breakdown: (filter: DashboardFilter, metric: MetricKey) =>
    request<DashboardBreakdownDto>('GET', '/api/dashboard/breakdown', {
      query: { ...filterQuery(filter), metric },
    }),
  trend: (filter: DashboardFilter, metrics: readonly MetricKey[]) =>
    request<DashboardTrendDto>('GET', '/api/dashboard/trend', {
      query: { ...filterQuery(filter), metrics: metrics.join(',') },
    }),
  dimension: (filter: DashboardFilter, metric: MetricKey) =>
    request<DashboardDimensionDto>('GET', '/api/dashboard/dimension', {
      query: { ...filterQuery(filter), metric },
    }),
  geo: (areaId: string | undefined) =>
    request<GeoFeatureCollectionDto>('GET', '/api/dashboard/geo', { query: { areaId } }),
  rows: (filter: DashboardFilter, metric: MetricKey, options: { dim?: string; cursor?: string } = {}) =>
    request<DashboardRowsDto>('GET', '/api/dashboard/rows', {
      query: { ...filterQuery(filter), metric, dim: options.dim, cursor: options.cursor },
    }),
};

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The spreadsheet of one chart's data, in the UI's language. */
export function exportUrl(
  view: ExportView,
  filter: DashboardFilter,
  lang: string,
  extra: { metric?: MetricKey; metrics?: readonly MetricKey[] } = {},
): string {
  return withQuery('/api/dashboard/export.xlsx', {
    view,
    ...filterQuery(filter),
    metric: extra.metric,
    metrics: extra.metrics?.join(','),
    lang,
  });
}

/** The leadership's printable daily briefing for an area and a day, in 'zh' or 'en'. */
export function briefingUrl(areaId: string | undefined, day: string | undefined, lang: string): string {
  return withQuery('/api/dashboard/briefing.pdf', { areaId, day, lang: lang.startsWith('en') ? 'en' : 'zh' });
}
