import { Type, type Static, type TSchema } from 'typebox';
import { EXPECTED_SUBJECT_SETS, RECORD_SUBJECT_KINDS } from '../../../shared/record-forms.ts';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date' });
const FormKey = Type.String({ minLength: 1, maxLength: 64 });
const Localised = Type.Object({ zh: Type.String(), en: Type.String() });
const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));

// ── the board ────────────────────────────────────────────────────────────────

export const ComplianceQuery = Type.Object(
  {
    /** Default: today (Asia/Shanghai), or the latest day with records when none has any yet today. */
    day: Type.Optional(Day),
    /** Default: the actor's own area. */
    areaId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ComplianceQueryInput = Static<typeof ComplianceQuery>;

const Counts = {
  expected: Type.Integer(),
  /** Subjects with all their records of the day (perDay of them). */
  reported: Type.Integer(),
  /** Subjects with some but not all (a checkpoint with one of two shifts); not counted as reported. */
  partly: Type.Integer(),
  rate: Rate,
};

/** The area asked about; null = everywhere (an administrator without areaId). */
const AreaRef = Nullable(Type.Object({ id: Id, name: Type.String(), path: Type.String() }));

export const AreaCompliance = Type.Object({
  areaId: Id,
  areaName: Type.String(),
  areaPath: Type.String(),
  ...Counts,
});

export const FormCompliance = Type.Object({
  formKey: Type.String(),
  formName: Localised,
  subjects: Type.Enum(EXPECTED_SUBJECT_SETS),
  subjectKind: Type.Enum(RECORD_SUBJECT_KINDS),
  perDay: Type.Integer(),
  /** Over the whole area. */
  ...Counts,
  /** One row per child area of the chosen area holding expected subjects (and the area itself for subjects filed on it). */
  areas: Type.Array(AreaCompliance),
});

export const ComplianceSummary = Type.Object({
  day: Day,
  area: AreaRef,
  forms: Type.Array(FormCompliance),
});
export type ComplianceSummaryDto = Static<typeof ComplianceSummary>;

// ── the not-yet-reported list ────────────────────────────────────────────────

export const MissingQuery = Type.Object(
  {
    formKey: FormKey,
    day: Type.Optional(Day),
    areaId: Type.Optional(Id),
    /** Part of the subject's name. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type MissingQueryInput = Static<typeof MissingQuery>;

export const MissingSubject = Type.Object({
  subject: Type.Object({ kind: Type.Enum(RECORD_SUBJECT_KINDS), id: Id, name: Type.String() }),
  /** The subject's area (a place's: the area it sits in). */
  areaName: Nullable(Type.String()),
  areaPath: Type.String(),
  /** Records of the form it has on the day (below perDay). */
  reportedCount: Type.Integer(),
  perDay: Type.Integer(),
  /** Its latest earlier day with a record of the form; null = never. */
  lastReportedDay: Nullable(Day),
  /** When a reminder for this subject, form and day went out; null = not yet. */
  remindedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const MissingPage = Type.Object({
  formKey: Type.String(),
  day: Day,
  items: Type.Array(MissingSubject),
  nextCursor: Nullable(Type.String()),
});
export type MissingPageDto = Static<typeof MissingPage>;

// ── reminders ────────────────────────────────────────────────────────────────

export const ReminderBody = Type.Object(
  {
    formKey: FormKey,
    day: Day,
    /** These subjects (those still missing among them); or every missing subject under areaId. */
    subjectIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 1000, uniqueItems: true })),
    areaId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type ReminderInput = Static<typeof ReminderBody>;

export const ReminderResult = Type.Object({
  /** Subjects reminded now. */
  sent: Type.Integer(),
  /** Missing subjects reminded earlier for this form and day (not again). */
  alreadySent: Type.Integer(),
  /** Chosen subjects that were not missing (reported, not expected, or out of scope). */
  skipped: Type.Integer(),
  /** Users who received a message. */
  notifiedUsers: Type.Integer(),
});
export type ReminderResultDto = Static<typeof ReminderResult>;

// ── rates over days ──────────────────────────────────────────────────────────

export const RatesQuery = Type.Object(
  {
    formKey: FormKey,
    areaId: Type.Optional(Id),
    from: Day,
    to: Day,
  },
  { additionalProperties: false },
);
export type RatesQueryInput = Static<typeof RatesQuery>;

export const RatePoint = Type.Object({
  day: Day,
  areaId: Id,
  areaName: Type.String(),
  ...Counts,
});

export const Rates = Type.Object({
  formKey: Type.String(),
  perDay: Type.Integer(),
  from: Day,
  to: Day,
  area: AreaRef,
  /** Per day per child area (days without expected subjects in an area are left out). */
  items: Type.Array(RatePoint),
  /** Per day over the whole area, every day of the period. */
  totals: Type.Array(Type.Object({ day: Day, ...Counts })),
});
export type RatesDto = Static<typeof Rates>;
