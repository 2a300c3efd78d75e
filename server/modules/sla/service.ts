// The SLA clock as the desk stores it: for each request, its client's calendar and its contract's
// policy are looked up, the clock is recomputed from the history (clock.ts), and the results go onto
// the request row, where queues sort by them and the breach job finds what falls due.
import { sql } from 'kysely';
import { isStaffRole } from '#common/roles.ts';
import type { Priority } from '#common/tickets.ts';
import type { Db } from '#server/db/client.ts';
import {
  type BusinessCalendar,
  type CalendarException,
  PRODUCTION_CALENDAR_YEARS,
  type WorkingInterval,
  productionCalendarExceptions,
} from './calendar.ts';
import { type SlaClock, type SlaState, type SlaTargets, computeSlaClock } from './clock.ts';

export type CalendarRow = {
  id: string;
  time_zone: string;
  week: unknown;
  exceptions: unknown;
  production_calendar: boolean;
  version: number;
};

/** jsonb as node-postgres (parsed) or PGlite's text path may hand it over. */
export const parseJson = <T>(value: unknown): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);

// Compiled calendars are cached by their object (calendar.ts), so one object per calendar version.
const calendars = new Map<string, BusinessCalendar>();

/** The calendar of a row, the production calendar merged under its own exceptions. */
export function calendarOf(row: CalendarRow): BusinessCalendar {
  const key = `${row.id}:${row.version}`;
  const known = calendars.get(key);
  if (known) {
    return known;
  }
  const own = parseJson<Record<string, CalendarException>>(row.exceptions);
  const calendar: BusinessCalendar = {
    timeZone: row.time_zone,
    week: parseJson<BusinessCalendar['week']>(row.week),
    exceptions: row.production_calendar
      ? { ...productionCalendarExceptions(PRODUCTION_CALENDAR_YEARS), ...own }
      : own,
  };
  if (calendars.size > 200) {
    calendars.clear();
  }
  calendars.set(key, calendar);
  return calendar;
}

export type PolicyTargets = Record<Priority, SlaTargets>;

/** What one request's clock needs, gathered for many requests in a few queries. */
async function gather(db: Db, ticketIds: readonly string[]) {
  const [tickets, changes] = await Promise.all([
    db
      .selectFrom('tickets as t')
      .leftJoin('clients as c', 'c.id', 't.client_id')
      .select([
        't.id',
        't.created_at',
        't.priority',
        't.status',
        't.closed_at',
        't.reacted_at',
        't.sla_state',
        sql<string>`coalesce(c.calendar_id, (select id from business_calendars where is_default))`.as(
          'calendar_id',
        ),
        sql<string | null>`coalesce((select k.sla_policy_id from contracts k
            where k.client_id = t.client_id and k.is_active and k.sla_policy_id is not null
            order by k.starts_on desc limit 1), (select id from sla_policies where is_default))`.as(
          'policy_id',
        ),
      ])
      .where('t.id', 'in', ticketIds)
      .execute(),
    db
      .selectFrom('ticket_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.ticket_id', 'e.kind', 'e.data', 'e.internal', 'e.created_at', 'u.role'])
      .where('e.ticket_id', 'in', ticketIds)
      .where('e.kind', 'in', ['transitioned', 'commented'])
      .orderBy('e.ticket_id')
      .orderBy('e.id')
      .execute(),
  ]);
  const calendarIds = [...new Set(tickets.map((t) => t.calendar_id))];
  const policyIds = [...new Set(tickets.map((t) => t.policy_id).filter((id): id is string => id !== null))];
  const [calendarRows, policyRows] = await Promise.all([
    calendarIds.length
      ? db
          .selectFrom('business_calendars')
          .select(['id', 'time_zone', 'week', 'exceptions', 'production_calendar', 'version'])
          .where('id', 'in', calendarIds)
          .execute()
      : [],
    policyIds.length
      ? db
          .selectFrom('sla_policies')
          .select(['id', 'targets', 'warn_share'])
          .where('id', 'in', policyIds)
          .execute()
      : [],
  ]);
  const calendarById = new Map(calendarRows.map((row) => [row.id, calendarOf(row)]));
  const policyById = new Map(
    policyRows.map((row) => [
      row.id,
      { targets: parseJson<PolicyTargets>(row.targets), warnShare: row.warn_share },
    ]),
  );
  const historyOf = new Map<string, (typeof changes)[number][]>();
  for (const event of changes) {
    const list = historyOf.get(event.ticket_id) ?? [];
    list.push(event);
    historyOf.set(event.ticket_id, list);
  }
  return { tickets, calendarById, policyById, historyOf };
}

