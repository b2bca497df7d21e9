import { Type, type Static, type TSchema } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,59}$' });
const FieldKey = Type.String({ minLength: 1, maxLength: 40 });

const Localised = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const RuleConditionSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('value'),
      field: FieldKey,
      op: Type.Enum(['lt', 'lte', 'gt', 'gte', 'eq', 'neq']),
      value: Type.Union([Type.Number(), Type.String({ maxLength: 200 }), Type.Boolean()]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('item_below'), field: FieldKey, value: Type.Number() },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('missed_days'), days: Type.Integer({ minimum: 1, maximum: 60 }) },
    { additionalProperties: false },
  ),
]);

export const RuleActionSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('open_case'),
      caseType: Code,
      category: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
      /** {subject}, {item}, {value}, {day}, {days} are filled in from the hit. */
      title: Localised,
      /** Also alert the staff in charge of the subject's area. */
      alert: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('alert'), title: Localised }, { additionalProperties: false }),
]);

export const RecordRule = Type.Object({
  id: Id,
  key: Type.String(),
  formKey: Type.String(),
  name: Type.Object({ zh: Type.String(), en: Type.String() }),
  condition: RuleConditionSchema,
  action: RuleActionSchema,
  active: Type.Boolean(),
  /** Conditions holding now (hits not yet cleared). */
  openHits: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type RecordRuleDto = Static<typeof RecordRule>;

export const RecordRuleList = Type.Object({ items: Type.Array(RecordRule) });

export const CreateRecordRuleBody = Type.Object(
  {
    key: Code,
    formKey: Code,
    name: Localised,
    condition: RuleConditionSchema,
    action: RuleActionSchema,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CreateRecordRuleInput = Static<typeof CreateRecordRuleBody>;

export const UpdateRecordRuleBody = Type.Object(
  {
    name: Type.Optional(Localised),
    condition: Type.Optional(RuleConditionSchema),
    action: Type.Optional(RuleActionSchema),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateRecordRuleInput = Static<typeof UpdateRecordRuleBody>;

export const RecordRuleIdParams = Type.Object({ id: Id }, { additionalProperties: false });

export const RuleHitQuery = Type.Object(
  {
    /** true: conditions holding now; false: cleared ones; absent: both. */
    open: Type.Optional(Type.Boolean()),
    ruleId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type RuleHitQueryInput = Static<typeof RuleHitQuery>;

export const RuleHit = Type.Object({
  id: Id,
  rule: Type.Object({
    id: Id,
    key: Type.String(),
    name: Type.Object({ zh: Type.String(), en: Type.String() }),
  }),
  formKey: Type.String(),
  subject: Type.Object({
    kind: Nullable(Type.Enum(['org', 'person', 'household', 'place'])),
    id: Id,
    name: Type.String(),
  }),
  /** The item's name, the day, or the first missed day. */
  conditionKey: Type.String(),
  areaPath: Type.String(),
  areaName: Nullable(Type.String()),
  firstRecordId: Nullable(Id),
  case: Nullable(Type.Object({ id: Id, code: Type.String(), status: Type.String() })),
  open: Type.Boolean(),
  firedAt: DateTime,
  clearedAt: Nullable(DateTime),
});
export type RuleHitDto = Static<typeof RuleHit>;

export const RuleHitPage = Type.Object({ items: Type.Array(RuleHit), nextCursor: Nullable(Type.String()) });
