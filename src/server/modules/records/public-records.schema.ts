import { Type, type Static } from 'typebox';
import { FormDto } from './records.schema.ts';

const Id = Type.String({ format: 'uuid' });

export const PublicPlaceParams = Type.Object({ areaId: Id }, { additionalProperties: false });

export const PublicRecordPlace = Type.Object({
  place: Type.Object({ id: Id, name: Type.String(), trail: Type.Array(Type.String()) }),
  /** The forms residents may fill here (channel public): resident screening, returnee registration. */
  forms: Type.Array(FormDto),
});

export const PublicRecordBody = Type.Object(
  {
    /** The resident's mobile; the code was sent to it by POST /api/public/verification-codes. */
    phone: Type.String({ minLength: 11, maxLength: 20 }),
    code: Type.String({ pattern: '^[0-9]{6}$' }),
    /** Tells apart people sharing a phone (a family); optional otherwise. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    key: Type.String({ pattern: '^[\\x21-\\x7e]{8,128}$' }),
    formKey: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    observedAt: Type.Optional(Type.String({ format: 'date-time' })),
    values: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { maxProperties: 60 }),
  },
  { additionalProperties: false },
);
export type PublicRecordInput = Static<typeof PublicRecordBody>;

/** What a resident sees after reporting: no area paths, no other people's data. */
export const PublicRecordCreated = Type.Object({
  recordId: Id,
  day: Type.String({ format: 'date' }),
  formKey: Type.String(),
  formName: Type.Object({ zh: Type.String(), en: Type.String() }),
  replayed: Type.Boolean(),
});
