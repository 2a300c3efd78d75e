import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import type { Priority } from '#common/tickets.ts';
import type { Database } from '#server/db/schema.ts';
import { FieldValidationError, ForbiddenError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

// What every report shares: the period `[from, to)` in local dates of one time zone, the filters, and
// whose requests the caller may count. Visibility is the tickets policy's one filter; on top of it a
// client's approver is held to his own company and the roles that see no reports are refused here, so
// a report function cannot be called for them by mistake.

export const REPORT_ROLES = ['admin', 'dispatcher', 'agent', 'client_approver'] as const;
export const GRANULARITIES = ['day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
/** Three years of days is still a small series; longer periods are refused as unbounded scans. */
export const MAX_PERIOD_DAYS = 3 * 366;

export type ReportQuery = {
  from: string;
  to: string;
  timeZone?: string | undefined;
  granularity?: Granularity | undefined;
  clientId?: string | undefined;
  serviceId?: string | undefined;
  lineId?: string | undefined;
  groupId?: string | undefined;
  employeeId?: string | undefined;
  type?: string | undefined;
  priority?: string | undefined;
};

export type ReportScope = {
  actor: Actor;
  from: string;
  to: string;
  timeZone: string;
  granularity: Granularity;
  filters: Omit<ReportQuery, 'from' | 'to' | 'timeZone' | 'granularity'>;
  /** The period's bounds as instants (the local midnights of `from` and `to`). */
  start: RawBuilder<Date>;
  end: RawBuilder<Date>;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks the caller and the period, and pins a client's approver to his company. */
export function reportScope(actor: Actor, query: ReportQuery): ReportScope {
  if (!(REPORT_ROLES as readonly string[]).includes(actor.role)) {
    throw new ForbiddenError('Reports are for the staff and a client’s approver');
  }
  for (const field of ['from', 'to'] as const) {
    if (!DATE.test(query[field]) || Number.isNaN(dayNumber(query[field]))) {
      throw new FieldValidationError(field, 'must be a date YYYY-MM-DD');
    }
  }
  const days = dayNumber(query.to) - dayNumber(query.from);
  if (days <= 0) {
    throw new FieldValidationError('from', 'must be before `to` (the period is [from, to))');
  }
  if (days > MAX_PERIOD_DAYS) {
    throw new FieldValidationError('to', `a report covers at most ${MAX_PERIOD_DAYS} days`);
  }
  const timeZone = query.timeZone ?? actor.timeZone;
  if (!validZone(timeZone)) {
    throw new FieldValidationError('timeZone', 'must be an IANA time zone');
  }
  const filters = {
    clientId: query.clientId,
    serviceId: query.serviceId,
    lineId: query.lineId,
    groupId: query.groupId,
    employeeId: query.employeeId,
    type: query.type,
    priority: query.priority,
  };
  if (actor.role === 'client_approver') {
    if (!actor.clientId || (query.clientId !== undefined && query.clientId !== actor.clientId)) {
      throw new ForbiddenError('You see the reports of your own company only');
    }
    filters.clientId = actor.clientId;
  }
  return {
    actor,
    from: query.from,
    to: query.to,
    timeZone,
    granularity: query.granularity ?? 'day',
    filters,
    start: localMidnight(query.from, timeZone),
    end: localMidnight(query.to, timeZone),
  };
}

/** The instant a local date begins in a zone. */
export const localMidnight = (date: string, timeZone: string) =>
  sql<Date>`(${date}::date::timestamp at time zone ${timeZone})`;

/** The bucket (local day, ISO week's Monday or month's first day) an instant column falls in, as text. */
export const bucketOf = (scope: ReportScope, column: RawBuilder<unknown>) =>
  sql<string>`to_char(date_trunc(${scope.granularity}, ${column} at time zone ${scope.timeZone}), 'YYYY-MM-DD')`;

/** Every bucket label of the period, in order, so empty days show as zeros. */
export function bucketsOf(scope: ReportScope): string[] {
  const labels: string[] = [];
  const first = new Date(`${scope.from}T00:00:00Z`);
  if (scope.granularity === 'week') {
    first.setUTCDate(first.getUTCDate() - ((first.getUTCDay() + 6) % 7));
  } else if (scope.granularity === 'month') {
    first.setUTCDate(1);
  }
  const end = new Date(`${scope.to}T00:00:00Z`);
  for (const day = first; day < end;) {
    labels.push(day.toISOString().slice(0, 10));
    if (scope.granularity === 'day') {
      day.setUTCDate(day.getUTCDate() + 1);
    } else if (scope.granularity === 'week') {
      day.setUTCDate(day.getUTCDate() + 7);
    } else {
      day.setUTCMonth(day.getUTCMonth() + 1);
    }
  }
  return labels;
}

type TicketFilterOptions = {
  /** Labour counts the employee as the one who recorded the work, not the request's assignee. */
  employeeIsAssignee?: boolean;
};

/** The caller's visibility and the request-level filters, on the table `tickets`. */
export function ticketFilter(scope: ReportScope, options: TicketFilterOptions = {}) {
  const f = scope.filters;
  return (eb: ExpressionBuilder<Database, 'tickets'>) => {
    const parts = [visibleTickets(scope.actor)(eb)];
    if (f.clientId) {
      parts.push(eb('tickets.client_id', '=', f.clientId));
    }
    if (f.serviceId) {
      parts.push(eb('tickets.service_id', '=', f.serviceId));
    }
    if (f.lineId) {
      parts.push(eb('tickets.line_id', '=', f.lineId));
    }
    if (f.groupId) {
      parts.push(eb('tickets.group_id', '=', f.groupId));
    }
    if (f.type) {
      parts.push(eb('tickets.type', '=', f.type));
    }
    if (f.priority) {
      parts.push(eb('tickets.priority', '=', f.priority as Priority));
    }
    if (f.employeeId && (options.employeeIsAssignee ?? true)) {
      parts.push(eb('tickets.assignee_id', '=', f.employeeId));
    }
    return eb.and(parts);
  };
}

/**
 * The visible, filtered requests (and the columns reports group by), for a `with t as not materialized`.
 * Reports that start from a period's rows of another table (worklogs, events, lines) reach `t` through
 * `cross join lateral (select t.* from t where t.id = x.ticket_id offset 0)`: the fence keeps PostgreSQL
 * to one primary-key lookup per row of the period instead of hashing every request, so the cost follows
 * the period, not the size of the desk.
 */
export const visibleTicketRows = (db: Db, scope: ReportScope, options: TicketFilterOptions = {}) =>
  db
    .selectFrom('tickets')
    .where(ticketFilter(scope, options))
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.client_id',
      'tickets.service_id',
      'tickets.line_id',
      'tickets.assignee_id',
      'tickets.channel',
      'tickets.status',
      'tickets.priority',
      'tickets.created_at',
      'tickets.closed_at',
      'tickets.estimate_hours',
      'tickets.planned_end',
      'tickets.escalations',
    ]);

/** Numbers from SQL (numeric and bigint come as text) rounded to hundredths. */
export const num = (value: unknown, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(Number(value ?? 0) * factor) / factor;
};

/** `part / whole` as a share rounded to thousandths, null when there is nothing to divide. */
export const share = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
