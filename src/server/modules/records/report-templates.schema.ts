import { Type, type Static, type TSchema } from 'typebox';
import { TEMPLATE_AGGREGATES, TEMPLATE_COMPARISONS } from '../../../shared/record-forms.ts';
import { TEMPLATE_GROUPS } from './report-templates.rules.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateOnly = Type.String({ format: 'date' });
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,59}$' });

const Localised = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const TemplateColumnSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    label: Localised,
    agg: Type.Enum(TEMPLATE_AGGREGATES),
    field: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    value: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()])),
    op: Type.Optional(Type.Enum(TEMPLATE_COMPARISONS)),
    values: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 50, uniqueItems: true }),
    ),
    per: Type.Optional(Type.Enum(['record', 'subject'])),
  },
  { additionalProperties: false },
);

const Columns = Type.Array(TemplateColumnSchema, { minItems: 1, maxItems: 40 });
const GroupBy = Type.Enum(TEMPLATE_GROUPS);

export const Template = Type.Object({
  id: Id,
  key: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  department: Type.Object({ zh: Type.String(), en: Type.String() }),
  formKey: Type.String(),
  groupBy: GroupBy,
  columns: Type.Array(TemplateColumnSchema),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type TemplateDto = Static<typeof Template>;

export const TemplateList = Type.Object({ items: Type.Array(Template) });

export const TemplateListQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const TemplateIdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const TemplateKeyParams = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

export const CreateTemplateBody = Type.Object(
  {
    key: Key,
    name: Localised,
    department: Localised,
    formKey: Type.String({ minLength: 1, maxLength: 60 }),
    groupBy: GroupBy,
    columns: Columns,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateTemplateInput = Static<typeof CreateTemplateBody>;

export const UpdateTemplateBody = Type.Object(
  {
    name: Type.Optional(Localised),
    department: Type.Optional(Localised),
    formKey: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    groupBy: Type.Optional(GroupBy),
    columns: Type.Optional(Columns),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateTemplateInput = Static<typeof UpdateTemplateBody>;

export const ReportQuery = Type.Object(
  { from: Type.Optional(DateOnly), to: Type.Optional(DateOnly), areaId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type ReportQueryInput = Static<typeof ReportQuery>;

const Values = Type.Record(Type.String(), Nullable(Type.Number()));

export const Report = Type.Object({
  template: Template,
  from: DateOnly,
  to: DateOnly,
  /** The area reported on; null = everywhere (an administrator without areaId). */
  area: Nullable(Type.Object({ id: Id, name: Type.String(), path: Type.String() })),
  columns: Type.Array(
    Type.Object({ key: Type.String(), label: Type.Object({ zh: Type.String(), en: Type.String() }) }),
  ),
  rows: Type.Array(
    Type.Object({
      /** The area (town, community, grid) or the subject; its area path for area groups. */
      group: Type.Object({ id: Type.String(), name: Type.String(), path: Nullable(Type.String()) }),
      values: Values,
    }),
  ),
  totals: Values,
});
export type ReportDto = Static<typeof Report>;
