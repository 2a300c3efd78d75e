import { sql } from 'kysely';
import type { Db } from '#server/db/client.ts';
import type { Role } from '#common/roles.ts';
import type { Priority } from '#common/tickets.ts';
import { type SlaTimer, computeSlaClock } from '#server/modules/sla/index.ts';
import {
  calendarIdOf,
  isReactionEvent,
  loadSlaSettings,
  parseJson,
  slaPolicyIdOf,
} from '#server/modules/sla/service.ts';
import { type ReportScope, num, share, visibleTicketRows } from './scope.ts';

// SLA compliance of the requests registered in the period, both timers judged by the SLA module's own
// clock over each request's history (the stored sla_state merges the two timers and a closed request
// keeps no resolution due time when it was closed from a paused status, so the columns alone cannot
// tell which timer failed). A timer is met, breached (late, or overdue and still running), or pending
// (running within its target, or paused); shares are of the judged ones. A breach's cause is the
// status the request stood in when its due time passed, and whether it had been escalated.

const STOPPED = new Set(['completed', 'rejected', 'irrelevant']);
/** The breach list is for reading, not a dump: the worst ones first. */
const MAX_BREACHES = 500;

type Outcome = { met: number; breached: number; pending: number; metShare: number | null };
export type SlaBreach = {
  ticketId: string;
  number: number;
  title: string;
  clientName: string | null;
  priority: string;
  timer: 'reaction' | 'resolution';
  dueAt: string;
  /** When the timer's event happened, null while it is still running past due. */
  metAt: string | null;
  overdueWorkingHours: number;
  statusAtDue: string;
  escalated: boolean;
};
export type SlaReport = {
  requests: number;
  reaction: Outcome;
  resolution: Outcome;
  byPriority: { priority: string; reaction: Outcome; resolution: Outcome }[];
  breaches: SlaBreach[];
};

type TicketRow = {
  id: string;
  number: string;
  title: string;
  client_name: string | null;
  priority: Priority;
  status: string;
  created_at: Date;
  closed_at: Date | null;
  escalations: number;
  calendar_id: string;
  policy_id: string | null;
};
type EventRow = {
  ticket_id: string;
  kind: string;
  data: unknown;
  internal: boolean;
  created_at: Date;
  role: Role | null;
};

const outcome = () => ({ met: 0, breached: 0, pending: 0 });
const judged = (o: { met: number; breached: number; pending: number }): Outcome => ({
  ...o,
  metShare: share(o.met, o.met + o.breached),
});
const count = (o: { met: number; breached: number; pending: number }, timer: SlaTimer) => {
  if (timer.state === 'met') {
    o.met += 1;
  } else if (timer.state === 'breached') {
    o.breached += 1;
  } else {
    o.pending += 1;
  }
};

