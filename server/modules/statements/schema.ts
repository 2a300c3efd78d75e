import { Type } from 'typebox';
import { MONTH_PATTERN } from '#common/billing.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { ContractKindSchema } from '#server/modules/contracts/schema.ts';
import { TariffModeSchema } from '#server/modules/services/schema.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
export const Month = Type.String({ pattern: MONTH_PATTERN, description: 'A month: YYYY-MM' });

const TotalsFields = {
  hours: Type.Number(),
  balanceHours: Type.Number({ description: 'Taken from the contract balance' }),
  paidHours: Type.Number({ description: 'Billed at the rate' }),
  freeHours: Type.Number({ description: 'Not billed but counted' }),
  amount: Type.Number({ description: 'Money for the paid hours' }),
};

const StatementLine = Type.Object({
  id: Uuid,
  serviceCode: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  description: Type.String(),
  performerName: Nullable(Type.String()),
  tariffMode: TariffModeSchema,
  rate: Nullable(Type.Number()),
  postedAt: Timestamp,
  contractNumber: Nullable(Type.String()),
  ...TotalsFields,
});

export const StatementView = Type.Object({
  month: Month,
  periodStart: Day,
  periodEnd: Day,
  timeZone: Type.String(),
  provider: Type.Object({
    name: Type.String(),
    inn: Nullable(Type.String()),
    kpp: Nullable(Type.String()),
    address: Type.String(),
    signatory: Type.String(),
  }),
  client: Type.Object({ id: Uuid, name: Type.String(), inn: Type.String(), kpp: Nullable(Type.String()) }),
  contracts: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      kind: ContractKindSchema,
      hourlyRate: Nullable(Type.Number()),
      monthlyFee: Nullable(Type.Number()),
      openingHours: Type.Number(),
      grantedHours: Type.Number(),
      consumedHours: Type.Number(),
      adjustedHours: Type.Number(),
      reversedHours: Type.Number(),
      closingHours: Type.Number(),
    }),
  ),
  requests: Type.Array(
    Type.Object({
      ticketId: Uuid,
      number: Type.Integer(),
      title: Type.String(),
      requesterName: Nullable(Type.String()),
      completedAt: Nullable(Timestamp),
      lines: Type.Array(StatementLine),
      totals: Type.Object(TotalsFields),
    }),
  ),
  totals: Type.Object(TotalsFields),
  subscriptionFees: Type.Number(),
  amountDue: Type.Number({ description: 'Paid hours plus subscription fees' }),
  issuedAt: Timestamp,
});

export const StatementParams = Type.Object({ id: Uuid, month: Month }, { additionalProperties: false });
export const DocumentQuery = Type.Object(
  { locale: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])) },
  { additionalProperties: false },
);

export const SalesQuery = Type.Object(
  {
    from: Day,
    to: Day,
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const SaleView = Type.Object({
  lineId: Uuid,
  postedAt: Timestamp,
  postedOn: Type.String({ description: 'The posting date in the client time zone' }),
  client: Type.Object({ id: Uuid, name: Type.String(), inn: Type.String(), kpp: Nullable(Type.String()) }),
  contract: Nullable(Type.Object({ id: Uuid, number: Type.String(), kind: ContractKindSchema })),
  ticket: Type.Object({ id: Uuid, number: Type.Integer(), title: Type.String() }),
  service: Nullable(Type.Object({ id: Uuid, code: Nullable(Type.String()), name: Type.String() })),
  description: Type.String(),
  tariffMode: TariffModeSchema,
  rate: Nullable(Type.Number()),
  ...TotalsFields,
});

export const CounterpartyQuery = Type.Object(
  { inn: Type.Optional(Type.String({ pattern: '^[0-9]{10}([0-9]{2})?$' })), ...PageQuery },
  { additionalProperties: false },
);

export const CounterpartyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  inn: Type.String(),
  kpp: Nullable(Type.String()),
  contracts: Type.Array(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      kind: ContractKindSchema,
      startsOn: Day,
      endsOn: Nullable(Day),
      isActive: Type.Boolean(),
      hourlyRate: Nullable(Type.Number()),
      monthlyFee: Nullable(Type.Number()),
    }),
  ),
});

export const OrganizationView = Type.Object({
  name: Type.String(),
  inn: Nullable(Type.String()),
  kpp: Nullable(Type.String()),
  address: Type.String(),
  signatory: Type.String({ description: 'Who signs acts for the provider' }),
});

export const OrganizationPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    inn: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{10}([0-9]{2})?$' }))),
    kpp: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$' }))),
    address: Type.Optional(Type.String({ maxLength: 1000 })),
    signatory: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
