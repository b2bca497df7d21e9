import { Type, type Static, type TSchema } from 'typebox';
import { FIELD_TYPES } from '../../../shared/form-fields.ts';
import {
  EXPECTED_SUBJECT_SETS,
  RECORD_CHANNELS,
  RECORD_SUBJECT_KINDS,
} from '../../../shared/record-forms.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Localised = Type.Object({ zh: Type.String(), en: Type.String() });
const LocalisedInput = (max: number) =>
  Type.Object(
    { zh: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) },
    { additionalProperties: false },
  );
const FormKey = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });
const SubjectKind = Type.Enum(RECORD_SUBJECT_KINDS);
const Channel = Type.Enum(RECORD_CHANNELS);
/** The client's idempotency key: a UUID or any stable printable token. */
const ClientKey = Type.String({ pattern: '^[\\x21-\\x7e]{8,128}$' });
const Values = Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 60 });

// ---------- forms ----------

export const FieldSpecSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    label: LocalisedInput(100),
    type: Type.Enum(FIELD_TYPES),
    required: Type.Boolean(),
    options: Type.Optional(
      Type.Array(
        Type.Object(
          { value: Type.String({ minLength: 1, maxLength: 60 }), label: LocalisedInput(100) },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    unit: Type.Optional(LocalisedInput(20)),
    help: Type.Optional(LocalisedInput(300)),
  },
  { additionalProperties: false },
);

const Expectation = Type.Object(
  { subjects: Type.Enum(EXPECTED_SUBJECT_SETS), perDay: Type.Integer({ minimum: 1, maximum: 24 }) },
  { additionalProperties: false },
);

export const FormDto = Type.Object({
  id: Id,
  key: Type.String(),
  version: Type.Integer(),
  name: Localised,
  description: Nullable(Localised),
  subjectKind: SubjectKind,
  fields: Type.Array(FieldSpecSchema),
  expectation: Nullable(Expectation),
  healthData: Type.Boolean(),
  retentionDays: Nullable(Type.Integer()),
  retentionAction: Type.Enum(['delete', 'anonymise']),
  offline: Type.Boolean(),
  channels: Type.Array(Channel),
  active: Type.Boolean(),
  createdAt: DateTime,
});
export type FormDtoType = Static<typeof FormDto>;
export const FormList = Type.Object({ items: Type.Array(FormDto) });
export const FormParams = Type.Object({ key: FormKey }, { additionalProperties: false });

const FormBodyFields = {
  name: LocalisedInput(100),
  description: Type.Optional(Nullable(LocalisedInput(1000))),
  fields: Type.Array(FieldSpecSchema, { minItems: 1, maxItems: 60 }),
  expectation: Type.Optional(Nullable(Expectation)),
  offline: Type.Optional(Type.Boolean()),
  channels: Type.Optional(Type.Array(Channel, { minItems: 1, maxItems: 4, uniqueItems: true })),
};

export const CreateFormBody = Type.Object(
  {
    key: FormKey,
    subjectKind: SubjectKind,
    ...FormBodyFields,
    healthData: Type.Optional(Type.Boolean()),
    retentionDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    retentionAction: Type.Optional(Type.Enum(['delete', 'anonymise'])),
  },
  { additionalProperties: false },
);
export type CreateFormInput = Static<typeof CreateFormBody>;

/** A new version: the fields and presentation change; key, subject kind and retention carry over. */
export const NewFormVersionBody = Type.Object(FormBodyFields, { additionalProperties: false });
export type NewFormVersionInput = Static<typeof NewFormVersionBody>;

export const PatchFormBody = Type.Object({ active: Type.Boolean() }, { additionalProperties: false });

// ---------- records ----------

export const SubjectRef = Type.Object({ kind: SubjectKind, id: Id }, { additionalProperties: false });

export const SubmitRecordBody = Type.Object(
  {
    key: ClientKey,
    formKey: FormKey,
    formVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    subject: SubjectRef,
    observedAt: Type.Optional(DateTime),
    values: Values,
  },
  { additionalProperties: false },
);
export type SubmitRecordInput = Static<typeof SubmitRecordBody>;

export const BATCH_MAX = 1000;
export const BatchBody = Type.Object(
  {
    /** 'ingest' for machines (gates, thermal cameras); people's devices send 'staff' (the default). */
    channel: Type.Optional(Type.Enum(['staff', 'ingest'])),
    items: Type.Array(SubmitRecordBody, { minItems: 1, maxItems: BATCH_MAX }),
  },
  { additionalProperties: false },
);
export type BatchInput = Static<typeof BatchBody>;

const ErrorDetail = Type.Object({ field: Type.String(), reason: Localised });

export const BatchResult = Type.Object({
  created: Type.Integer(),
  duplicates: Type.Integer(),
  invalid: Type.Integer(),
  notFound: Type.Integer(),
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      key: Type.String(),
      status: Type.Enum(['created', 'duplicate', 'invalid', 'not_found']),
      id: Type.Optional(Id),
      recordId: Type.Optional(Id),
      errors: Type.Optional(Type.Array(ErrorDetail)),
    }),
  ),
});
export type BatchResultDto = Static<typeof BatchResult>;

