import { Type, type Static, type TSchema } from 'typebox';
import { CASE_FIELD_TYPES } from '../../../shared/form-fields.ts';
import type { TEnum } from 'typebox';
import { SUBJECT_KINDS, SUBMITTERS } from './case-types.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

export const Localised = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const LongLocalised = Type.Object(
  { zh: Type.String({ maxLength: 2000 }), en: Type.String({ maxLength: 2000 }) },
  { additionalProperties: false },
);

/** A form field's definition; case types allow CASE_FIELD_TYPES, record forms every FIELD_TYPES. */
export const fieldSpecSchema = <T extends readonly string[]>(types: T) =>
  Type.Object(
    {
      key: Type.String({ minLength: 1, maxLength: 40 }),
      label: Localised,
      type: Type.Enum(types) as TEnum<T[number][]>,
      required: Type.Boolean(),
      options: Type.Optional(
        Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 60 }), label: Localised }), {
          maxItems: 100,
        }),
      ),
      max: Type.Optional(Type.Number()),
      min: Type.Optional(Type.Number()),
      help: Type.Optional(Localised),
      unit: Type.Optional(Localised),
    },
    { additionalProperties: false },
  );

export const FieldSpecSchema = fieldSpecSchema(CASE_FIELD_TYPES);

export const CategorySchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }), name: Localised, departmentCode: Code },
  { additionalProperties: false },
);

export const SlaSchema = Type.Object(
  {
    basis: Type.Enum(['working', 'calendar']),
    firstResponseHours: Type.Number({ exclusiveMinimum: 0, maximum: 8784 }),
    updateIntervalHours: Type.Number({ exclusiveMinimum: 0, maximum: 8784 }),
    resolutionHours: Type.Number({ exclusiveMinimum: 0, maximum: 8784 }),
    warnAtShare: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }),
  },
  { additionalProperties: false },
);

export const CaseType = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  description: Type.Object({ zh: Type.String(), en: Type.String() }),
  subjectKind: Type.Enum(SUBJECT_KINDS),
  fields: Type.Array(FieldSpecSchema),
  categories: Type.Array(CategorySchema),
  defaultDepartmentCode: Nullable(Type.String()),
  sla: SlaSchema,
  submitters: Type.Array(Type.Enum(SUBMITTERS)),
  open311Code: Nullable(Type.String()),
  sortOrder: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
  can: Type.Object({ update: Type.Boolean() }),
});
export type CaseTypeDto = Static<typeof CaseType>;

export const CaseTypeList = Type.Object({ items: Type.Array(CaseType) });

export const CaseTypeQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const CaseTypeCodeParams = Type.Object(
  { code: Type.String({ maxLength: 40 }) },
  { additionalProperties: false },
);
export const CaseTypeIdParams = Type.Object({ id: Id }, { additionalProperties: false });

const editable = {
  name: Localised,
  description: Type.Optional(LongLocalised),
  subjectKind: Type.Enum(SUBJECT_KINDS),
  fields: Type.Array(FieldSpecSchema, { maxItems: 60 }),
  categories: Type.Array(CategorySchema, { maxItems: 60 }),
  defaultDepartmentCode: Nullable(Code),
  sla: SlaSchema,
  submitters: Type.Array(Type.Enum(SUBMITTERS), { minItems: 1, maxItems: 3, uniqueItems: true }),
  open311Code: Nullable(Code),
  sortOrder: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  active: Type.Boolean(),
};

export const CreateCaseTypeBody = Type.Object(
  {
    code: Code,
    name: editable.name,
    description: editable.description,
    subjectKind: editable.subjectKind,
    fields: editable.fields,
    categories: Type.Optional(editable.categories),
    defaultDepartmentCode: Type.Optional(editable.defaultDepartmentCode),
    sla: editable.sla,
    submitters: editable.submitters,
    open311Code: Type.Optional(editable.open311Code),
    sortOrder: Type.Optional(editable.sortOrder),
    active: Type.Optional(editable.active),
  },
  { additionalProperties: false },
);
export type CreateCaseTypeInput = Static<typeof CreateCaseTypeBody>;

export const UpdateCaseTypeBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    name: Type.Optional(editable.name),
    description: editable.description,
    subjectKind: Type.Optional(editable.subjectKind),
    fields: Type.Optional(editable.fields),
    categories: Type.Optional(editable.categories),
    defaultDepartmentCode: Type.Optional(editable.defaultDepartmentCode),
    sla: Type.Optional(editable.sla),
    submitters: Type.Optional(editable.submitters),
    open311Code: Type.Optional(editable.open311Code),
    sortOrder: Type.Optional(editable.sortOrder),
    active: Type.Optional(editable.active),
  },
  { additionalProperties: false },
);
export type UpdateCaseTypeInput = Static<typeof UpdateCaseTypeBody>;
