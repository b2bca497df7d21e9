import { Type, type Static, type TSchema } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date' });

export const ScreeningsQuery = Type.Object(
  {
    areaId: Type.Optional(Id),
    /** true: covering today; false: not (ended or not started). */
    active: Type.Optional(Type.Boolean()),
    /** Part of the person's name. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type ScreeningsQueryInput = Static<typeof ScreeningsQuery>;

export const Screening = Type.Object({
  id: Id,
  person: Type.Object({ id: Id, name: Type.String() }),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  fromDay: Day,
  /** Inclusive; null = until ended. */
  untilDay: Nullable(Day),
  reason: Type.String(),
  /** Covers today (Asia/Shanghai). */
  active: Type.Boolean(),
  createdBy: Nullable(Type.Object({ id: Id, name: Nullable(Type.String()) })),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ScreeningDto = Static<typeof Screening>;

export const ScreeningPage = Type.Object({
  items: Type.Array(Screening),
  nextCursor: Nullable(Type.String()),
});
export type ScreeningPageDto = Static<typeof ScreeningPage>;

export const CreateScreeningBody = Type.Object(
  {
    personId: Id,
    fromDay: Day,
    untilDay: Type.Optional(Day),
    /** Why: a returnee's 14 days, home quarantine, the whole community … */
    reason: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CreateScreeningInput = Static<typeof CreateScreeningBody>;

export const EndScreeningBody = Type.Object(
  {
    /** The last day under screening (inclusive); default today. */
    untilDay: Type.Optional(Day),
  },
  { additionalProperties: false },
);
export type EndScreeningInput = Static<typeof EndScreeningBody>;

export const ScreeningParams = Type.Object({ id: Id }, { additionalProperties: false });
