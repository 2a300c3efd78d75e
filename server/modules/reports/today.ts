import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import { FieldValidationError, ForbiddenError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

// The day on the desk at a glance, for whoever distributes the work: requests registered today (the
// caller's local day), open ones nobody is assigned to, SLA timers about to run out or already run
// out, planned work past its planned end, and the timers running now. Open means not yet done:
// `done`, the closed statuses and `stale` are out of the queue.

const OUT_OF_QUEUE = ['done', 'completed', 'rejected', 'irrelevant', 'stale'];

export type TodayDashboard = {
  day: string;
  newToday: number;
  open: number;
  unassigned: number;
  slaWarning: number;
  slaBreached: number;
  overdue: number;
  runningTimers: {
    userId: string;
    name: string;
    ticketId: string;
    number: number;
    title: string;
    startedAt: string;
  }[];
  byHour: { hour: number; opened: number }[];
  byStatus: { status: string; count: number }[];
  byPriority: { priority: string; open: number; breached: number }[];
};

export async function todayDashboard(
  db: Db,
  actor: Actor,
  now: Date,
  timeZone?: string,
): Promise<TodayDashboard> {
  if (actor.role !== 'admin' && actor.role !== 'dispatcher' && actor.role !== 'agent') {
    throw new ForbiddenError('The day’s dashboard is the staff’s');
  }
  const zone = timeZone ?? actor.timeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new FieldValidationError('timeZone', 'must be an IANA time zone');
  }
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(now);
  const start = sql<Date>`(${day}::date::timestamp at time zone ${zone})`;
  const t = db
    .selectFrom('tickets')
    .where(visibleTickets(actor))
    .select([
      'tickets.id',
      'tickets.status',
      'tickets.priority',
      'tickets.assignee_id',
      'tickets.created_at',
      'tickets.sla_state',
      'tickets.planned_end',
    ]);
  const outOfQueue = sql.join(OUT_OF_QUEUE.map((status) => sql.lit(status)));
  const [counts, byHour, byStatus, byPriority, timers] = await Promise.all([
    sql<{
      new_today: string;
      open: string;
      unassigned: string;
      warning: string;
      breached: string;
      overdue: string;
    }>`
      with t as not materialized (${t})
      select
        (select count(*) from t where created_at >= ${start}) as new_today,
        count(*) as open,
        count(*) filter (where assignee_id is null) as unassigned,
        count(*) filter (where sla_state = 'warning') as warning,
        count(*) filter (where sla_state = 'breached') as breached,
        count(*) filter (where status in ('planned', 'in_progress') and planned_end < ${now}) as overdue
      from t where status not in (${outOfQueue})`.execute(db),
    sql<{ hour: number; opened: string }>`
      with t as not materialized (${t})
      select extract(hour from created_at at time zone ${zone})::int as hour, count(*) as opened
      from t where created_at >= ${start} group by 1`.execute(db),
    sql<{ status: string; count: string }>`
      with t as not materialized (${t})
      select status, count(*) as count from t where status not in (${outOfQueue}) group by status`.execute(
      db,
    ),
    sql<{ priority: string; open: string; breached: string }>`
      with t as not materialized (${t})
      select priority, count(*) as open, count(*) filter (where sla_state = 'breached') as breached
      from t where status not in (${outOfQueue}) group by priority`.execute(db),
    sql<{
      user_id: string;
      name: string;
      ticket_id: string;
      number: string;
      title: string;
      started_at: Date;
    }>`
      select r.user_id, u.name, r.ticket_id, tk.number, tk.title, r.started_at
      from running_timers r join users u on u.id = r.user_id
      join tickets tk on tk.id = r.ticket_id
      where r.ticket_id in (select id from (${t}) v)
      order by r.started_at`.execute(db),
  ]);
  const row = counts.rows[0];
  const hours = new Map(byHour.rows.map((r) => [Number(r.hour), Number(r.opened)]));
  const currentHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now),
  );
  const ORDER = ['new', 'evaluated', 'approved', 'planned', 'in_progress'];
  const RANK: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };
  return {
    day,
    newToday: Number(row?.new_today ?? 0),
    open: Number(row?.open ?? 0),
    unassigned: Number(row?.unassigned ?? 0),
    slaWarning: Number(row?.warning ?? 0),
    slaBreached: Number(row?.breached ?? 0),
    overdue: Number(row?.overdue ?? 0),
    runningTimers: timers.rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      ticketId: r.ticket_id,
      number: Number(r.number),
      title: r.title,
      startedAt: new Date(r.started_at).toISOString(),
    })),
    byHour: Array.from({ length: currentHour + 1 }, (_, hour) => ({ hour, opened: hours.get(hour) ?? 0 })),
    byStatus: byStatus.rows
      .map((r) => ({ status: r.status, count: Number(r.count) }))
      .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status)),
    byPriority: byPriority.rows
      .map((r) => ({ priority: r.priority, open: Number(r.open), breached: Number(r.breached) }))
      .sort((a, b) => (RANK[a.priority] ?? 9) - (RANK[b.priority] ?? 9)),
  };
}
