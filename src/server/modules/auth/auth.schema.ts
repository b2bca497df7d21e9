import { Type } from 'typebox';
import { PERMISSIONS, ROLES } from '../../../shared/access.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 10, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  scopePath: Type.Union([Type.String(), Type.Null()]),
  scopeName: Type.Union([Type.String(), Type.Null()]),
  department: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.Enum(PERMISSIONS)),
  mustChangePassword: Type.Boolean(),
  /** Send back in the x-csrf-token header on every write. */
  csrfToken: Type.String(),
});
