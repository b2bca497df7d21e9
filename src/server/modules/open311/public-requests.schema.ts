import { Type, type Static, type TSchema } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Localised = Type.Object({ zh: Type.String(), en: Type.String() });
/** Digits, spaces, full-width digits and a dash; normalised and checked in the service. */
const Phone = Type.String({ minLength: 5, maxLength: 20 });
const TrackingToken = Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' });

// ── verification codes ──────────────────────────────────────────────────────────

export const CodeRequestBody = Type.Object(
  {
    phone: Phone,
    purpose: Type.Optional(Type.Literal('public_request')),
  },
  { additionalProperties: false },
);
export type CodeRequestInput = Static<typeof CodeRequestBody>;

export const CodeSent = Type.Object({
  phoneMasked: Type.String(),
  expiresAt: DateTime,
  /** Seconds the page should wait before offering another code. */
  resendAfterSeconds: Type.Integer(),
});
export type CodeSentDto = Static<typeof CodeSent>;

// ── places ──────────────────────────────────────────────────────────────────────

export const PlaceParams = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._-]+$' }) },
  { additionalProperties: false },
);

export const PublicCaseType = Type.Object({
  code: Type.String(),
  name: Localised,
  description: Nullable(Localised),
});

export const PublicPlace = Type.Object({
  id: Id,
  name: Type.String(),
  level: Type.String(),
  kind: Type.String(),
  /** Names from the city down to the place, for the page's heading. */
  trail: Type.Array(Type.String()),
  caseTypes: Type.Array(PublicCaseType),
});
export type PublicPlaceDto = Static<typeof PublicPlace>;

// ── requests ────────────────────────────────────────────────────────────────────

export const PublicRequestBody = Type.Object(
  {
    placeId: Id,
    typeCode: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    name: Type.String({ minLength: 1, maxLength: 50 }),
    phone: Phone,
    code: Type.String({ pattern: '^\\d{6}$' }),
  },
  { additionalProperties: false },
);
export type PublicRequestInput = Static<typeof PublicRequestBody>;

export const PublicRequestCreated = Type.Object({
  code: Type.String(),
  trackingToken: Type.String(),
});
export type PublicRequestCreatedDto = Static<typeof PublicRequestCreated>;

export const TrackingParams = Type.Object({ trackingToken: TrackingToken }, { additionalProperties: false });

export const PublicEvent = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  kind: Type.String(),
  toStatus: Nullable(Type.String()),
  body: Nullable(Type.String()),
});

export const TrackedRequest = Type.Object({
  code: Type.String(),
  status: Type.String(),
  open: Type.Boolean(),
  typeCode: Type.String(),
  typeName: Localised,
  placeName: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  events: Type.Array(PublicEvent),
});
export type TrackedRequestDto = Static<typeof TrackedRequest>;

// ── QR codes ────────────────────────────────────────────────────────────────────

export const AreaIdParams = Type.Object({ id: Id }, { additionalProperties: false });

// ── Open311 API keys ────────────────────────────────────────────────────────────

export const ApiKey = Type.Object({
  id: Id,
  name: Type.String(),
  keyPrefix: Type.String(),
  active: Type.Boolean(),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  can: Type.Object({ revoke: Type.Boolean() }),
});
export type ApiKeyDto = Static<typeof ApiKey>;

export const ApiKeyCreated = Type.Object({
  ...ApiKey.properties,
  /** The key itself, shown this once; only its sha256 is stored. */
  key: Type.String(),
});
export type ApiKeyCreatedDto = Static<typeof ApiKeyCreated>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKey) });

export const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const KeyIdParams = Type.Object({ id: Id }, { additionalProperties: false });
