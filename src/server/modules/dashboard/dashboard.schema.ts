import { Type, type Static, type TSchema } from 'typebox';
import type {
  DashboardBreakdownDto as SharedBreakdown,
  DashboardDimensionDto as SharedDimension,
  DashboardSummaryDto as SharedSummary,
  DashboardTrendDto as SharedTrend,
  GeoFeatureCollectionDto as SharedGeo,
} from '../../../shared/dashboard.ts';
import { METRIC_KEYS } from '../../../shared/dashboard.ts';

// The shapes of src/shared/dashboard.ts as TypeBox schemas; the type checks at the end of this file
// fail the build when the two drift apart.

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date' });
const Localised = Type.Object({ zh: Type.String(), en: Type.String() });
const MetricKeySchema = Type.Enum(METRIC_KEYS);
const MetricUnit = Type.Enum(['count', 'people', 'percent', 'cny', 'hours', 'enterprises'] as const);
const MetricDimension = Type.Enum(['none', 'industry', 'department'] as const);

// ── queries ──────────────────────────────────────────────────────────────────

const Filter = {
  /** Default: the actor's own area (the city for a city-wide actor). */
  areaId: Type.Optional(Id),
  /** Inclusive; default 29 days before `to`. */
  from: Type.Optional(Day),
  /** Inclusive; default today, or the latest day with figures when nothing has happened today. */
  to: Type.Optional(Day),
};

export const DashboardQuery = Type.Object(Filter, { additionalProperties: false });
export type DashboardQueryInput = Static<typeof DashboardQuery>;

export const MetricQuery = Type.Object(
  {
    ...Filter,
    metric: Type.String({ minLength: 1, maxLength: 64 }),
    /** One industry or department code (breakdown only). */
    dim: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type MetricQueryInput = Static<typeof MetricQuery>;

export const TrendQuery = Type.Object(
  {
    ...Filter,
    /** Comma-separated metric keys, at most 6. */
    metrics: Type.String({ minLength: 1, maxLength: 400 }),
  },
  { additionalProperties: false },
);
export type TrendQueryInput = Static<typeof TrendQuery>;

export const GeoQuery = Type.Object({ areaId: Type.Optional(Id) }, { additionalProperties: false });
export type GeoQueryInput = Static<typeof GeoQuery>;

export const RowsQuery = Type.Object(
  {
    ...Filter,
    metric: Type.String({ minLength: 1, maxLength: 64 }),
    dim: Type.Optional(Type.String({ maxLength: 64 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type RowsQueryInput = Static<typeof RowsQuery>;

export const EXPORT_VIEWS = ['summary', 'breakdown', 'trend', 'dimension'] as const;
export type ExportView = (typeof EXPORT_VIEWS)[number];

export const ExportQuery = Type.Object(
  {
    ...Filter,
    view: Type.Enum(EXPORT_VIEWS),
    /** breakdown and dimension: the metric. */
    metric: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** trend: comma-separated metric keys. */
    metrics: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    dim: Type.Optional(Type.String({ maxLength: 64 })),
    /** Headers' language (zh-CN, en-US, en …); default from Accept-Language. */
    lang: Type.Optional(Type.String({ maxLength: 16 })),
  },
  { additionalProperties: false },
);
export type ExportQueryInput = Static<typeof ExportQuery>;

// ── answers ──────────────────────────────────────────────────────────────────

const AreaRef = Type.Object({ id: Id, name: Type.String(), path: Type.String(), level: Type.String() });

const MetricValue = Type.Object({
  key: MetricKeySchema,
  value: Nullable(Type.Number()),
  previous: Nullable(Type.Number()),
  unit: MetricUnit,
});

export const DashboardSummary = Type.Object({
  area: AreaRef,
  trail: Type.Array(AreaRef),
  from: Day,
  to: Day,
  metrics: Type.Array(MetricValue),
  structure: Type.Object({
    towns: Type.Integer(),
    communities: Type.Integer(),
    grids: Type.Integer(),
    aboveScaleEnterprises: Type.Integer(),
    keyEnterprisePlans: Type.Integer(),
    cadres: Type.Integer(),
    guidanceGroups: Type.Integer(),
    markets: Type.Integer(),
    supermarkets: Type.Integer(),
    problemsSolved: Type.Integer(),
  }),
  refreshedAt: Nullable(Type.String()),
});
export type DashboardSummaryDto = Static<typeof DashboardSummary>;

export const DashboardBreakdown = Type.Object({
  metric: MetricKeySchema,
  area: AreaRef,
  from: Day,
  to: Day,
  rows: Type.Array(
    Type.Object({
      area: AreaRef,
      value: Nullable(Type.Number()),
      numerator: Nullable(Type.Number()),
      denominator: Nullable(Type.Number()),
    }),
  ),
});
export type DashboardBreakdownDto = Static<typeof DashboardBreakdown>;

export const DashboardTrend = Type.Object({
  area: AreaRef,
  from: Day,
  to: Day,
  days: Type.Array(Day),
  series: Type.Array(Type.Object({ key: MetricKeySchema, values: Type.Array(Nullable(Type.Number())) })),
});
export type DashboardTrendDto = Static<typeof DashboardTrend>;

export const DashboardDimension = Type.Object({
  metric: MetricKeySchema,
  dimension: MetricDimension,
  rows: Type.Array(Type.Object({ dim: Type.String(), label: Localised, value: Nullable(Type.Number()) })),
});
export type DashboardDimensionDto = Static<typeof DashboardDimension>;

export const GeoFeatureCollection = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Type.Object({
        name: Type.String(),
        areaId: Id,
        path: Type.String(),
        level: Type.String(),
      }),
      geometry: Type.Object({
        type: Type.Enum(['Polygon', 'MultiPolygon'] as const),
        coordinates: Type.Unknown(),
      }),
    }),
  ),
});
export type GeoFeatureCollectionDto = Static<typeof GeoFeatureCollection>;

export const ROW_KINDS = ['record', 'case', 'org'] as const;
export type RowKind = (typeof ROW_KINDS)[number];

/** One source row behind a number, linking to its own page in the SPA. */
export const DashboardRow = Type.Object({
  kind: Type.Enum(ROW_KINDS),
  id: Id,
  title: Type.String(),
  day: Nullable(Day),
  areaName: Nullable(Type.String()),
  link: Nullable(Type.String()),
});
export type DashboardRowDto = Static<typeof DashboardRow>;

export const DashboardRowsPage = Type.Object({
  metric: MetricKeySchema,
  kind: Type.Enum(ROW_KINDS),
  items: Type.Array(DashboardRow),
  nextCursor: Nullable(Type.String()),
});
export type DashboardRowsPageDto = Static<typeof DashboardRowsPage>;

// The contract's shapes and these schemas must agree both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree = <T extends true>(): T | undefined => undefined;
agree<Same<DashboardSummaryDto, SharedSummary>>();
agree<Same<DashboardBreakdownDto, SharedBreakdown>>();
agree<Same<DashboardTrendDto, SharedTrend>>();
agree<Same<DashboardDimensionDto, SharedDimension>>();
agree<Same<GeoFeatureCollectionDto, SharedGeo>>();
