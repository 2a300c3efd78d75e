import { Type } from 'typebox';
import { LIMITS } from '#common/limits.ts';
import { ROLES, type Role } from '#common/roles.ts';
import { Timestamp, Uuid } from '#server/http/schemas.ts';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: LIMITS.emailMax, description: 'Login e-mail' }),
    password: Type.String({ minLength: 1, maxLength: LIMITS.passwordMax }),
  },
  { additionalProperties: false },
);

export const Locale = Type.Union([Type.Literal('ru'), Type.Literal('en')]);
export const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES], description: 'Role name' });

export const LoginResult = Type.Object({
  user: Type.Object({
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    locale: Locale,
  }),
  csrfToken: Type.String({ description: 'Send it as X-CSRF-Token on every cookie-authenticated write' }),
});

export const MeView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  locale: Locale,
  timeZone: Type.String(),
  speechAlerts: Type.Boolean({
    description:
      'The workspace reads new unread requests aloud to this person (staff; each turns it off for himself)',
  }),
  client: Type.Union([
    Type.Object({
      id: Uuid,
      name: Type.String(),
      inn: Type.String(),
      usersSeeBalance: Type.Boolean({ description: 'Every contact of the client may see the hour balance' }),
    }),
    Type.Null(),
  ]),
  lines: Type.Array(
    Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), level: Type.Integer() }),
  ),
  groups: Type.Array(Type.Object({ id: Uuid, name: Type.String(), lineId: Uuid })),
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'The session CSRF token (null when authenticated by an API token)',
  }),
});

export const MePatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.nameMax })),
    locale: Type.Optional(Locale),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    speechAlerts: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const TokenCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.tokenNameMax, description: 'What the token is for' }),
  },
  { additionalProperties: false },
);

export const TokenView = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});

export const TokenCreated = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  token: Type.String({ description: 'The secret, shown only in this answer' }),
});
