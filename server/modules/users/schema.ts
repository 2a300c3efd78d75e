import { Type } from 'typebox';
import { LIMITS } from '#common/limits.ts';
import { RoleSchema } from '#server/modules/auth/schema.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Timestamp, Uuid } from '#server/http/schemas.ts';

const Email = Type.String({ format: 'email', maxLength: LIMITS.emailMax });
const Password = Type.String({ minLength: LIMITS.passwordMin, maxLength: LIMITS.passwordMax });
const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameMax });
const Ids = Type.Array(Uuid, { maxItems: 50, uniqueItems: true });

export const UserView = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  clientId: Type.Union([Uuid, Type.Null()]),
  clientName: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  lineIds: Type.Array(Uuid),
  groupIds: Type.Array(Uuid),
  isActive: Type.Boolean(),
  createdAt: Timestamp,
});

export const UserCreateBody = Type.Object(
  {
    email: Email,
    name: Name,
    role: RoleSchema,
    password: Password,
    clientId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Required for client roles' })),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    lineIds: Type.Optional(Ids),
    groupIds: Type.Optional(Ids),
  },
  { additionalProperties: false },
);

export const UserPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    password: Type.Optional(Password),
    clientId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    lineIds: Type.Optional(Ids),
    groupIds: Type.Optional(Ids),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UserListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(Type.String({ maxLength: LIMITS.searchMax, description: 'Part of the name or e-mail' })),
    role: Type.Optional(RoleSchema),
    clientId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
