import { Type, type Static } from 'typebox';

export const DashboardEventsQuery = Type.Object(
  {
    /** Only changes inside this area (a wall screen showing one town); default: the actor's own area. */
    areaId: Type.Optional(Type.String({ format: 'uuid' })),
  },
  { additionalProperties: false },
);
export type DashboardEventsQueryInput = Static<typeof DashboardEventsQuery>;

/** For the OpenAPI document only: the reply is a stream the handler writes itself. */
export const DashboardEventsResponse = {
  200: {
    description:
      'text/event-stream: `retry:` then, for each change of figures in scope, `event: dashboard` with ' +
      'data {paths, families, at} (only the paths in scope); `event: resync` when changes may have been ' +
      'missed (re-read everything); a comment line every 15 s.',
    content: { 'text/event-stream': { schema: Type.String() } },
  },
};
