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

export const ServiceView = Type.Object({
  id: Uuid,
  parentId: Nullable(Uuid),
  kind: ServiceKindSchema,
  code: Nullable(Type.String()),
  name: Type.String(),
  description: Type.String(),
  tariffMode: TariffModeSchema,
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
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ServiceListQuery = Type.Object(
  { includeInactive: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
