import { Type, type Static, type TSchema } from 'typebox';
import { RETENTION_ACTIONS, RETENTION_DAYS } from './record-retention.rules.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Action = Type.Enum(RETENTION_ACTIONS);

export const PurgeRun = Type.Object({
  action: Action,
  /** Records of days before this one were purged. */
  beforeDay: Type.String({ format: 'date' }),
  count: Type.Integer(),
  ranAt: Type.String({ format: 'date-time' }),
});

export const RetentionItem = Type.Object({
  formKey: Type.String(),
  version: Type.Integer(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  active: Type.Boolean(),
  healthData: Type.Boolean(),
  /** null: kept. */
  retentionDays: Nullable(Type.Integer()),
  retentionAction: Action,
  /** The latest purges, newest first (at most five). */
  purges: Type.Array(PurgeRun),
});
export type RetentionItemDto = Static<typeof RetentionItem>;

export const RetentionList = Type.Object({ items: Type.Array(RetentionItem) });

export const FormKeyParams = Type.Object(
  { formKey: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);

export const RetentionSettingsBody = Type.Object(
  {
    retentionDays: Nullable(Type.Integer({ minimum: RETENTION_DAYS.min, maximum: RETENTION_DAYS.max })),
    /** Unchanged when left out. */
    retentionAction: Type.Optional(Action),
  },
  { additionalProperties: false },
);
export type RetentionSettingsInput = Static<typeof RetentionSettingsBody>;

export const PurgeRunResult = Type.Object({
  ranAt: Type.String({ format: 'date-time' }),
  items: Type.Array(
    Type.Object({
      formKey: Type.String(),
      action: Action,
      beforeDay: Type.String({ format: 'date' }),
      count: Type.Integer(),
    }),
  ),
});
export type PurgeRunDto = Static<typeof PurgeRunResult>;
