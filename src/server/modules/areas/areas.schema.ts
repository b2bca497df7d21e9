import { Type, type Static } from 'typebox';
import { AREA_CODE_PATTERN, AREA_LEVELS } from '../../../shared/areas.ts';

const Level = Type.Enum(AREA_LEVELS);
const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Kind = Type.String({ minLength: 1, maxLength: 40 });

export const AreaParams = Type.Object({ id: Id }, { additionalProperties: false });

export const AreaAllowedActions = Type.Object({
  update: Type.Boolean(),
  move: Type.Boolean(),
  deactivate: Type.Boolean(),
  reactivate: Type.Boolean(),
  createChild: Type.Boolean(),
});

export const Area = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  level: Level,
  kind: Type.String(),
  parentId: Type.Union([Id, Type.Null()]),
  path: Type.String(),
  depth: Type.Integer(),
  active: Type.Boolean(),
  sortOrder: Type.Integer(),
  version: Type.Integer(),
  childCount: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  can: AreaAllowedActions,
});
export type AreaDto = Static<typeof Area>;

export const AreaList = Type.Object({ items: Type.Array(Area) });

export const AreaDetail = Type.Object({
  area: Area,
  ancestors: Type.Array(Type.Object({ id: Id, name: Type.String(), level: Level })),
  /** Active descendants per level, the area itself excluded. */
  counts: Type.Object({
    town: Type.Integer(),
    community: Type.Integer(),
    grid: Type.Integer(),
    place: Type.Integer(),
  }),
});

export const ChildrenQuery = Type.Object(
  {
    parentId: Type.Optional(Id),
    includeInactive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SubtreeQuery = Type.Object(
  {
    maxDepth: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    includeInactive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 50 }),
    level: Type.Optional(Level),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const SearchResult = Type.Object({
  items: Type.Array(
    Type.Intersect([
      Area,
      Type.Object({ ancestors: Type.Array(Type.Object({ id: Id, name: Type.String() })) }),
    ]),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const CreateAreaBody = Type.Object(
  {
    parentId: Id,
    code: Type.String({ pattern: AREA_CODE_PATTERN, maxLength: 12 }),
    name: Name,
    level: Level,
    kind: Kind,
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type CreateAreaInput = Static<typeof CreateAreaBody>;

export const UpdateAreaBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(Name),
    kind: Type.Optional(Kind),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
export type UpdateAreaInput = Static<typeof UpdateAreaBody>;

export const MoveAreaBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }), newParentId: Id },
  { additionalProperties: false },
);

export const VersionBody = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
