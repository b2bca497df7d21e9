import { Type, type Static, type TSchema } from 'typebox';
import { METRIC_KEYS } from '../../../shared/dashboard.ts';
import { TARGET_STATUSES } from './targets.rules.ts';

// The shapes of /api/targets; they produce exactly TargetDto and LaggardDto of src/shared/dashboard.ts.

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date' });
const Metric = Type.Enum([...METRIC_KEYS]);
const Status = Type.Enum([...TARGET_STATUSES]);

export const AreaRef = Type.Object({
  id: Id,
  name: Type.String(),
  path: Type.String(),
  level: Type.String(),
});

export const Target = Type.Object({
  id: Id,
  metric: Metric,
  area: AreaRef,
  title: Type.String(),
  startDay: Day,
  dueDay: Day,
  targetValue: Type.Number(),
  actual: Nullable(Type.Number()),
  progress: Nullable(Type.Number()),
  status: Status,
  openSheets: Type.Array(Type.Object({ caseId: Id, number: Type.Integer(), areaId: Id })),
  canEdit: Type.Boolean(),
  note: Nullable(Type.String()),
  active: Type.Boolean(),
  version: Type.Integer(),
  asOf: Day,
  elapsed: Type.Number(),
});

export const TargetParams = Type.Object({ id: Id }, { additionalProperties: false });
export type TargetParamsInput = Static<typeof TargetParams>;

export const TargetsQuery = Type.Object(
  {
    /** Targets set on this area or below it (default: the actor's whole scope). */
    areaId: Type.Optional(Id),
    status: Type.Optional(Status),
    metric: Type.Optional(Metric),
    /** Deactivated targets too (to undo a deactivation). */
    includeInactive: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type TargetsQueryInput = Static<typeof TargetsQuery>;

export const TargetPage = Type.Object({ items: Type.Array(Target), nextCursor: Nullable(Type.String()) });

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Note = Nullable(Type.String({ maxLength: 2000 }));
const Value = Type.Number({ minimum: 0, maximum: 1e15 });

export const CreateTargetBody = Type.Object(
  {
    metric: Metric,
    areaId: Id,
    title: Title,
    startDay: Day,
    dueDay: Day,
    targetValue: Value,
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type CreateTargetInput = Static<typeof CreateTargetBody>;

export const UpdateTargetBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    metric: Type.Optional(Metric),
    areaId: Type.Optional(Id),
    title: Type.Optional(Title),
    startDay: Type.Optional(Day),
    dueDay: Type.Optional(Day),
    targetValue: Type.Optional(Value),
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type UpdateTargetInput = Static<typeof UpdateTargetBody>;

export const VersionBody = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type VersionInput = Static<typeof VersionBody>;

export const Laggard = Type.Object({
  area: AreaRef,
  actual: Nullable(Type.Number()),
  progress: Nullable(Type.Number()),
  status: Status,
  sheet: Nullable(Type.Object({ caseId: Id, number: Type.Integer() })),
  targetValue: Type.Number(),
});

export const Laggards = Type.Object({
  target: Target,
  /** Child areas of the target's area, laggards first. */
  items: Type.Array(Laggard),
  /** Whether this user may issue sheets (targets:manage over the target's area). */
  canIssue: Type.Boolean(),
});
export type LaggardsDto = Static<typeof Laggards>;

export const IssueSheetBody = Type.Object({ areaId: Id }, { additionalProperties: false });
export type IssueSheetInput = Static<typeof IssueSheetBody>;

export const IssuedSheet = Type.Object({
  /** False when an open sheet for this target and area already existed (it is returned instead). */
  created: Type.Boolean(),
  sheet: Type.Object({
    caseId: Id,
    number: Type.Integer(),
    /** GL-000123 */
    code: Type.String(),
    areaId: Id,
    areaPath: Type.String(),
    /** The department the sheet is routed to (the laggard area's own office), if any. */
    departmentCode: Nullable(Type.String()),
  }),
});
export type IssuedSheetDto = Static<typeof IssuedSheet>;
