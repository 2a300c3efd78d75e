import { Type } from 'typebox';
import { PageQuery } from '#server/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Money = Type.Number({ minimum: 0, maximum: 100_000_000 });
const Hours = Type.Number({ minimum: 0, maximum: 100_000 });

export const ContractKindSchema = Type.Unsafe<'hourly' | 'subscription' | 'its' | 'internal'>({
  type: 'string',
  enum: ['hourly', 'subscription', 'its', 'internal'],
  description:
    'hourly: billed monthly by fact; subscription: fixed fee for listed services; its: ITS support with bonus hours per month; internal: a department, no money',
});

export const ContractView = Type.Object({
  id: Uuid,
  clientId: Uuid,
  clientName: Type.String(),
  number: Type.String(),
  kind: ContractKindSchema,
  startsOn: Day,
  endsOn: Nullable(Day),
  hourlyRate: Nullable(Type.Number()),
  monthlyFee: Nullable(Type.Number()),
  bonusHoursPerMonth: Nullable(Type.Number()),
  approvalLimitHours: Nullable(
    Type.Number({ description: 'Estimates up to this are approved without the client' }),
  ),
  allowsOverdraft: Type.Boolean(),
  slaPolicyId: Nullable(Uuid),
  isActive: Type.Boolean(),
  notes: Type.String(),
  balanceHours: Type.Number({ description: 'The sum of the ledger' }),
  createdAt: Timestamp,
});

export const ContractCreateBody = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 100 }),
    kind: ContractKindSchema,
    startsOn: Day,
    endsOn: Type.Optional(Nullable(Day)),
    hourlyRate: Type.Optional(Nullable(Money)),
    monthlyFee: Type.Optional(Nullable(Money)),
    bonusHoursPerMonth: Type.Optional(Nullable(Hours)),
    approvalLimitHours: Type.Optional(Nullable(Hours)),
    allowsOverdraft: Type.Optional(Type.Boolean()),
    slaPolicyId: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'The SLA policy (the default one when null)' })),
    ),
    notes: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
);

export const ContractPatchBody = Type.Object(
  {
    number: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    endsOn: Type.Optional(Nullable(Day)),
    hourlyRate: Type.Optional(Nullable(Money)),
    monthlyFee: Type.Optional(Nullable(Money)),
    bonusHoursPerMonth: Type.Optional(Nullable(Hours)),
    approvalLimitHours: Type.Optional(Nullable(Hours)),
    allowsOverdraft: Type.Optional(Type.Boolean()),
    slaPolicyId: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'The SLA policy (the default one when null)' })),
    ),
    isActive: Type.Optional(Type.Boolean()),
    notes: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
);

export const BalanceView = Type.Object({
  contractId: Uuid,
  hours: Type.Number({ description: 'Balance in hours: the sum of all entries' }),
  granted: Type.Number(),
  consumed: Type.Number(),
  adjusted: Type.Number(),
  reversed: Type.Number(),
  entries: Type.Integer(),
  allowsOverdraft: Type.Boolean(),
});

export const LedgerEntryView = Type.Object({
  id: Type.Integer(),
  contractId: Uuid,
  kind: Type.Unsafe<'grant' | 'consume' | 'adjust' | 'reverse'>({
    type: 'string',
    enum: ['grant', 'consume', 'adjust', 'reverse'],
  }),
  hours: Type.Number({ description: 'Signed: grants add, consumption subtracts' }),
  externalId: Nullable(Type.String()),
  reversesId: Nullable(Type.Integer()),
  ticketId: Nullable(Uuid),
  note: Type.String(),
  actorName: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const LedgerPostBody = Type.Object(
  {
    kind: Type.Unsafe<'grant' | 'adjust'>({
      type: 'string',
      enum: ['grant', 'adjust'],
      description: 'grant: hours bought or granted (positive); adjust: a correction (either sign)',
    }),
    hours: Type.Number({ minimum: -100_000, maximum: 100_000 }),
    externalId: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Your id of this operation (e.g. the 1C document): the same id twice changes nothing',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const LedgerListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
