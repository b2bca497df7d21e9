import { Type } from 'typebox';

export const AuditQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    action: Type.Optional(Type.String({ maxLength: 60 })),
    entityType: Type.Optional(Type.String({ maxLength: 40 })),
    entityId: Type.Optional(Type.String({ maxLength: 100 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    cursor: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const Json = Type.Unknown();

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  areaPath: Type.Union([Type.String(), Type.Null()]),
  before: Json,
  after: Json,
  ip: Type.Union([Type.String(), Type.Null()]),
});

export const AuditPage = Type.Object({
  items: Type.Array(AuditEntry),
  nextCursor: Type.Union([Type.Integer(), Type.Null()]),
});
