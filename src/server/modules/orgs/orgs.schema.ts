import { Type, type Static, type TSchema } from 'typebox';
import { AREA_LEVELS } from '../../../shared/areas.ts';
import { INDUSTRY_SECTIONS, ORG_KINDS, ORG_STATUSES, ORG_TAGS } from '../../../shared/registries.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const KindSchema = Type.Enum(ORG_KINDS);
const StatusSchema = Type.Enum(ORG_STATUSES);
const IndustrySchema = Type.Enum(INDUSTRY_SECTIONS);
const TagSchema = Type.Enum(ORG_TAGS);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const OrgCan = Type.Object({
  update: Type.Boolean(),
  changeStatus: Type.Boolean(),
  reveal: Type.Boolean(),
});

export const OrgItem = Type.Object({
  id: Id,
  kind: KindSchema,
  creditCode: Nullable(Type.String()),
  name: Type.String(),
  aboveScale: Type.Boolean(),
  industry: Nullable(IndustrySchema),
  areaId: Id,
  areaName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
  tags: Type.Array(TagSchema),
  status: StatusSchema,
  statusSince: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  can: OrgCan,
});
export type OrgItemDto = Static<typeof OrgItem>;

export const OrgList = Type.Object({
  items: Type.Array(OrgItem),
  nextCursor: Nullable(Type.String()),
});

const filters = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  kind: Type.Optional(KindSchema),
  status: Type.Optional(StatusSchema),
  tag: Type.Optional(TagSchema),
  aboveScale: Type.Optional(Type.Boolean()),
  industry: Type.Optional(IndustrySchema),
  areaId: Type.Optional(Id),
  sort: Type.Optional(Type.Enum(['name', 'updatedAt'])),
};

export const OrgsQuery = Type.Object(
  {
    ...filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type OrgsQueryInput = Static<typeof OrgsQuery>;

export const OrgsExportQuery = Type.Object(
  { ...filters, format: Type.Optional(Type.Enum(['xlsx', 'csv'])) },
  { additionalProperties: false },
);
export type OrgsExportInput = Static<typeof OrgsExportQuery>;

export const StatusHistoryEntry = Type.Object({
  id: Type.Integer(),
  status: StatusSchema,
  effectiveDate: Type.String(),
  note: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  at: Type.String({ format: 'date-time' }),
});
export type StatusHistoryEntryDto = Static<typeof StatusHistoryEntry>;

export const OrgDetail = Type.Object({
  org: OrgItem,
  /** Newest first. */
  history: Type.Array(StatusHistoryEntry),
  /** The org's area and its ancestors within the caller's scope, root first. */
  ancestors: Type.Array(Type.Object({ id: Id, name: Type.String(), level: Type.Enum(AREA_LEVELS) })),
  /** Statuses the org may move to next. */
  allowedStatuses: Type.Array(StatusSchema),
});

export const Reveal = Type.Object({ contactPhone: Nullable(Type.String()) });

const orgFields = {
  kind: KindSchema,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  creditCode: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  aboveScale: Type.Optional(Type.Boolean()),
  industry: Type.Optional(Nullable(IndustrySchema)),
  areaId: Id,
  address: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  contactName: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  contactPhone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  tags: Type.Optional(Type.Array(TagSchema, { maxItems: 10, uniqueItems: true })),
};

export const CreateOrgBody = Type.Object(
  {
    ...orgFields,
    status: Type.Optional(StatusSchema),
    statusSince: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);
export type CreateOrgInput = Static<typeof CreateOrgBody>;

export const UpdateOrgBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    kind: Type.Optional(orgFields.kind),
    name: Type.Optional(orgFields.name),
    creditCode: orgFields.creditCode,
    aboveScale: orgFields.aboveScale,
    industry: orgFields.industry,
    areaId: Type.Optional(Id),
    address: orgFields.address,
    contactName: orgFields.contactName,
    contactPhone: orgFields.contactPhone,
    tags: orgFields.tags,
  },
  { additionalProperties: false },
);
export type UpdateOrgInput = Static<typeof UpdateOrgBody>;

export const ChangeStatusBody = Type.Object(
  {
    status: StatusSchema,
    effectiveDate: IsoDate,
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    version: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type ChangeStatusInput = Static<typeof ChangeStatusBody>;
