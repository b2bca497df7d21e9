import { Type, type Static, type TSchema } from 'typebox';
import { HOUSEHOLD_ROLES, ID_TYPES, RESIDENT_TYPES, SPECIAL_GROUPS } from '../../../shared/registries.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const IdTypeSchema = Type.Enum(ID_TYPES);
const ResidentTypeSchema = Type.Enum(RESIDENT_TYPES);
const SpecialGroupSchema = Type.Enum(SPECIAL_GROUPS);
const HouseholdRoleSchema = Type.Enum(HOUSEHOLD_ROLES);
const Gender = Type.Enum(['male', 'female']);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const PersonCan = Type.Object({ update: Type.Boolean(), reveal: Type.Boolean() });

export const PersonItem = Type.Object({
  id: Id,
  name: Type.String(),
  idType: IdTypeSchema,
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
  gender: Nullable(Gender),
  birthDate: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  areaId: Id,
  areaName: Nullable(Type.String()),
  householdId: Nullable(Id),
  householdRole: Nullable(HouseholdRoleSchema),
  residentType: ResidentTypeSchema,
  specialGroups: Type.Array(SpecialGroupSchema),
  note: Nullable(Type.String()),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  can: PersonCan,
});
export type PersonItemDto = Static<typeof PersonItem>;

export const PersonList = Type.Object({
  items: Type.Array(PersonItem),
  nextCursor: Nullable(Type.String()),
});

const filters = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  areaId: Type.Optional(Id),
  residentType: Type.Optional(ResidentTypeSchema),
  specialGroup: Type.Optional(SpecialGroupSchema),
  householdId: Type.Optional(Id),
  sort: Type.Optional(Type.Enum(['name', 'updatedAt'])),
};