export async function slaReport(db: Db, scope: ReportScope, now: Date): Promise<SlaReport> {
  const t = visibleTicketRows(db, scope);
  const { start, end } = scope;
  const tickets = (
    await sql<TicketRow>`
      with t as not materialized (${t})
      select t.id, t.number, t.title, c.name as client_name, t.priority, t.status, t.created_at,
        t.closed_at, t.escalations,
        ${calendarIdOf(sql.ref('c.calendar_id'))} as calendar_id,
        ${slaPolicyIdOf(sql.ref('t.client_id'))} as policy_id
      from t left join clients c on c.id = t.client_id
      where t.created_at >= ${start} and t.created_at < ${end}`.execute(db)
  ).rows;
  const calendarIds = [...new Set(tickets.map((row) => row.calendar_id))];
  const policyIds = [...new Set(tickets.flatMap((row) => (row.policy_id ? [row.policy_id] : [])))];
  const [events, { calendarById: calendars, policyById: policies }] = await Promise.all([
    // The cohort again, not its ids as one array; `offset 0` keeps the lateral subquery from being
    // flattened into a hash join over all events: each request's events come by its own index.
    tickets.length
      ? sql<EventRow>`
          with t as not materialized (${t})
          select e.ticket_id, e.kind, e.data, e.internal, e.created_at, e.role
          from t cross join lateral (
            select e.*, (select u.role from users u where u.id = e.actor_id) as role
            from ticket_events e
            where e.ticket_id = t.id and e.kind in ('transitioned', 'commented')
            offset 0
          ) e
          where t.created_at >= ${start} and t.created_at < ${end}
          order by e.ticket_id, e.id`.execute(db)
      : { rows: [] as EventRow[] },
    loadSlaSettings(db, calendarIds, policyIds),
  ]);
  const historyOf = new Map<string, EventRow[]>();
  for (const event of events.rows) {
    const list = historyOf.get(event.ticket_id) ?? [];
    list.push(event);
    historyOf.set(event.ticket_id, list);
  }

  const reaction = outcome();
  const resolution = outcome();
  const byPriority = new Map<
    string,
    { reaction: ReturnType<typeof outcome>; resolution: ReturnType<typeof outcome> }
  >();
  const breaches: SlaBreach[] = [];
  let requests = 0;
  for (const ticket of tickets) {
    const calendar = calendars.get(ticket.calendar_id);
    const policy = ticket.policy_id ? policies.get(ticket.policy_id) : undefined;
    const targets = policy?.targets[ticket.priority];
    if (!calendar || !policy || !targets) {
      continue;
    }
    requests += 1;
    const history = historyOf.get(ticket.id) ?? [];
    // The same reading of the history as the SLA module's recompute: a transition or a public reply by
    // the staff is the reaction; transitions are the status changes.
    const reactionEvent = history.find(isReactionEvent);
    const changes = history
      .filter((e) => e.kind === 'transitioned')
      .map((e) => ({ at: new Date(e.created_at), to: String(parseJson<{ to?: string }>(e.data).to ?? '') }));
    const clock = computeSlaClock({
      createdAt: new Date(ticket.created_at),
      statusChanges: changes,
      reactedAt: reactionEvent ? new Date(reactionEvent.created_at) : null,
      resolvedAt: STOPPED.has(ticket.status) && ticket.closed_at ? new Date(ticket.closed_at) : null,
      targets,
      calendar,
      now,
      warnShare: policy.warnShare,
    });
    const group = byPriority.get(ticket.priority) ?? { reaction: outcome(), resolution: outcome() };
    byPriority.set(ticket.priority, group);
    for (const [name, timer, totals, own] of [
      ['reaction', clock.reaction, reaction, group.reaction],
      ['resolution', clock.resolution, resolution, group.resolution],
    ] as const) {
      count(totals, timer);
      count(own, timer);
      if (timer.state === 'breached' && timer.dueAt) {
        const due = timer.dueAt.getTime();
        let statusAtDue = 'new';
        for (const change of changes) {
          if (change.at.getTime() <= due) {
            statusAtDue = change.to;
          }
        }
        breaches.push({
          ticketId: ticket.id,
          number: Number(ticket.number),
          title: ticket.title,
          clientName: ticket.client_name,
          priority: ticket.priority,
          timer: name,
          dueAt: timer.dueAt.toISOString(),
          metAt: timer.metAt ? timer.metAt.toISOString() : null,
          overdueWorkingHours: num(Math.max(0, -timer.remainingMinutes) / 60),
          statusAtDue,
          escalated: ticket.escalations > 0,
        });
      }
    }
  }
  const RANK: Record<string, number> = { critical: 0, high: 1, normal: 2, low: 3 };
  return {
    requests,
    reaction: judged(reaction),
    resolution: judged(resolution),
    byPriority: [...byPriority.entries()]
      .sort(([a], [b]) => (RANK[a] ?? 9) - (RANK[b] ?? 9))
      .map(([priority, group]) => ({
        priority,
        reaction: judged(group.reaction),
        resolution: judged(group.resolution),
      })),
    breaches: breaches
      .sort((a, b) => b.overdueWorkingHours - a.overdueWorkingHours || a.number - b.number)
      .slice(0, MAX_BREACHES),
  };
}
