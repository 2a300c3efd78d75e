import { Type } from 'typebox';
import { PRIORITIES } from '#common/tickets.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';

const Interval = Type.Object(
  {
    start: Type.Integer({ minimum: 0, maximum: 1440, description: 'Minutes from local midnight' }),
    end: Type.Integer({ minimum: 0, maximum: 1440 }),
  },
  { additionalProperties: false },
);
const Day = Type.Array(Interval, { maxItems: 6 });
export const Week = Type.Object(
  { mon: Day, tue: Day, wed: Day, thu: Day, fri: Day, sat: Day, sun: Day },
  { additionalProperties: false, description: 'Working intervals of each weekday, in local time' },
);
const Exception = Type.Union([
  Type.Object({ kind: Type.Literal('holiday') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('short'), minutesShorter: Type.Integer({ minimum: 1, maximum: 1440 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('working'),
      intervals: Type.Optional(Day),
      minutesShorter: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    },
    { additionalProperties: false },
  ),
]);
export const Exceptions = Type.Record(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }), Exception, {
  description:
    'Dates of the calendar that differ from its week (YYYY-MM-DD → holiday, shortened or working day)',
});

export const CalendarView = Type.Object({
  id: Uuid,
  name: Type.String(),
  timeZone: Type.String(),
  week: Week,
  exceptions: Exceptions,
  productionCalendar: Type.Boolean({
    description: 'The Russian production calendar 2024–2027 (holidays, transfers, shortened days) applies',
  }),
  isDefault: Type.Boolean(),
  version: Type.Integer(),
  clientCount: Type.Integer(),
  recomputePending: Type.Boolean({ description: 'The due times of open requests are being recomputed' }),
  updatedAt: Timestamp,
});

export const CalendarCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    timeZone: Type.String({ minLength: 1, maxLength: 64 }),
    week: Week,
    exceptions: Type.Optional(Exceptions),
    productionCalendar: Type.Optional(Type.Boolean()),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const CalendarPatchBody = Type.Partial(CalendarCreateBody, { additionalProperties: false });

const Targets = Type.Object(
  {
    reactionMinutes: Type.Integer({
      minimum: 1,
      maximum: 525_600,
      description: 'Working minutes to first reaction',
    }),
    resolutionMinutes: Type.Integer({
      minimum: 1,
      maximum: 525_600,
      description: 'Working minutes to resolution',
    }),
  },
  { additionalProperties: false },
);
export const PolicyTargets = Type.Object(
  Object.fromEntries(PRIORITIES.map((p) => [p, Targets])) as Record<
    (typeof PRIORITIES)[number],
    typeof Targets
  >,
  { additionalProperties: false },
);

export const PolicyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  targets: PolicyTargets,
  warnShare: Type.Number(),
  isDefault: Type.Boolean(),
  contractCount: Type.Integer(),
  recomputePending: Type.Boolean(),
  updatedAt: Timestamp,
});

export const PolicyCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    targets: PolicyTargets,
    warnShare: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 })),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const PolicyPatchBody = Type.Partial(PolicyCreateBody, { additionalProperties: false });

export const NotificationView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'sla_warning, sla_breached, …' }),
  ticketId: Nullable(Uuid),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
});
export const NotificationListQuery = Type.Object(
  { ...PageQuery, unread: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const NotificationIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
