import { Type } from 'typebox';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { PrioritySchema, StatusSchema } from '#server/modules/tickets/schema.ts';

export const PlanningQuery = Type.Object(
  {
    from: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'The first day of the board (YYYY-MM-DD), a date in the caller’s time zone',
    }),
    days: Type.Optional(
      Type.Unsafe<7 | 14>({ type: 'integer', enum: [7, 14], default: 7, description: 'One week or two' }),
    ),
    lineId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

const Span = Type.Object({ start: Timestamp, end: Timestamp });

export const PlanningDay = Type.Object({
  date: Type.String({ description: 'YYYY-MM-DD in the caller’s time zone' }),
  start: Timestamp,
  end: Timestamp,
  kind: Type.Unsafe<'working' | 'short' | 'weekend' | 'holiday'>({
    type: 'string',
    enum: ['working', 'short', 'weekend', 'holiday'],
    description: 'short: a pre-holiday day, an hour shorter',
  }),
  capacityHours: Type.Number({ description: 'Working hours of the organization’s calendar that day' }),
  workingSpans: Type.Array(Span),
});

export const PlanningItem = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  title: Type.String(),
  clientId: Nullable(Uuid),
  clientName: Nullable(Type.String()),
  status: StatusSchema,
  priority: PrioritySchema,
  plannedStart: Timestamp,
  plannedEnd: Timestamp,
  estimateHours: Nullable(Type.Number()),
  version: Type.Integer(),
  canMove: Type.Boolean({ description: 'Whether the caller may re-plan it (POST /tickets/{id}/plan)' }),
});

export const PlanningEmployee = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: Type.String(),
  lineIds: Type.Array(Uuid),
  items: Type.Array(PlanningItem),
  plannedHours: Type.Array(Type.Number(), {
    description:
      'Per day of `days`: the estimates of the planned requests spread over the working time of their periods',
  }),
});

export const BacklogItem = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  title: Type.String(),
  clientId: Nullable(Uuid),
  clientName: Nullable(Type.String()),
  priority: PrioritySchema,
  estimateHours: Nullable(Type.Number()),
  acceptanceCriteria: Nullable(Type.String()),
  desiredDueAt: Nullable(Timestamp),
  lineId: Nullable(Uuid),
  version: Type.Integer(),
  canPlan: Type.Boolean({ description: 'Whether the caller may plan it (POST /tickets/{id}/plan)' }),
});

export const PlanningBoard = Type.Object({
  from: Type.String(),
  timeZone: Type.String({ description: 'The zone whose days the board shows: the caller’s' }),
  canPlan: Type.Boolean({ description: 'Whether the caller plans (dispatcher, admin) or only looks' }),
  days: Type.Array(PlanningDay),
  employees: Type.Array(PlanningEmployee),
  backlog: Type.Array(BacklogItem, {
    description: 'Approved requests waiting for a plan, most urgent first',
  }),
  backlogTotal: Type.Integer({ description: 'All of them; the list holds the first 100' }),
});

export const PlanBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    assigneeId: Type.Optional(Uuid),
    plannedStart: Type.Optional(Timestamp),
    plannedEnd: Type.Optional(
      Type.String({
        format: 'date-time',
        description:
          'Left out: the estimate in working time after the start (a new plan) or the same working time as before (a move)',
      }),
    ),
    acceptanceCriteria: Type.Optional(
      Type.String({ maxLength: 10_000, description: 'Needed to plan an approved request' }),
    ),
  },
  { additionalProperties: false },
);
