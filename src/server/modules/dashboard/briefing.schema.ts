import { Type, type Static } from 'typebox';

/** GET /api/dashboard/briefing.pdf: the daily briefing of an area (default: the actor's own) for a day. */
export const BriefingQuery = Type.Object(
  {
    areaId: Type.Optional(Type.String({ format: 'uuid' })),
    /** Default: today, or the latest day with figures when none exist today (a historical demo city). */
    day: Type.Optional(Type.String({ format: 'date' })),
    /** The briefing's language (default Chinese). */
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type BriefingQueryInput = Static<typeof BriefingQuery>;
