// The planning board (DESIGN.md capability 6, seed 001): employees, their planned requests over one or two
// weeks, each day's capacity against planned hours, and the backlog of approved requests waiting for a
// plan. Four or five queries whatever the size of the team; every request read goes through the one visibility
// filter, so an agent's read-only board shows only what he may see anyway.
import { sql } from 'kysely';
import type { Status } from '#common/tickets.ts';
import type { Db } from '#server/db/client.ts';
import { FieldValidationError } from '#server/http/problem.ts';
import { type Actor, lineIdsOfUser } from '#server/modules/auth/actor.ts';
import { findWorkingCalendar } from '#server/modules/sla/service.ts';
import { allowedTransitions, mayReplan, transitionRule } from '#server/modules/tickets/lifecycle.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';
import { boardDays, hoursOf, isCalendarDate, plannedMinutesByDay } from './board.ts';

/** Statuses whose requests sit on the schedule: what is planned, under way, and what was done to plan. */
const ON_BOARD: Status[] = ['planned', 'in_progress', 'done', 'completed'];
const BACKLOG_LIMIT = 100;
const ITEMS_LIMIT = 5000;

export type PlanningQuery = { from: string; days?: 7 | 14; lineId?: string };

const iso = (value: Date | string): string => new Date(value).toISOString();

/** The order a dispatcher takes the backlog in: the most urgent first, then the oldest. */
const priorityRank = sql<number>`case tickets.priority when 'critical' then 4 when 'high' then 3
  when 'normal' then 2 else 1 end`;

/**
 * The board for `from` and the following days in the caller's time zone. Dispatchers and admins see every
 * agent; an agent sees the agents of his lines (and himself). Anyone with a planned request visible in the
 * range has a row too, so no bar is left without one.
 * @throws FieldValidationError for a date that does not exist.
 */
