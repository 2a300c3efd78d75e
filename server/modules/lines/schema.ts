import { Type } from 'typebox';
import { RoleSchema } from '#server/modules/auth/schema.ts';
import { Uuid } from '#server/http/schemas.ts';

// Codes are identifiers other systems may keep (L1, EXP, ZUP); stored upper-case so «l2» cannot sit beside «L2».
const Code = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$',
  description: 'Latin letters, digits, «_», «.», «-»; stored upper-case; cannot be changed later',
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Level = Type.Integer({
  minimum: 0,
  maximum: 1000,
  description: 'Escalation order: a request escalates to the next higher level; the lowest is the first line',
});

const Member = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: RoleSchema,
  isActive: Type.Boolean({ description: 'A deactivated user keeps his memberships until they are removed' }),
});

export const GroupView = Type.Object({
  id: Uuid,
  lineId: Uuid,
  code: Type.String(),
  name: Type.String(),
  members: Type.Array(Member),
});

export const LineView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  members: Type.Array(Member),
  groups: Type.Array(GroupView),
});

export const LineCreateBody = Type.Object(
  { code: Code, name: Name, level: Level },
  { additionalProperties: false },
);
export const LinePatchBody = Type.Object(
  { name: Type.Optional(Name), level: Type.Optional(Level) },
  { additionalProperties: false },
);
export const GroupCreateBody = Type.Object({ code: Code, name: Name }, { additionalProperties: false });
export const GroupPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    lineId: Type.Optional(Type.String({ format: 'uuid', description: 'Move the group to another line' })),
  },
  { additionalProperties: false },
);
