import { Type } from 'typebox';
import { SERVICE_KINDS, type ServiceKind, TARIFF_MODES, type TariffMode } from '#common/billing.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';

export const TariffModeSchema = Type.Unsafe<TariffMode>({
  type: 'string',
  enum: [...TARIFF_MODES],
  description:
    'balance: hours taken from the contract balance; paid: billed at the rate; free: not billed but counted',
});

export const ServiceKindSchema = Type.Unsafe<ServiceKind>({
  type: 'string',
  enum: [...SERVICE_KINDS],
  description: 'product and module group services; a service is what a request is for',
});

export const AudienceSchema = Type.Unsafe<'clients' | 'listed' | 'internal'>({
  type: 'string',
  enum: ['clients', 'listed', 'internal'],
  description: 'Who may request it: every client, only the listed clients, or internal employees',
});

export const ServiceView = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  kind: ServiceKindSchema,
  code: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  tariffMode: TariffModeSchema,
  audience: AudienceSchema,
  clientIds: Type.Array(Uuid, { description: 'For audience "listed": the clients who may request it' }),
  lineId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  isActive: Type.Boolean(),
  createdAt: Timestamp,
});

const Code = Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' });

export const ServiceCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.Optional(ServiceKindSchema),
    parentId: Type.Optional(Nullable(Uuid)),
    code: Type.Optional(Nullable(Code)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    tariffMode: Type.Optional(TariffModeSchema),
    audience: Type.Optional(AudienceSchema),
    clientIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
    lineId: Type.Optional(Nullable(Uuid)),
    groupId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const ServicePatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    parentId: Type.Optional(Nullable(Uuid)),
    code: Type.Optional(Nullable(Code)),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    tariffMode: Type.Optional(TariffModeSchema),
    audience: Type.Optional(AudienceSchema),
    clientIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
    lineId: Type.Optional(Nullable(Uuid)),
    groupId: Type.Optional(Nullable(Uuid)),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ServiceListQuery = Type.Object(
  {
    includeInactive: Type.Optional(Type.Boolean()),
    forRequest: Type.Optional(
      Type.Boolean({ description: 'Only what the caller may request (his audience): the portal catalog' }),
    ),
  },
  { additionalProperties: false },
);
