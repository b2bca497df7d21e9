import { Type, type Static } from 'typebox';
import { REGISTRIES } from './imports.adapters.ts';

const Id = Type.String({ format: 'uuid' });
const CellValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const IMPORT_STATUSES = ['parsing', 'previewed', 'applying', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Uploads travel as the raw file body, so the registry and file name come in the query string. */
export const UploadQuery = Type.Object(
  {
    registry: Type.Enum(REGISTRIES),
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const JobParams = Type.Object({ id: Id }, { additionalProperties: false });

export const ListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);

const Mapping = Type.Array(
  Type.Object(
    {
      column: Type.String({ minLength: 1, maxLength: 200 }),
      field: Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
  { maxItems: 500 },
);

export const MappingBody = Type.Object({ mapping: Mapping }, { additionalProperties: false });
export type MappingInput = Static<typeof MappingBody>;

export const ApplyBody = Type.Object(
  { skipInvalid: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

const Problem = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: CellValue,
  reason: Type.String(),
  /** error: blocks the row; warning: a duplicate key, the later row wins. */
  level: Type.Enum(['error', 'warning']),
});

export const ImportJob = Type.Object({
  id: Id,
  registry: Type.Enum(REGISTRIES),
  status: Type.Enum(IMPORT_STATUSES),
  fileName: Type.String(),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  insertedRows: Type.Integer(),
  updatedRows: Type.Integer(),
  errorCount: Type.Integer(),
  warningCount: Type.Integer(),
  /** Every column of the file in order, with the registry field it feeds (null: ignored). */
  mapping: Mapping,
  fields: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), required: Type.Boolean() })),
  unknownColumns: Type.Array(Type.String()),
  missingFields: Type.Array(Type.String()),
  /** The first problems; the full list is the report download. */
  problems: Type.Array(Problem),
  /** The first rows as they would be stored, personal data masked. */
  preview: Type.Array(
    Type.Object({
      row: Type.Integer(),
      values: Type.Union([Type.Record(Type.String(), CellValue), Type.Null()]),
      errors: Type.Array(Type.String()),
    }),
  ),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  can: Type.Object({ remap: Type.Boolean(), apply: Type.Boolean(), report: Type.Boolean() }),
});
export type ImportJobDto = Static<typeof ImportJob>;

export const ImportJobList = Type.Object({ items: Type.Array(ImportJob) });