export const PeopleQuery = Type.Object(
  {
    ...filters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type PeopleQueryInput = Static<typeof PeopleQuery>;

export const PeopleExportQuery = Type.Object(
  { ...filters, format: Type.Optional(Type.Enum(['xlsx', 'csv'])) },
  { additionalProperties: false },
);
export type PeopleExportInput = Static<typeof PeopleExportQuery>;

export const DwellingDto = Type.Object({
  id: Id,
  compoundAreaId: Id,
  compoundName: Nullable(Type.String()),
  building: Type.String(),
  unit: Type.String(),
  room: Type.String(),
  label: Type.String(),
  address: Nullable(Type.String()),
});
export type DwellingDtoType = Static<typeof DwellingDto>;

export const PersonRef = Type.Object({
  id: Id,
  name: Type.String(),
  idNumberMasked: Nullable(Type.String()),
  phoneMasked: Nullable(Type.String()),
});

export const TenancyDto = Type.Object({
  id: Id,
  householdId: Id,
  dwellingId: Nullable(Id),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  landlord: Nullable(PersonRef),
  can: Type.Object({ end: Type.Boolean() }),
});
export type TenancyDtoType = Static<typeof TenancyDto>;

export const HouseholdDto = Type.Object({
  id: Id,
  areaId: Id,
  areaName: Nullable(Type.String()),
  dwellingId: Nullable(Id),
  residentType: ResidentTypeSchema,
  singleRenter: Type.Boolean(),
  note: Nullable(Type.String()),
  memberCount: Type.Integer(),
  version: Type.Integer(),
  can: Type.Object({ manage: Type.Boolean() }),
});
export type HouseholdDtoType = Static<typeof HouseholdDto>;

export const HouseholdQuery = Type.Object(
  {
    dwellingId: Type.Optional(Id),
    areaId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type HouseholdQueryInput = Static<typeof HouseholdQuery>;

/** A household in a list: where it lives, who heads it and, for renters, whom they rent from (masked numbers only). */
export const HouseholdListItem = Type.Object({
  ...HouseholdDto.properties,
  dwelling: Nullable(DwellingDto),
  head: Nullable(Type.Object({ id: Id, name: Type.String() })),
  landlord: Nullable(PersonRef),
});
export type HouseholdListItemType = Static<typeof HouseholdListItem>;

export const HouseholdPage = Type.Object({
  items: Type.Array(HouseholdListItem),
  nextCursor: Nullable(Type.String()),
});

export const PersonDetail = Type.Object({
  person: PersonItem,
  household: Nullable(HouseholdDto),
  dwelling: Nullable(DwellingDto),
  tenancy: Nullable(TenancyDto),
  /** Active tenant households when this person is a landlord. */
  tenantHouseholdCount: Type.Integer(),
});

export const HouseholdDetail = Type.Object({
  household: HouseholdDto,
  members: Type.Array(PersonItem),
  dwelling: Nullable(DwellingDto),
  tenancy: Nullable(TenancyDto),
});

export const Reveal = Type.Object({
  idNumber: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});

const personFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  idType: Type.Optional(IdTypeSchema),
  idNumber: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
  gender: Type.Optional(Nullable(Gender)),
  birthDate: Type.Optional(Nullable(IsoDate)),
  areaId: Id,
  residentType: Type.Optional(ResidentTypeSchema),
  specialGroups: Type.Optional(Type.Array(SpecialGroupSchema, { maxItems: 10, uniqueItems: true })),
  note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
};

export const CreatePersonBody = Type.Object(personFields, { additionalProperties: false });
export type CreatePersonInput = Static<typeof CreatePersonBody>;

export const UpdatePersonBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(personFields.name),
    idType: personFields.idType,
    idNumber: personFields.idNumber,
    phone: personFields.phone,
    gender: personFields.gender,
    birthDate: personFields.birthDate,
    areaId: Type.Optional(Id),
    residentType: personFields.residentType,
    specialGroups: personFields.specialGroups,
    note: personFields.note,
  },
  { additionalProperties: false },
);
export type UpdatePersonInput = Static<typeof UpdatePersonBody>;

export const TenantsQuery = Type.Object(
  { includeEnded: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const TenantList = Type.Object({
  items: Type.Array(
    Type.Object({
      tenancyId: Id,
      householdId: Id,
      areaName: Nullable(Type.String()),
      residentType: ResidentTypeSchema,
      singleRenter: Type.Boolean(),
      memberCount: Type.Integer(),
      dwelling: Nullable(DwellingDto),
      startDate: Type.String(),
      endDate: Nullable(Type.String()),
    }),
  ),
});

// ---------- households, dwellings, tenancies ----------

export const CreateDwellingBody = Type.Object(
  {
    compoundAreaId: Id,
    building: Type.String({ minLength: 1, maxLength: 20 }),
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    room: Type.String({ minLength: 1, maxLength: 20 }),
    address: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export type CreateDwellingInput = Static<typeof CreateDwellingBody>;

export const DwellingQuery = Type.Object(
  {
    compoundAreaId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  { additionalProperties: false },
);
export type DwellingQueryInput = Static<typeof DwellingQuery>;

export const DwellingList = Type.Object({
  items: Type.Array(DwellingDto),
  nextCursor: Nullable(Type.String()),
});

export const CreateHouseholdBody = Type.Object(
  {
    areaId: Id,
    dwellingId: Type.Optional(Nullable(Id)),
    residentType: ResidentTypeSchema,
    singleRenter: Type.Boolean(),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);
export type CreateHouseholdInput = Static<typeof CreateHouseholdBody>;

export const AddMemberBody = Type.Object(
  { personId: Id, role: HouseholdRoleSchema },
  { additionalProperties: false },
);
export type AddMemberInput = Static<typeof AddMemberBody>;

export const CreateTenancyBody = Type.Object(
  {
    landlordId: Id,
    householdId: Id,
    dwellingId: Type.Optional(Nullable(Id)),
    startDate: IsoDate,
  },
  { additionalProperties: false },
);
export type CreateTenancyInput = Static<typeof CreateTenancyBody>;

export const EndTenancyBody = Type.Object({ endDate: IsoDate }, { additionalProperties: false });
