import type { FastifyReply } from 'fastify';
import { AppError, type Locale } from '../../core/errors.ts';
import { decodeCursor, pageOf } from '../../core/pagination.ts';
import { sendTable, type ExportColumn } from '../../core/spreadsheet/export.ts';
import type { ServiceContext } from '../../core/request-context.ts';
import {
  METRIC_KEYS,
  PROBLEM_CASE_TYPES,
  REFUND_CASE_TYPE,
  type MetricKey,
} from '../../../shared/dashboard.ts';
import { FEVER_THRESHOLD_C, METRICS, SATISFIED_RATING } from '../../../shared/metric-catalogue.ts';
import { reportingDay } from '../../../shared/record-forms.ts';
import * as repo from './dashboard.repo.ts';
import { maySeeArea, mayListRows, mayNamePeople } from './dashboard.policy.ts';
import {
  ROW_SOURCES,
  dimensionLabel,
  isRangeError,
  previousRange,
  rankRows,
  resolveRange,
  rowLink,
} from './dashboard.rules.ts';
import { OPEN_CASE_STATUSES, WORKING_STATUSES } from './rollups.rules.ts';
import { metricByChild, metricByDimension, metricTrend, metricValues } from './metric-values.ts';
import type {
  DashboardBreakdownDto,
  DashboardDimensionDto,
  DashboardQueryInput,
  DashboardRowsPageDto,
  DashboardSummaryDto,
  DashboardTrendDto,
  ExportQueryInput,
  GeoFeatureCollectionDto,
  GeoQueryInput,
  MetricQueryInput,
  RowsQueryInput,
  TrendQueryInput,
} from './dashboard.schema.ts';

/** Cells stop at grid depth (city 0, town 1, community 2, grid 3): deeper areas have no figures of their own. */
const CELL_DEPTH = 3;
/** The trend chart draws at most this many series at once. */
const MAX_TREND_METRICS = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AreaRef = DashboardSummaryDto['area'];

// Every open dashboard refetches when the same change event arrives: identical reads already running
// are shared (single flight) instead of run once per screen. Nothing is kept once a read settles, so
// no answer is ever older than the request that asked for it.
const inFlight = new WeakMap<object, Map<string, Promise<unknown>>>();

function shared<T>(ctx: ServiceContext, key: string, read: () => Promise<T>): Promise<T> {
  let running = inFlight.get(ctx.db);
  if (!running) inFlight.set(ctx.db, (running = new Map()));
  const existing = running.get(key) as Promise<T> | undefined;
  if (existing) return existing;
  const started = read().finally(() => running.delete(key));
  running.set(key, started);
  return started;
}
const refOf = (a: repo.AreaRefRow): AreaRef => ({ id: a.id, name: a.name, path: a.path, level: a.level });

// ── the area and the range ───────────────────────────────────────────────────

/** The area asked about (in scope, else 404), or the actor's own area — the city for a city-wide actor. */
async function areaOf(ctx: ServiceContext, areaId: string | undefined): Promise<repo.AskedArea> {
  let area: repo.AskedArea | undefined;
  if (areaId !== undefined) area = await repo.areaById(ctx.db, areaId);
  else if (ctx.actor.scopePath !== null) area = await repo.areaByPath(ctx.db, ctx.actor.scopePath);
  else area = await repo.rootArea(ctx.db);
  if (!area || !maySeeArea(ctx.actor, area.path)) throw new AppError('not_found');
  return area;
}

/** The path the area's figures are read under: none for the only city (every cell is under it). */
const cellRoot = (area: repo.AskedArea): string | null => (area.soleRoot ? null : area.path);

/** Metrics with cells of their own (ratios are computed). */
const STORED_METRICS = METRIC_KEYS.filter((k) => METRICS[k].kind !== 'ratio');

/** Metrics whose latest cell says "this is the latest day with news" (gauges are always today's). */
const DATED_METRICS = METRIC_KEYS.filter(
  (k) => METRICS[k].kind === 'base' && METRICS[k].aggregation !== 'gauge',
);

async function rangeOf(ctx: ServiceContext, area: repo.AskedArea, query: DashboardQueryInput, now: Date) {
  const today = reportingDay(now);
  const latest =
    query.to === undefined ? await repo.latestCellDay(ctx.db, DATED_METRICS, cellRoot(area), today) : null;
  const range = resolveRange(query, today, latest);
  if (isRangeError(range)) throw new AppError('validation_failed', [range]);
  return range;
}

