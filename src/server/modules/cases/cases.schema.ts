import { Type, type Static, type TSchema } from 'typebox';
import { CASE_ACTIONS, CASE_STATUSES } from './cases.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Localised = Type.Object({ zh: Type.String(), en: Type.String() });
const UserRef = Type.Object({ id: Id, name: Type.String() });
const Cursor = Type.String({ maxLength: 400 });
const Limit = Type.Integer({ minimum: 1, maximum: 200 });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });
const Status = Type.Enum(CASE_STATUSES);
const Priority = Type.Enum(['normal', 'urgent']);
const Visibility = Type.Enum(['public', 'internal']);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const CaseParams = Type.Object({ id: Id }, { additionalProperties: false });
export const ActionParams = Type.Object(
  { id: Id, action: Type.Enum(CASE_ACTIONS) },
  { additionalProperties: false },
);

export const CaseSummary = Type.Object({
  id: Id,
  number: Type.Integer(),
  code: Type.String(),
  typeCode: Type.String(),
  typeName: Localised,
  category: Nullable(Type.String()),
  status: Status,
  priority: Priority,
  title: Type.String(),
  subject: Nullable(Type.Object({ kind: Type.Enum(['org', 'person']), id: Id, name: Type.String() })),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  owner: Nullable(UserRef),
  handlingDepartmentCode: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  dueFirstResponseAt: Nullable(DateTime),
  dueResolutionAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  escalationLevel: Type.Integer(),
});
export type CaseSummaryDto = Static<typeof CaseSummary>;

export const CaseTaskSummary = Type.Object({
  id: Id,
  assigneeKind: Type.Enum(['department', 'region']),
  departmentCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  status: Type.Enum(['open', 'done', 'closed']),
  result: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
  dueAt: Nullable(DateTime),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  can: Type.Object({ complete: Type.Boolean(), close: Type.Boolean() }),
});

export const PendingHandover = Type.Object({
  id: Id,
  caseId: Id,
  from: Nullable(UserRef),
  to: UserRef,
  reason: Type.String(),
  status: Type.String(),
  orderedBy: Nullable(UserRef),
  createdAt: DateTime,
  decidedAt: Nullable(DateTime),
  can: Type.Object({ accept: Type.Boolean(), decline: Type.Boolean() }),
});

const CaseCan = Type.Object({
  accept: Type.Boolean(),
  start: Type.Boolean(),
  resolve: Type.Boolean(),
  close: Type.Boolean(),
  confirm: Type.Boolean(),
  reject: Type.Boolean(),
  withdraw: Type.Boolean(),
  merge: Type.Boolean(),
  reopen: Type.Boolean(),
  comment: Type.Boolean(),
  commentInternal: Type.Boolean(),
  handover: Type.Boolean(),
  orderHandover: Type.Boolean(),
  openTask: Type.Boolean(),
  rate: Type.Boolean(),
  attach: Type.Boolean(),
});

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  description: Type.String(),
  fields: Type.Record(Type.String(), Type.Unknown()),
  source: Type.String(),
  address: Nullable(Type.String()),
  requester: Nullable(
    Type.Object({ name: Nullable(Type.String()), phoneMasked: Nullable(Type.String()), orgId: Nullable(Id) }),
  ),
  resolution: Nullable(Type.String()),
  guide: Nullable(Type.Object({ id: Id, title: Type.String() })),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  mergedInto: Nullable(Type.Object({ id: Id, code: Type.String() })),
  acceptedAt: Nullable(DateTime),
  firstResponseAt: Nullable(DateTime),
  resolvedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  version: Type.Integer(),
  tasks: Type.Array(CaseTaskSummary),
  pendingHandover: Nullable(PendingHandover),
  can: CaseCan,
});
export type CaseDetailDto = Static<typeof CaseDetail>;

export const CreateCaseBody = Type.Object(
  {
    typeCode: Code,
    category: Type.Optional(Code),
    title: Text(200),
    description: Type.String({ maxLength: 5000 }),
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Unknown())),
    subjectOrgId: Type.Optional(Id),
    subjectPersonId: Type.Optional(Id),
    areaId: Type.Optional(Id),
    priority: Type.Optional(Priority),
  },
  { additionalProperties: false },
);
export type CreateCaseInput = Static<typeof CreateCaseBody>;

export const ActionBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    reason: Type.Optional(Text(1000)),
    resolution: Type.Optional(Type.String({ maxLength: 5000 })),
    guideId: Type.Optional(Id),
    intoCaseId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ActionInput = Static<typeof ActionBody>;

export const CASE_VIEWS = ['mine', 'team', 'department', 'overdue', 'requested', 'all'] as const;
export type CaseView = (typeof CASE_VIEWS)[number];

export const CaseQuery = Type.Object(
  {
    view: Type.Optional(Type.Enum(CASE_VIEWS)),
    status: Type.Optional(Status),
    typeCode: Type.Optional(Type.String({ maxLength: 40 })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    areaId: Type.Optional(Id),
    subjectOrgId: Type.Optional(Id),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type CaseQueryInput = Static<typeof CaseQuery>;

export const CasePage = Type.Object({ items: Type.Array(CaseSummary), nextCursor: Nullable(Type.String()) });

export const CaseEvent = Type.Object({
  id: Type.String(),
  at: DateTime,
  kind: Type.String(),
  visibility: Visibility,
  actorName: Nullable(Type.String()),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  body: Nullable(Type.String()),
  data: Nullable(Type.Unknown()),
});
export type CaseEventDto = Static<typeof CaseEvent>;

export const CaseEventList = Type.Object({ items: Type.Array(CaseEvent) });

export const CommentBody = Type.Object(
  { body: Text(5000), visibility: Type.Optional(Visibility) },
  { additionalProperties: false },
);
export type CommentInput = Static<typeof CommentBody>;

export const RatingBody = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type RatingInput = Static<typeof RatingBody>;

export const SimilarQuery = Type.Object(
  {
    typeCode: Type.Optional(Type.String({ maxLength: 40 })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    subjectOrgId: Type.Optional(Id),
    text: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type SimilarQueryInput = Static<typeof SimilarQuery>;

export const SimilarResult = Type.Object({
  cases: Type.Array(CaseSummary),
  guides: Type.Array(
    Type.Object({
      id: Id,
      title: Type.String(),
      body: Type.String(),
      caseTypeCode: Nullable(Type.String()),
      category: Nullable(Type.String()),
      departmentCode: Nullable(Type.String()),
    }),
  ),
});