export const RecordDto = Type.Object({
  id: Id,
  recordId: Id,
  revision: Type.Integer(),
  current: Type.Boolean(),
  day: Day,
  formKey: Type.String(),
  formVersion: Type.Integer(),
  formName: Localised,
  subject: Type.Object({ kind: SubjectKind, id: Id, name: Type.String() }),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  observedAt: DateTime,
  values: Type.Record(Type.String(), Type.Unknown()),
  channel: Channel,
  submittedBy: Nullable(Type.Object({ id: Id, name: Type.String() })),
  createdAt: DateTime,
  anonymised: Type.Boolean(),
  /** The correction's reason (revisions after the first). */
  reason: Nullable(Type.String()),
  can: Type.Object({ correct: Type.Boolean() }),
  replayed: Type.Optional(Type.Boolean()),
});
export type RecordDtoType = Static<typeof RecordDto>;

export const RecordParams = Type.Object({ recordId: Id }, { additionalProperties: false });

export const CorrectionBody = Type.Object(
  {
    key: ClientKey,
    values: Values,
    expectedRevision: Type.Integer({ minimum: 1 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type CorrectionInput = Static<typeof CorrectionBody>;

const ListFilters = {
  formKey: Type.Optional(FormKey),
  subjectKind: Type.Optional(SubjectKind),
  subjectId: Type.Optional(Id),
  areaId: Type.Optional(Id),
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
};
export const RecordQuery = Type.Object(
  {
    ...ListFilters,
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type RecordQueryInput = Static<typeof RecordQuery>;
export const RecordExportQuery = Type.Object(ListFilters, { additionalProperties: false });
export type RecordExportInput = Static<typeof RecordExportQuery>;

export const RecordPage = Type.Object({ items: Type.Array(RecordDto), nextCursor: Nullable(Type.String()) });
export const RecordDetail = Type.Object({ record: RecordDto, revisions: Type.Array(RecordDto) });

// ---------- subject pickers ----------

export const SubjectQuery = Type.Object(
  {
    kind: SubjectKind,
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    placeKind: Type.Optional(Type.String({ pattern: '^[a-z_]{1,40}$' })),
    areaId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type SubjectQueryInput = Static<typeof SubjectQuery>;
export const SubjectList = Type.Object({
  items: Type.Array(
    Type.Object({ kind: SubjectKind, id: Id, name: Type.String(), areaName: Nullable(Type.String()) }),
  ),
});

// ---------- photos ----------

export const PhotoParams = Type.Object({ id: Id }, { additionalProperties: false });
export const PhotoCreated = Type.Object({ id: Id });
