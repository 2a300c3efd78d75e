import { Type } from 'typebox';
import { PRIORITIES } from '#common/tickets.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import { LABOUR_DIMENSIONS } from './labour.ts';
import { GRANULARITIES } from './scope.ts';

// The request and answer shapes of the reports (GET /reports/<name>): the served OpenAPI document is
// generated from these, and the XLSX of each report is drawn from the same answer.

const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'A local date YYYY-MM-DD' });

export const ReportQuery = Type.Object(
  {
    from: Type.String({ ...Day, description: 'First day of the period (included)' }),
    to: Type.String({ ...Day, description: 'The day after the period (excluded)' }),
    timeZone: Type.Optional(
      Type.String({ description: 'IANA zone the dates are in; the caller’s by default' }),
    ),
    granularity: Type.Optional(
      Type.Union(
        GRANULARITIES.map((g) => Type.Literal(g)),
        { description: 'Series buckets' },
      ),
    ),
    clientId: Type.Optional(Uuid),
    serviceId: Type.Optional(Uuid),
    lineId: Type.Optional(Uuid),
    groupId: Type.Optional(Uuid),
    employeeId: Type.Optional(Uuid),
    type: Type.Optional(Type.String({ maxLength: 40 })),
    priority: Type.Optional(Type.Union(PRIORITIES.map((p) => Type.Literal(p)))),
    groupBy: Type.Optional(
      Type.Union(
        LABOUR_DIMENSIONS.map((d) => Type.Literal(d)),
        { description: 'labour only' },
      ),
    ),
    locale: Type.Optional(
      Type.Union([Type.Literal('ru'), Type.Literal('en')], { description: 'XLSX headers' }),
    ),
  },
  { additionalProperties: false },
);

const Share = Nullable(Type.Number({ description: 'A share 0…1, null when there is nothing to divide' }));
const Name = Nullable(Type.String());
const Key = Nullable(Uuid);
const Int = Type.Integer();
const Num = Type.Number();

export const VolumeView = Type.Object({
  totals: Type.Object({ opened: Int, closed: Int, backlogStart: Int, backlogEnd: Int }),
  series: Type.Array(Type.Object({ bucket: Day, opened: Int, closed: Int, backlog: Int })),
  channels: Type.Array(Type.Object({ channel: Type.String(), opened: Int })),
  services: Type.Array(Type.Object({ serviceId: Key, name: Name, opened: Int, closed: Int })),
});

export const StagesView = Type.Object({
  stages: Type.Array(
    Type.Object({ status: Type.String(), stays: Int, medianHours: Num, p90Hours: Num, avgHours: Num }),
  ),
  leadTime: Type.Object({ requests: Int, medianHours: Nullable(Num), p90Hours: Nullable(Num) }),
});

const Outcome = Type.Object({ met: Int, breached: Int, pending: Int, metShare: Share });
export const SlaView = Type.Object({
  requests: Int,
  reaction: Outcome,
  resolution: Outcome,
  byPriority: Type.Array(Type.Object({ priority: Type.String(), reaction: Outcome, resolution: Outcome })),
  breaches: Type.Array(
    Type.Object({
      ticketId: Uuid,
      number: Int,
      title: Type.String(),
      clientName: Name,
      priority: Type.String(),
      timer: Type.Union([Type.Literal('reaction'), Type.Literal('resolution')]),
      dueAt: Timestamp,
      metAt: Nullable(Timestamp),
      overdueWorkingHours: Num,
      statusAtDue: Type.String({ description: 'The status the request stood in when the due time passed' }),
      escalated: Type.Boolean(),
    }),
  ),
});

const LabourSplit = { hours: Num, balanceHours: Num, paidHours: Num, freeHours: Num, unbilledHours: Num };
export const LabourView = Type.Object({
  groupBy: Type.Union(LABOUR_DIMENSIONS.map((d) => Type.Literal(d))),
  totals: Type.Object(LabourSplit),
  rows: Type.Array(Type.Object({ key: Key, name: Name, ...LabourSplit })),
  series: Type.Array(Type.Object({ bucket: Day, ...LabourSplit })),
});

export const UtilizationView = Type.Object({
  workingHours: Num,
  totals: Type.Object({ recordedHours: Num, capacityHours: Num, utilization: Share }),
  employees: Type.Array(
    Type.Object({
      userId: Uuid,
      name: Type.String(),
      recordedHours: Num,
      workingHours: Num,
      utilization: Share,
    }),
  ),
});

export const ClientsView = Type.Object({
  totals: Type.Object({
    requests: Int,
    hours: Num,
    balanceHours: Num,
    paidHours: Num,
    balanceAmount: Num,
    paidAmount: Num,
  }),
  clients: Type.Array(
    Type.Object({
      clientId: Key,
      name: Name,
      requests: Int,
      hours: Num,
      hoursShare: Share,
      cumulativeShare: Share,
      paretoClass: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')]),
      balanceHours: Num,
      paidHours: Num,
      balanceAmount: Num,
      paidAmount: Num,
    }),
  ),
});

const FirstLineShare = { completed: Int, withoutEscalation: Int, share: Share };
export const FirstLineView = Type.Object({
  totals: Type.Object(FirstLineShare),
  lines: Type.Array(Type.Object({ lineId: Key, name: Name, level: Nullable(Int), ...FirstLineShare })),
  services: Type.Array(Type.Object({ serviceId: Key, name: Name, ...FirstLineShare })),
});

const Accuracy = {
  requests: Int,
  estimateHours: Num,
  actualHours: Num,
  ratio: Nullable(Num),
  medianRatio: Nullable(Num),
  planned: Int,
  plannedKept: Int,
  plannedKeptShare: Share,
};
export const EstimatesView = Type.Object({
  totals: Type.Object(Accuracy),
  services: Type.Array(Type.Object({ serviceId: Key, name: Name, ...Accuracy })),
  employees: Type.Array(Type.Object({ userId: Key, name: Name, ...Accuracy })),
});

const Free = { requests: Int, freeHours: Num, avgHoursPerRequest: Nullable(Num), shareOfBilledHours: Share };
export const FreeWorkView = Type.Object({
  totals: Type.Object(Free),
  services: Type.Array(Type.Object({ serviceId: Key, name: Name, ...Free })),
  clients: Type.Array(Type.Object({ clientId: Key, name: Name, ...Free })),
});

export const TodayView = Type.Object({
  day: Day,
  newToday: Int,
  open: Int,
  unassigned: Int,
  slaWarning: Int,
  slaBreached: Int,
  overdue: Int,
  runningTimers: Type.Array(
    Type.Object({
      userId: Uuid,
      name: Type.String(),
      ticketId: Uuid,
      number: Int,
      title: Type.String(),
      startedAt: Timestamp,
    }),
  ),
  byHour: Type.Array(Type.Object({ hour: Int, opened: Int })),
  byStatus: Type.Array(Type.Object({ status: Type.String(), count: Int })),
  byPriority: Type.Array(Type.Object({ priority: Type.String(), open: Int, breached: Int })),
});

export const EstimateSuggestionView = Type.Object({
  suggestedHours: Nullable(Num),
  medianActualHours: Nullable(Num),
  requests: Type.Array(
    Type.Object({
      ticketId: Uuid,
      number: Int,
      title: Type.String(),
      clientName: Name,
      sameService: Type.Boolean(),
      sameClient: Type.Boolean(),
      estimateHours: Nullable(Num),
      actualHours: Num,
    }),
  ),
});