function metricOf(value: string | undefined, field = 'metric'): MetricKey {
  const key = (METRIC_KEYS as readonly string[]).find((k) => k === value);
  if (key === undefined) {
    throw new AppError('validation_failed', [
      {
        field,
        reason: {
          zh: !value ? '请指定指标' : `没有这个指标：${value}`,
          en: !value ? 'is required' : `is not a known metric: ${value}`,
        },
      },
    ]);
  }
  return key as MetricKey;
}

function metricsOf(value: string | undefined): MetricKey[] {
  const keys = [
    ...new Set(
      (value ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean),
    ),
  ];
  if (keys.length === 0 || keys.length > MAX_TREND_METRICS) {
    throw new AppError('validation_failed', [
      {
        field: 'metrics',
        reason: {
          zh: `请指定 1 至 ${MAX_TREND_METRICS} 个指标（逗号分隔）`,
          en: `give 1 to ${MAX_TREND_METRICS} metrics, comma-separated`,
        },
      },
    ]);
  }
  return keys.map((k) => metricOf(k, 'metrics'));
}

// ── views ────────────────────────────────────────────────────────────────────

export async function summary(
  ctx: ServiceContext,
  query: DashboardQueryInput,
  now = new Date(),
): Promise<DashboardSummaryDto> {
  const area = await areaOf(ctx, query.areaId);
  const range = await rangeOf(ctx, area, query, now);
  const previous = previousRange(range);
  const ancestors = area.path
    .split('.')
    .slice(0, -1)
    .map((_, i, parts) => parts.slice(0, i + 1).join('.'));
  const [values, trail, structure, refreshedAt] = await Promise.all([
    shared(ctx, `summary|${area.path}|${range.from}|${range.to}`, () =>
      metricValues(ctx.db, METRIC_KEYS, { areaPath: cellRoot(area) }, [range, previous]),
    ),
    repo.areasByPaths(ctx.db, ancestors),
    shared(ctx, `structure|${area.path}`, () => repo.structureCounts(ctx.db, cellRoot(area))),
    repo.latestRefresh(ctx.db, STORED_METRICS, cellRoot(area), range.to),
  ]);
  return {
    area: refOf(area),
    trail: trail.map(refOf),
    from: range.from,
    to: range.to,
    metrics: METRIC_KEYS.map((key) => {
      const [current, before] = values.get(key) ?? [];
      return {
        key,
        value: current?.value ?? null,
        previous: before?.value ?? null,
        unit: METRICS[key].unit,
      };
    }),
    structure,
    refreshedAt,
  };
}

export async function breakdown(
  ctx: ServiceContext,
  query: MetricQueryInput,
  now = new Date(),
): Promise<DashboardBreakdownDto> {
  const metric = metricOf(query.metric);
  const area = await areaOf(ctx, query.areaId);
  const range = await rangeOf(ctx, area, query, now);
  const [children, byChild] = await Promise.all([
    repo.childAreas(ctx.db, area.id, CELL_DEPTH),
    shared(ctx, `breakdown|${metric}|${area.path}|${range.from}|${range.to}|${query.dim ?? ''}`, () =>
      metricByChild(ctx.db, metric, {
        areaPath: cellRoot(area),
        childDepth: area.depth + 1,
        from: range.from,
        to: range.to,
        dim: query.dim,
      }),
    ),
  ]);
  const rows = children.map((child) => {
    const reading = byChild.get(child.path);
    return {
      area: refOf(child),
      value: reading?.value ?? null,
      numerator: reading?.numerator ?? null,
      denominator: reading?.denominator ?? null,
    };
  });
  return {
    metric,
    area: refOf(area),
    from: range.from,
    to: range.to,
    rows: rankRows(rows, METRICS[metric].higherIsBetter),
  };
}

export async function trend(
  ctx: ServiceContext,
  query: TrendQueryInput,
  now = new Date(),
): Promise<DashboardTrendDto> {
  const metrics = metricsOf(query.metrics);
  const area = await areaOf(ctx, query.areaId);
  const range = await rangeOf(ctx, area, query, now);
  const series = await shared(ctx, `trend|${metrics.join(',')}|${area.path}|${range.from}|${range.to}`, () =>
    metricTrend(ctx.db, metrics, { areaPath: cellRoot(area), ...range }),
  );
  return { area: refOf(area), from: range.from, to: range.to, ...series };
}

