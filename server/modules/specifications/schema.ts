import { Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { TariffModeSchema } from '#server/modules/services/schema.ts';

const Hours = Type.Number({ description: 'Hours, two decimals' });
const TotalsFields = {
  hours: Hours,
  balanceHours: Type.Number({ description: 'Taken from the contract balance' }),
  paidHours: Type.Number({ description: 'Billed at the rate' }),
  freeHours: Type.Number({ description: 'Not billed but counted' }),
  amount: Type.Number({ description: 'Money for the paid hours' }),
};
export const TotalsView = Type.Object(TotalsFields);

export const SpecificationLineView = Type.Object({
  id: Uuid,
  position: Type.Integer(),
  serviceId: Nullable(Uuid),
  serviceName: Nullable(Type.String()),
  description: Type.String(),
  tariffMode: TariffModeSchema,
  performerId: Nullable(Uuid),
  performerName: Nullable(Type.String()),
  posted: Type.Boolean({ description: 'Posted lines are facts; drafts show what posting now would do' }),
  postedAt: Nullable(Timestamp),
  contractNumber: Nullable(Type.String()),
  rate: Nullable(Type.Number()),
  ...TotalsFields,
});

export const ProposedLineView = Type.Object({
  serviceId: Nullable(Uuid),
  description: Type.String(),
  hours: Hours,
  tariffMode: TariffModeSchema,
  performerId: Uuid,
  performerName: Type.String(),
});

export const SpecificationView = Type.Object({
  ticketId: Uuid,
  status: Type.String(),
  lines: Type.Array(SpecificationLineView),
  proposal: Type.Array(ProposedLineView, {
    description: 'Recorded work no line accounts for yet, per performer (staff only)',
  }),
  workedHours: Type.Number({ description: 'All recorded work on the request' }),
  contract: Nullable(
    Type.Object({
      id: Uuid,
      number: Type.String(),
      kind: Type.String(),
      balanceHours: Type.Number(),
      hourlyRate: Nullable(Type.Number()),
      allowsOverdraft: Type.Boolean(),
    }),
  ),
  draftTotals: Type.Object({
    ...TotalsFields,
    balanceAfter: Nullable(Type.Number({ description: 'The balance once the drafts are posted' })),
  }),
  postedTotals: TotalsView,
  canEdit: Type.Boolean(),
  canPost: Type.Boolean(),
});

export const SpecificationPutBody = Type.Object(
  {
    lines: Type.Array(
      Type.Object(
        {
          serviceId: Type.Optional(Nullable(Uuid)),
          description: Type.Optional(Type.String({ maxLength: 2000 })),
          hours: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
          tariffMode: TariffModeSchema,
          performerId: Type.Optional(Nullable(Uuid)),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);