export type StoredSla = {
  reactedAt: Date | null;
  reactionDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaDueAt: Date | null;
  slaWarnAt: Date | null;
  slaState: SlaState | null;
};

/** The one state a queue shows for both timers: a breach first, then a warning, then the rest. */
export function summarize(clock: SlaClock): Omit<StoredSla, 'reactedAt'> {
  const timers = [clock.reaction, clock.resolution];
  // Running: not met and not paused; a breached timer still runs (its past due time sorts it first).
  const running = timers.filter((t) => t.metAt === null && t.state !== 'paused' && t.state !== 'met');
  const earliest = (dates: (Date | null)[]) =>
    dates.reduce<Date | null>((min, d) => (d && (!min || d < min) ? d : min), null);
  const state: SlaState = timers.some((t) => t.state === 'breached')
    ? 'breached'
    : timers.some((t) => t.state === 'warning')
      ? 'warning'
      : running.length
        ? 'ok'
        : timers.some((t) => t.state === 'paused')
          ? 'paused'
          : 'met';
  return {
    reactionDueAt: clock.reaction.dueAt,
    resolutionDueAt: clock.resolution.dueAt,
    slaDueAt: earliest(running.map((t) => t.dueAt)),
    slaWarnAt: earliest(timers.filter((t) => t.state === 'ok').map((t) => t.warnAt)),
    slaState: state,
  };
}

const STOPPED = new Set(['completed', 'rejected', 'irrelevant']);

/**
 * The SLA of a request about to be registered (no history yet): one query for its client's calendar and
 * policy, so a create pays one round trip for it.
 */
export async function initialSla(
  db: Db,
  clientId: string | null,
  priority: Priority,
  now: Date,
): Promise<Omit<StoredSla, 'reactedAt'>> {
  const row = await db
    .selectFrom('business_calendars as b')
    .leftJoin('sla_policies as p', (join) =>
      join.on(
        sql<boolean>`p.id = coalesce((select k.sla_policy_id from contracts k
          where k.client_id = ${clientId}::uuid and k.is_active and k.sla_policy_id is not null
          order by k.starts_on desc limit 1), (select id from sla_policies where is_default))`,
      ),
    )
    .select([
      'b.id',
      'b.time_zone',
      'b.week',
      'b.exceptions',
      'b.production_calendar',
      'b.version',
      'p.targets',
      'p.warn_share',
    ])
    .where(
      sql<boolean>`b.id = coalesce((select c.calendar_id from clients c where c.id = ${clientId}::uuid),
        (select id from business_calendars where is_default))`,
    )
    .executeTakeFirst();
  const targets = row?.targets ? parseJson<PolicyTargets>(row.targets)[priority] : undefined;
  if (!row || !targets) {
    return { reactionDueAt: null, resolutionDueAt: null, slaDueAt: null, slaWarnAt: null, slaState: null };
  }
  return summarize(
    computeSlaClock({
      createdAt: now,
      statusChanges: [],
      reactedAt: null,
      resolvedAt: null,
      targets,
      calendar: calendarOf(row),
      now,
      warnShare: row.warn_share ?? undefined,
    }),
  );
}

/**
 * Recomputes and stores the SLA of the given requests at `now`; answers each request's state before and
 * after, so the caller can tell who crossed into warning or breach.
 * Invariant: the stored columns are a function of the history, the calendar and the policy — running this
 * again changes nothing unless one of them, or the time, has.
 */