export async function dimension(
  ctx: ServiceContext,
  query: MetricQueryInput,
  now = new Date(),
): Promise<DashboardDimensionDto> {
  const metric = metricOf(query.metric);
  const definition = METRICS[metric];
  const area = await areaOf(ctx, query.areaId);
  const range = await rangeOf(ctx, area, query, now);
  if (definition.dimension === 'none') return { metric, dimension: 'none', rows: [] };
  const [byDim, departments] = await Promise.all([
    metricByDimension(ctx.db, metric, { areaPath: cellRoot(area), ...range }),
    definition.dimension === 'department' ? repo.departmentNames(ctx.db) : new Map<string, string>(),
  ]);
  const rows = [...byDim.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([dim, reading]) => ({
      dim,
      label: dimensionLabel(definition.dimension, dim, departments),
      value: reading.value,
    }));
  return { metric, dimension: definition.dimension, rows: rankRows(rows, definition.higherIsBetter) };
}

export async function geo(ctx: ServiceContext, query: GeoQueryInput): Promise<GeoFeatureCollectionDto> {
  const area = await areaOf(ctx, query.areaId);
  const shapes = await repo.childShapes(ctx.db, area.id);
  return {
    type: 'FeatureCollection',
    features: shapes.map((s) => ({
      type: 'Feature' as const,
      properties: { name: s.name, areaId: s.id, path: s.path, level: s.level },
      geometry: s.geometry,
    })),
  };
}

// ── the rows behind a number ─────────────────────────────────────────────────

/** A keyset cursor: the sort value (a day, "day|subject id", a time, a name) and the row's id. */
function cursorOf(cursor: string, kind: 'record' | 'case' | 'org'): { sortValue: string; id: string } {
  const { sortValue, id } = decodeCursor(cursor);
  const valid =
    typeof sortValue === 'string' &&
    UUID.test(id) &&
    (kind !== 'record' || /^\d{4}-\d{2}-\d{2}\|[0-9a-f-]{36}$/i.test(sortValue)) &&
    (kind !== 'case' || !Number.isNaN(Date.parse(sortValue)));
  if (!valid || typeof sortValue !== 'string') {
    throw new AppError('validation_failed', [
      { field: 'cursor', reason: { zh: '分页游标无效', en: 'is not a valid cursor' } },
    ]);
  }
  return { sortValue, id };
}

export async function rows(
  ctx: ServiceContext,
  query: RowsQueryInput,
  now = new Date(),
): Promise<DashboardRowsPageDto> {
  const metric = metricOf(query.metric);
  const source = ROW_SOURCES[metric];
  if (!mayListRows(ctx.actor, source.kind)) throw new AppError('forbidden');
  const area = await areaOf(ctx, query.areaId);
  const range = await rangeOf(ctx, area, query, now);
  const limit = query.limit ?? 50;
  const window: repo.RowsWindow = {
    rootPath: cellRoot(area),
    from: range.from,
    to: range.to,
    dim: query.dim,
    after: query.cursor ? cursorOf(query.cursor, source.kind) : undefined,
    limit: limit + 1,
  };
  let found: repo.SourceRow[];
  switch (source.kind) {
    case 'record':
      found = await repo.recordRows(ctx.db, {
        ...window,
        forms: source.forms,
        feverAtLeast: source.fever ? FEVER_THRESHOLD_C : undefined,
        namePeople: mayNamePeople(ctx.actor),
      });
      break;
    case 'case':
      found = await repo.caseRows(ctx.db, {
        ...window,
        types: source.cases === 'refunds' ? [REFUND_CASE_TYPE] : PROBLEM_CASE_TYPES,
        on: source.on,
        only: source.only,
        openStatuses: OPEN_CASE_STATUSES,
        satisfiedRating: SATISFIED_RATING,
      });
      break;
    case 'org':
      found = await repo.orgRows(ctx.db, {
        ...window,
        workingStatuses: source.resumed ? WORKING_STATUSES : null,
      });
      break;
  }
  const page = pageOf(found, limit, (r) => [r.sortValue, r.id]);
  return {
    metric,
    kind: source.kind,
    items: page.items.map((r) => ({
      kind: source.kind,
      id: r.id,
      title: r.title,
      day: r.day,
      areaName: r.areaName,
      link: rowLink(source.kind, r.id),
    })),
    nextCursor: page.nextCursor,
  };
}

// ── exports ──────────────────────────────────────────────────────────────────

type Lang = 'zh' | 'en';

/** The headers' language: `lang` when given, else the request's Accept-Language. */
export function exportLang(lang: string | undefined, locale: Locale): Lang {
  if (lang !== undefined) return lang.toLowerCase().startsWith('en') ? 'en' : 'zh';
  return locale === 'en-US' ? 'en' : 'zh';
}

