import { Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { RoleSchema } from '#server/modules/auth/schema.ts';
import { KnowledgeCardView } from '#server/modules/clients/schema.ts';
import { ContractKindSchema } from '#server/modules/contracts/schema.ts';
import { PrioritySchema, SlaStateSchema, StatusSchema } from '#server/modules/tickets/schema.ts';

const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Interval = Type.Object({ start: Type.Integer(), end: Type.Integer() });

export const ClientCardView = Type.Object({
  ticketId: Uuid,
  // null: an internal request (an employee's), which has no client.
  client: Nullable(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      inn: Type.String(),
      timeZone: Type.String(),
      contactCount: Type.Integer(),
    }),
  ),
  requester: Nullable(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      email: Type.String(),
      phone: Nullable(Type.String()),
      role: RoleSchema,
    }),
  ),
  contract: Nullable(
    Type.Object(
      {
        id: Uuid,
        number: Type.String(),
        kind: ContractKindSchema,
        startsOn: Day,
        endsOn: Nullable(Day),
        balanceHours: Type.Number({ description: 'The sum of the contract’s hour ledger' }),
        allowsOverdraft: Type.Boolean(),
        bonusHoursPerMonth: Nullable(Type.Number()),
        approvalLimitHours: Nullable(Type.Number()),
      },
      { description: 'The contract in force today in the client’s time zone; null when there is none' },
    ),
  ),
  sla: Type.Object({
    policy: Nullable(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        priority: PrioritySchema,
        reactionMinutes: Nullable(Type.Integer({ description: 'Working minutes, at this priority' })),
        resolutionMinutes: Nullable(Type.Integer()),
      }),
    ),
    calendar: Nullable(
      Type.Object({
        id: Uuid,
        name: Type.String(),
        timeZone: Type.String(),
        week: Type.Record(Type.String(), Type.Array(Interval)),
        productionCalendar: Type.Boolean(),
      }),
    ),
  }),
  openTickets: Type.Object({
    items: Type.Array(
      Type.Object({
        id: Uuid,
        number: Type.Integer(),
        title: Type.String(),
        status: StatusSchema,
        priority: PrioritySchema,
        slaState: Nullable(SlaStateSchema),
        slaDueAt: Nullable(Timestamp),
        assigneeName: Nullable(Type.String()),
      }),
    ),
    total: Type.Integer({ description: 'All of the client’s other open requests the caller may see' }),
  }),
  knowledge: Nullable(KnowledgeCardView),
});

export const ActivityQuery = Type.Object(
  {
    date: Type.Optional(
      Type.String({ format: 'date', description: 'The day, in the caller’s time zone (today by default)' }),
    ),
  },
  { additionalProperties: false },
);

// A request the caller may not see is named by nothing: no id, number, title or note crosses the filter.
const TicketRef = Nullable(
  Type.Object({ id: Uuid, number: Type.Integer(), title: Type.String() }, { description: 'null: hidden' }),
);

export const ActivityView = Type.Object({
  date: Day,
  timeZone: Type.String({ description: 'The day runs from midnight to midnight in this zone' }),
  isToday: Type.Boolean(),
  people: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      role: RoleSchema,
      isActive: Type.Boolean(),
      timer: Nullable(Type.Object({ startedAt: Timestamp, ticket: TicketRef })),
      worklogs: Type.Array(
        Type.Object({
          id: Uuid,
          startedAt: Timestamp,
          minutes: Type.Integer(),
          note: Nullable(Type.String({ description: 'null when the request is hidden from the caller' })),
          source: Type.Unsafe<'timer' | 'manual'>({ type: 'string', enum: ['timer', 'manual'] }),
          ticket: TicketRef,
        }),
      ),
      totalMinutes: Type.Integer(),
    }),
  ),
  totalMinutes: Type.Integer(),
});
