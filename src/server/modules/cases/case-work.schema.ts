import { Type, type Static, type TSchema } from 'typebox';
import {
  ATTACHMENT_TYPES,
  ATTACHMENT_VISIBILITIES,
  HANDOVER_STATUSES,
  TASK_STATUSES,
} from './case-work.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Cursor = Type.String({ maxLength: 400 });
const Limit = Type.Integer({ minimum: 1, maximum: 200 });
const Reason = Type.String({ minLength: 1, maxLength: 500 });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const UserRef = Type.Object({ id: Id, name: Type.String() });

export const CaseParams = Type.Object({ id: Id }, { additionalProperties: false });
export const GuideParams = Type.Object({ id: Id }, { additionalProperties: false });
export const HandoverParams = Type.Object({ id: Id, handoverId: Id }, { additionalProperties: false });
export const TaskParams = Type.Object({ id: Id, taskId: Id }, { additionalProperties: false });
export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id }, { additionalProperties: false });

// ── handovers ─────────────────────────────────────────────────────────────────

export const Handover = Type.Object({
  id: Id,
  caseId: Id,
  from: Nullable(UserRef),
  to: UserRef,
  reason: Type.String(),
  status: Type.Enum(HANDOVER_STATUSES),
  orderedBy: Nullable(UserRef),
  createdAt: DateTime,
  decidedAt: Nullable(DateTime),
  can: Type.Object({ accept: Type.Boolean(), decline: Type.Boolean() }),
});
export type HandoverDto = Static<typeof Handover>;

export const HandoverBody = Type.Object(
  {
    toUserId: Id,
    reason: Reason,
    /** A supervisor moves the case at once instead of asking the new owner. */
    order: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type HandoverInput = Static<typeof HandoverBody>;

export const AcceptHandoverBody = Type.Object({}, { additionalProperties: false });
export const DeclineHandoverBody = Type.Object({ reason: Reason }, { additionalProperties: false });

// ── coordination tasks ────────────────────────────────────────────────────────

export const CaseTask = Type.Object({
  id: Id,
  caseId: Id,
  assigneeKind: Type.Enum(['department', 'region']),
  departmentCode: Nullable(Type.String()),
  regionName: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
  title: Type.String(),
  description: Type.String(),
  status: Type.Enum(TASK_STATUSES),
  result: Nullable(Type.String()),
  closeReason: Nullable(Type.String()),
  dueAt: Nullable(DateTime),
  overdue: Type.Boolean(),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  completedBy: Nullable(UserRef),
  can: Type.Object({ complete: Type.Boolean(), close: Type.Boolean() }),
});
export type CaseTaskDto = Static<typeof CaseTask>;

export const OpenTaskBody = Type.Object(
  {
    assigneeKind: Type.Enum(['department', 'region']),
    departmentCode: Type.Optional(Code),
    regionName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    contactName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    contactPhone: Type.Optional(Type.String({ minLength: 3, maxLength: 20 })),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    /** Hours the assignee has (calendar hours); absent → no task clock. */
    dueHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  { additionalProperties: false },
);
export type OpenTaskInput = Static<typeof OpenTaskBody>;

export const CompleteTaskBody = Type.Object(
  { result: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export const CloseTaskBody = Type.Object({ reason: Reason }, { additionalProperties: false });

export const TaskListQuery = Type.Object(
  {
    /** department: tasks sent to my department; mine: tasks on cases I own. */
    view: Type.Optional(Type.Enum(['department', 'mine'])),
    status: Type.Optional(Type.Enum(TASK_STATUSES)),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type TaskListQueryInput = Static<typeof TaskListQuery>;

export const TaskListItem = Type.Object({
  ...CaseTask.properties,
  case: Type.Object({ id: Id, code: Type.String(), title: Type.String(), status: Type.String() }),
});
export type TaskListItemDto = Static<typeof TaskListItem>;

export const TaskPage = Type.Object({ items: Type.Array(TaskListItem), nextCursor: Nullable(Type.String()) });

// ── guides ────────────────────────────────────────────────────────────────────

export const Guide = Type.Object({
  id: Id,
  title: Type.String(),
  body: Type.String(),
  caseTypeCode: Nullable(Type.String()),
  category: Nullable(Type.String()),
  departmentCode: Nullable(Type.String()),
  areaPath: Type.String(),
  createdBy: Nullable(UserRef),
  createdAt: DateTime,
  version: Type.Integer(),
  can: Type.Object({ update: Type.Boolean() }),
});
export type GuideDto = Static<typeof Guide>;

export const GuideQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    typeCode: Type.Optional(Code),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type GuideQueryInput = Static<typeof GuideQuery>;

export const GuidePage = Type.Object({ items: Type.Array(Guide), nextCursor: Nullable(Type.String()) });

const GuideTitle = Type.String({ minLength: 1, maxLength: 200 });
const GuideText = Type.String({ minLength: 1, maxLength: 20_000 });

export const CreateGuideBody = Type.Object(
  {
    title: GuideTitle,
    body: GuideText,
    caseTypeCode: Type.Optional(Code),
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    departmentCode: Type.Optional(Code),
    /** The area the guide applies to; absent → the author's own area. */
    areaId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type CreateGuideInput = Static<typeof CreateGuideBody>;

export const UpdateGuideBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    title: Type.Optional(GuideTitle),
    body: Type.Optional(GuideText),
    caseTypeCode: Type.Optional(Nullable(Code)),
    category: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
    departmentCode: Type.Optional(Nullable(Code)),
  },
  { additionalProperties: false },
);
export type UpdateGuideInput = Static<typeof UpdateGuideBody>;

// ── attachments ───────────────────────────────────────────────────────────────

export const Attachment = Type.Object({
  id: Id,
  caseId: Id,
  fileName: Type.String(),
  contentType: Type.Enum(ATTACHMENT_TYPES),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  visibility: Type.Enum(ATTACHMENT_VISIBILITIES),
  uploadedBy: Nullable(UserRef),
  createdAt: DateTime,
});
export type AttachmentDto = Static<typeof Attachment>;

export const AttachmentList = Type.Object({ items: Type.Array(Attachment) });

export const UploadQuery = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255 }),
    /** public: the requester sees it too; internal (the default for staff): staff only. */
    visibility: Type.Optional(Type.Enum(ATTACHMENT_VISIBILITIES)),
  },
  { additionalProperties: false },
);
export type UploadQueryInput = Static<typeof UploadQuery>;