export async function getPlanningBoard(db: Db, actor: Actor, query: PlanningQuery) {
  if (!isCalendarDate(query.from)) {
    throw new FieldValidationError('from', 'must be a date YYYY-MM-DD');
  }
  const count = query.days ?? 7;
  const { lineId } = query;
  const timeZone = actor.timeZone;
  const calendar = await findWorkingCalendar(db);
  const days = boardDays(calendar, query.from, count, timeZone);
  const rangeStart = days[0]!.start;
  const rangeEnd = days[days.length - 1]!.end;
  const seesAll = actor.role === 'admin' || actor.role === 'dispatcher';

  const [agents, items, backlog] = await Promise.all([
    db
      .selectFrom('users as u')
      .select(['u.id', 'u.name', 'u.role', lineIdsOfUser().as('line_ids')])
      .where('u.is_active', '=', true)
      .where('u.role', '=', 'agent')
      .$if(lineId !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_lines as l')
              .select('l.user_id')
              .whereRef('l.user_id', '=', 'u.id')
              .where('l.line_id', '=', lineId ?? ''),
          ),
        ),
      )
      .$if(!seesAll, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('u.id', '=', actor.id),
            ...(actor.lineIds.length
              ? [
                  eb.exists(
                    eb
                      .selectFrom('user_lines as l')
                      .select('l.user_id')
                      .whereRef('l.user_id', '=', 'u.id')
                      .where('l.line_id', 'in', actor.lineIds),
                  ),
                ]
              : []),
          ]),
        ),
      )
      .orderBy('u.name')
      .execute(),
    db
      .selectFrom('tickets')
      .innerJoin('users as u', 'u.id', 'tickets.assignee_id')
      .leftJoin('clients', 'clients.id', 'tickets.client_id')
      .select([
        'tickets.id',
        'tickets.number',
        'tickets.title',
        'tickets.client_id',
        'clients.name as client_name',
        'tickets.requester_id',
        'tickets.status',
        'tickets.status_before_stale',
        'tickets.priority',
        'tickets.planned_start',
        'tickets.planned_end',
        'tickets.estimate_hours',
        'tickets.version',
        'tickets.assignee_id',
        'u.name as assignee_name',
        'u.role as assignee_role',
      ])
      .where(visibleTickets(actor))
      .where('tickets.status', 'in', ON_BOARD)
      // The overlap in the form the range index of migration 0012 serves.
      .where('tickets.planned_start', 'is not', null)
      .where('tickets.planned_end', 'is not', null)
      .where(
        sql<boolean>`tstzrange(tickets.planned_start, tickets.planned_end) && tstzrange(${rangeStart}::timestamptz, ${rangeEnd}::timestamptz)`,
      )
      .$if(lineId !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_lines as l')
              .select('l.user_id')
              .whereRef('l.user_id', '=', 'tickets.assignee_id')
              .where('l.line_id', '=', lineId ?? ''),
          ),
        ),
      )
      .orderBy('tickets.planned_start')
      .orderBy('tickets.number')
      .limit(ITEMS_LIMIT)
      .execute(),
    db
      .selectFrom('tickets')
      .leftJoin('clients', 'clients.id', 'tickets.client_id')
      .select([
        'tickets.id',
        'tickets.number',
        'tickets.title',
        'tickets.client_id',
        'clients.name as client_name',
        'tickets.requester_id',
        'tickets.assignee_id',
        'tickets.status',
        'tickets.status_before_stale',
        'tickets.priority',
        'tickets.estimate_hours',
        'tickets.acceptance_criteria',
        'tickets.desired_due_at',
        'tickets.line_id',
        'tickets.version',
        sql<number>`count(*) over ()`.as('total'),
      ])
      .where(visibleTickets(actor))
      .where('tickets.status', '=', 'approved')
      .$if(lineId !== undefined, (qb) => qb.where('tickets.line_id', '=', lineId ?? ''))
      .orderBy(priorityRank, 'desc')
      .orderBy(sql`tickets.desired_due_at asc nulls last`)
      .orderBy('tickets.number')
      .limit(BACKLOG_LIMIT)
      .execute(),
  ]);

  type Employee = {
    id: string;
    name: string;
    role: string;
    lineIds: string[];
    items: ReturnType<typeof presentItem>[];
    minutes: number[];
  };
  const employees = new Map<string, Employee>();
  const rowOf = (id: string, name: string, role: string, lineIds: string[]) => {
    let employee = employees.get(id);
    if (!employee) {
      employee = { id, name, role, lineIds, items: [], minutes: days.map(() => 0) };
      employees.set(id, employee);
    }
    return employee;
  };
  for (const agent of agents) {
    rowOf(agent.id, agent.name, agent.role, agent.line_ids);
  }
  const presentItem = (row: (typeof items)[number]) => ({
    id: row.id,
    number: Number(row.number),
    title: row.title,
    clientId: row.client_id,
    clientName: row.client_name,
    status: row.status,
    priority: row.priority,
    plannedStart: iso(row.planned_start!),
    plannedEnd: iso(row.planned_end!),
    estimateHours: row.estimate_hours === null ? null : Number(row.estimate_hours),
    version: row.version,
    canMove: mayReplan(
      {
        status: row.status,
        clientId: row.client_id,
        requesterId: row.requester_id,
        assigneeId: row.assignee_id,
        estimateHours: row.estimate_hours,
        statusBeforeStale: row.status_before_stale,
      },
      actor,
    ),
  });
  // People with a visible plan but outside the agents listed (a dispatcher who took a request, an agent
  // of another line): their lines in one more query, only when there are any.
  const known = new Set(agents.map((agent) => agent.id));
  const others = [...new Set(items.map((row) => row.assignee_id!).filter((id) => !known.has(id)))];
  const otherLines = new Map(
    others.length
      ? (
          await db
            .selectFrom('users as u')
            .select(['u.id', lineIdsOfUser().as('line_ids')])
            .where('u.id', 'in', others)
            .execute()
        ).map((row) => [row.id, row.line_ids])
      : [],
  );
  for (const row of items) {
    const employee = rowOf(
      row.assignee_id!,
      row.assignee_name,
      row.assignee_role,
      otherLines.get(row.assignee_id!) ?? [],
    );
    employee.items.push(presentItem(row));
    const minutes = plannedMinutesByDay(calendar, days, {
      start: new Date(row.planned_start!),
      end: new Date(row.planned_end!),
      estimateHours: row.estimate_hours === null ? null : Number(row.estimate_hours),
    });
    minutes.forEach((value, index) => {
      employee.minutes[index]! += value;
    });
  }

  return {
    from: query.from,
    timeZone,
    // Whoever the lifecycle lets plan approved requests plans on the board; everyone else only looks.
    canPlan: (transitionRule('approved', 'planned')?.by ?? []).some((party) => party === actor.role),
    days: days.map((day) => ({
      date: day.date,
      start: day.start.toISOString(),
      end: day.end.toISOString(),
      kind: day.kind,
      capacityHours: hoursOf(day.capacityMinutes),
      workingSpans: day.spans.map((span) => ({
        start: span.start.toISOString(),
        end: span.end.toISOString(),
      })),
    })),
    employees: [...employees.values()]
      .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
      .map(({ minutes, ...employee }) => ({ ...employee, plannedHours: minutes.map(hoursOf) })),
    backlog: backlog.map((row) => ({
      id: row.id,
      number: Number(row.number),
      title: row.title,
      clientId: row.client_id,
      clientName: row.client_name,
      priority: row.priority,
      estimateHours: row.estimate_hours === null ? null : Number(row.estimate_hours),
      acceptanceCriteria: row.acceptance_criteria,
      desiredDueAt: row.desired_due_at ? iso(row.desired_due_at) : null,
      lineId: row.line_id,
      version: row.version,
      canPlan: allowedTransitions(
        {
          status: row.status,
          clientId: row.client_id,
          requesterId: row.requester_id,
          assigneeId: row.assignee_id,
          estimateHours: row.estimate_hours,
          statusBeforeStale: row.status_before_stale,
        },
        actor,
      ).includes('planned'),
    })),
    backlogTotal: Number(backlog[0]?.total ?? 0),
  };
}