const HEADERS = {
  zh: {
    metric: '指标',
    key: '指标代码',
    value: '数值',
    previous: '上一周期',
    unit: '单位',
    area: '区域',
    numerator: '分子',
    denominator: '分母',
    day: '日期',
    dim: '分类代码',
    label: '分类',
    from: '开始日期',
    to: '结束日期',
  },
  en: {
    metric: 'Metric',
    key: 'Key',
    value: 'Value',
    previous: 'Previous period',
    unit: 'Unit',
    area: 'Area',
    numerator: 'Numerator',
    denominator: 'Denominator',
    day: 'Day',
    dim: 'Code',
    label: 'Category',
    from: 'From',
    to: 'To',
  },
} as const;

const UNITS = {
  zh: { count: '件', people: '人', percent: '%', cny: '元', hours: '小时', enterprises: '家' },
  en: {
    count: 'count',
    people: 'people',
    percent: '%',
    cny: 'CNY',
    hours: 'hours',
    enterprises: 'enterprises',
  },
} as const;

const SHEETS = {
  zh: { summary: '指标汇总', breakdown: '分区域', trend: '趋势', dimension: '分类' },
  en: { summary: 'Summary', breakdown: 'By area', trend: 'Trend', dimension: 'By category' },
} as const;

async function sendRows<Row>(
  reply: FastifyReply,
  fileName: string,
  columns: ExportColumn<Row>[],
  rows: Row[],
): Promise<FastifyReply> {
  return sendTable(reply, { format: 'xlsx', fileName, columns, rows });
}

/** Any chart's data as xlsx, headers in the asked language; the same figures the chart shows. */
export async function exportView(
  ctx: ServiceContext,
  query: ExportQueryInput,
  reply: FastifyReply,
  locale: Locale,
  now = new Date(),
): Promise<FastifyReply> {
  const lang = exportLang(query.lang, locale);
  const h = HEADERS[lang];
  const name = (key: MetricKey) => METRICS[key].name[lang];
  const base = { areaId: query.areaId, from: query.from, to: query.to };
  switch (query.view) {
    case 'summary': {
      const data = await summary(ctx, base, now);
      const file = `${SHEETS[lang].summary}-${data.area.name}-${data.from}_${data.to}`;
      return sendRows(
        reply,
        file,
        [
          { header: h.metric, value: (m) => name(m.key), width: 28 },
          { header: h.key, value: (m) => m.key, width: 26 },
          { header: h.value, value: (m) => m.value },
          { header: h.previous, value: (m) => m.previous },
          { header: h.unit, value: (m) => UNITS[lang][m.unit], width: 10 },
          { header: h.area, value: () => data.area.name },
          { header: h.from, value: () => data.from, width: 12 },
          { header: h.to, value: () => data.to, width: 12 },
        ],
        data.metrics,
      );
    }
    case 'breakdown': {
      const data = await breakdown(ctx, { ...base, metric: query.metric ?? '', dim: query.dim }, now);
      const file = `${name(data.metric)}-${data.area.name}-${data.from}_${data.to}`;
      return sendRows(
        reply,
        file,
        [
          { header: h.area, value: (r) => r.area.name, width: 24 },
          { header: name(data.metric), value: (r) => r.value, width: 24 },
          { header: h.numerator, value: (r) => r.numerator },
          { header: h.denominator, value: (r) => r.denominator },
        ],
        data.rows,
      );
    }
    case 'trend': {
      const data = await trend(ctx, { ...base, metrics: query.metrics ?? query.metric ?? '' }, now);
      const file = `${SHEETS[lang].trend}-${data.area.name}-${data.from}_${data.to}`;
      return sendRows(
        reply,
        file,
        [
          { header: h.day, value: (i: number) => data.days[i], width: 12 },
          ...data.series.map((s) => ({
            header: name(s.key),
            value: (i: number) => s.values[i] ?? null,
            width: 20,
          })),
        ],
        data.days.map((_, i) => i),
      );
    }
    case 'dimension': {
      const data = await dimension(ctx, { ...base, metric: query.metric ?? '' }, now);
      return sendRows(
        reply,
        `${name(data.metric)}-${SHEETS[lang].dimension}`,
        [
          { header: h.label, value: (r) => r.label[lang], width: 32 },
          { header: h.dim, value: (r) => r.dim, width: 20 },
          { header: name(data.metric), value: (r) => r.value, width: 20 },
        ],
        data.rows,
      );
    }
  }
}
