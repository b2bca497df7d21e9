import { Type, type Static, type TSchema } from 'typebox';
import { METRIC_GROUPS } from './sla.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateOnly = Type.String({ format: 'date' });
const DateTime = Type.String({ format: 'date-time' });

// ── the calendar ─────────────────────────────────────────────────────────────

const DayKind = Type.Enum(['holiday', 'workday']);

export const CalendarDay = Type.Object({
  day: DateOnly,
  kind: DayKind,
  name: Type.String(),
  /** 0 Sunday … 6 Saturday. */
  weekday: Type.Integer({ minimum: 0, maximum: 6 }),
});
export type CalendarDayDto = Static<typeof CalendarDay>;

export const CalendarList = Type.Object({ items: Type.Array(CalendarDay) });

export const CalendarQuery = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 2100 }) },
  { additionalProperties: false },
);

export const DayParams = Type.Object({ day: DateOnly }, { additionalProperties: false });

export const CalendarDayBody = Type.Object(
  { kind: DayKind, name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type CalendarDayInput = Static<typeof CalendarDayBody>;

// ── metrics ──────────────────────────────────────────────────────────────────

export const CaseMetricsQuery = Type.Object(
  {
    areaId: Type.Optional(Id),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    groupBy: Type.Optional(Type.Enum(METRIC_GROUPS)),
  },
  { additionalProperties: false },
);
export type CaseMetricsQueryInput = Static<typeof CaseMetricsQuery>;

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

const UnitMetrics = Type.Object({
  /** Department code, area path or case type code; '' for cases without one (no department yet). */
  key: Type.String(),
  name: Nullable(Type.String()),
  cases: Type.Integer(),
  dueForResponse: Type.Integer(),
  respondedInTime: Type.Integer(),
  responseRate: Rate,
  resolved: Type.Integer(),
  resolvedOnTime: Type.Integer(),
  onTimeResolutionRate: Rate,
  rated: Type.Integer(),
  satisfied: Type.Integer(),
  satisfactionRate: Rate,
  medianHoursToResolve: Nullable(Type.Number()),
  open: Type.Integer(),
  overdue: Type.Integer(),
  solved: Type.Integer(),
});

export const CaseMetrics = Type.Object({
  groupBy: Type.Enum(METRIC_GROUPS),
  /** The area asked about; null = everywhere (an administrator without areaId). */
  areaPath: Nullable(Type.String()),
  from: DateTime,
  to: DateTime,
  units: Type.Array(UnitMetrics),
  total: UnitMetrics,
});
export type CaseMetricsDto = Static<typeof CaseMetrics>;

// ── the overdue list ─────────────────────────────────────────────────────────

export const OverdueQuery = Type.Object(
  {
    areaId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type OverdueQueryInput = Static<typeof OverdueQuery>;

export const OverdueCase = Type.Object({
  id: Id,
  number: Type.Integer(),
  title: Type.String(),
  status: Type.String(),
  areaPath: Type.String(),
  ownerUserId: Nullable(Id),
  ownerName: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  dueResolutionAt: DateTime,
  /** Wall-clock hours past the resolution deadline, one decimal. */
  hoursOverdue: Type.Number(),
  /** 0 none, 1 the owner's supervisor, 2 the command office. */
  escalationLevel: Type.Integer(),
});

export const OverduePage = Type.Object({
  items: Type.Array(OverdueCase),
  nextCursor: Nullable(Type.String()),
});
export type OverduePageDto = Static<typeof OverduePage>;