export async function recomputeSla(db: Db, ticketIds: readonly string[], now: Date) {
  if (ticketIds.length === 0) {
    return [];
  }
  const { tickets, calendarById, policyById, historyOf } = await gather(db, ticketIds);
  const results: { id: string; before: SlaState | null; stored: StoredSla }[] = [];
  for (const ticket of tickets) {
    const calendar = calendarById.get(ticket.calendar_id);
    const policy = ticket.policy_id ? policyById.get(ticket.policy_id) : undefined;
    const targets = policy?.targets[ticket.priority];
    const history = historyOf.get(ticket.id) ?? [];
    // The first reaction: a transition or a public reply by a member of the staff.
    const reaction = history.find(
      (e) =>
        e.role &&
        isStaffRole(e.role) &&
        (e.kind === 'transitioned' || (e.kind === 'commented' && !e.internal)),
    );
    const reactedAt = reaction ? new Date(reaction.created_at) : null;
    let stored: StoredSla = {
      reactedAt,
      reactionDueAt: null,
      resolutionDueAt: null,
      slaDueAt: null,
      slaWarnAt: null,
      slaState: null,
    };
    if (calendar && targets && policy) {
      const statusChanges = history
        .filter((e) => e.kind === 'transitioned')
        .map((e) => ({
          at: new Date(e.created_at),
          to: String(parseJson<{ to?: string }>(e.data).to ?? ''),
        }));
      const clock = computeSlaClock({
        createdAt: new Date(ticket.created_at),
        statusChanges,
        reactedAt,
        resolvedAt: STOPPED.has(ticket.status) && ticket.closed_at ? new Date(ticket.closed_at) : null,
        targets,
        calendar,
        now,
        warnShare: policy.warnShare,
      });
      stored = { reactedAt, ...summarize(clock) };
    }
    results.push({ id: ticket.id, before: ticket.sla_state ?? null, stored });
  }
  await writeStored(db, results);
  return results;
}

async function writeStored(db: Db, results: { id: string; stored: StoredSla }[]) {
  if (results.length === 0) {
    return;
  }
  const ts = (d: Date | null) => (d ? d.toISOString() : null);
  const rows = results.map(
    (r) =>
      sql`(${r.id}::uuid, ${ts(r.stored.reactedAt)}::timestamptz, ${ts(r.stored.reactionDueAt)}::timestamptz,
        ${ts(r.stored.resolutionDueAt)}::timestamptz, ${ts(r.stored.slaDueAt)}::timestamptz,
        ${ts(r.stored.slaWarnAt)}::timestamptz, ${r.stored.slaState}::text)`,
  );
  await sql`update tickets set
      reacted_at = v.reacted_at, reaction_due_at = v.reaction_due_at, resolution_due_at = v.resolution_due_at,
      sla_due_at = v.sla_due_at, sla_warn_at = v.sla_warn_at, sla_state = v.sla_state
    from (values ${sql.join(rows)}) as v(id, reacted_at, reaction_due_at, resolution_due_at, sla_due_at, sla_warn_at, sla_state)
    where tickets.id = v.id
      and (tickets.reacted_at, tickets.reaction_due_at, tickets.resolution_due_at, tickets.sla_due_at, tickets.sla_warn_at, tickets.sla_state)
        is distinct from (v.reacted_at, v.reaction_due_at, v.resolution_due_at, v.sla_due_at, v.sla_warn_at, v.sla_state)`.execute(
    db,
  );
}

/**
 * Recomputes every open request (of one calendar's clients, or all), in batches by keyset: what a
 * calendar or policy edit triggers.
 */
export async function recomputeOpenSla(
  db: Db,
  now: Date,
  options: { calendarId?: string; batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const ids: { id: string }[] = await db
      .selectFrom('tickets as t')
      .select('t.id')
      .where('t.status', 'not in', [...STOPPED] as never[])
      .$if(options.calendarId !== undefined, (qb) =>
        qb.where(
          sql<boolean>`coalesce((select c.calendar_id from clients c where c.id = t.client_id),
            (select id from business_calendars where is_default)) = ${options.calendarId ?? null}`,
        ),
      )
      .$if(after !== null, (qb) => qb.where('t.id', '>', after ?? ''))
      .orderBy('t.id')
      .limit(batchSize)
      .execute();
    if (ids.length === 0) {
      return count;
    }
    await recomputeSla(
      db,
      ids.map((r) => r.id),
      now,
    );
    count += ids.length;
    after = ids.at(-1)?.id ?? null;
  }
}

export type { WorkingInterval };
