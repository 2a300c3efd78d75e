// What the team is doing (seed 001: "everyone can always see what colleagues are busy with, and what
// they were busy with before"): each employee's running timer now and the work recorded on a day.
// Invariant: a request the caller may not see is never named — its id, number, title and the note of the
// work on it stay behind the one visibility filter; only that somebody worked, when and how long shows.
import { sql } from 'kysely';
import { STAFF_ROLES } from '#common/roles.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { visibleTickets } from '#server/modules/tickets/policy.ts';

/** The calendar day an instant falls on in a time zone, as YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The requests the actor may see, as a derived table to left-join: a miss means "hidden". */
const seenTickets = (db: Db, actor: Actor) =>
  db
    .selectFrom('tickets')
    .select(['tickets.id', 'tickets.number', 'tickets.title'])
    .where(visibleTickets(actor))
    .as('seen');

const ticketRef = (row: { seen_id: string | null; seen_number: number | null; seen_title: string | null }) =>
  row.seen_id !== null && row.seen_number !== null && row.seen_title !== null
    ? { id: row.seen_id, number: row.seen_number, title: row.seen_title }
    : null;

/**
 * Every employee's running timer and the work recorded on `date` (a day in the actor's time zone, today
 * when absent), with totals. Two queries, whatever the size of the team.
 */
export async function getActivity(deps: { db: Db; clock: Clock }, actor: Actor, query: { date?: string }) {
  const timeZone = actor.timeZone;
  const today = dayIn(timeZone, deps.clock.now());
  const date = query.date ?? today;
  const from = sql<Date>`(${date}::date)::timestamp at time zone ${timeZone}`;
  const to = sql<Date>`(${date}::date + 1)::timestamp at time zone ${timeZone}`;

  const [people, worklogs] = await Promise.all([
    deps.db
      .selectFrom('users as u')
      .leftJoin('running_timers as r', 'r.user_id', 'u.id')
      .leftJoin(seenTickets(deps.db, actor), 'seen.id', 'r.ticket_id')
      .select([
        'u.id',
        'u.name',
        'u.role',
        'u.is_active',
        'r.started_at as timer_started_at',
        'seen.id as seen_id',
        'seen.number as seen_number',
        'seen.title as seen_title',
      ])
      .where('u.role', 'in', STAFF_ROLES)
      // A colleague who has left still shows on the days he worked.
      .where((eb) =>
        eb.or([
          eb('u.is_active', '=', true),
          eb.exists(
            eb
              .selectFrom('worklogs as d')
              .select('d.id')
              .whereRef('d.user_id', '=', 'u.id')
              .where('d.started_at', '>=', from)
              .where('d.started_at', '<', to),
          ),
        ]),
      )
      .orderBy(sql`lower(u.name)`)
      .orderBy('u.id')
      .execute(),
    deps.db
      .selectFrom('worklogs as w')
      .leftJoin(seenTickets(deps.db, actor), 'seen.id', 'w.ticket_id')
      .select([
        'w.id',
        'w.user_id',
        'w.started_at',
        'w.minutes',
        'w.note',
        'w.source',
        'seen.id as seen_id',
        'seen.number as seen_number',
        'seen.title as seen_title',
      ])
      .where('w.started_at', '>=', from)
      .where('w.started_at', '<', to)
      .orderBy('w.started_at')
      .orderBy('w.id')
      .execute(),
  ]);

  const workOf = new Map<string, typeof worklogs>();
  for (const worklog of worklogs) {
    const list = workOf.get(worklog.user_id) ?? [];
    list.push(worklog);
    workOf.set(worklog.user_id, list);
  }
  const presented = people.map((person) => {
    const own = workOf.get(person.id) ?? [];
    return {
      id: person.id,
      name: person.name,
      role: person.role,
      isActive: person.is_active,
      timer: person.timer_started_at
        ? { startedAt: new Date(person.timer_started_at).toISOString(), ticket: ticketRef(person) }
        : null,
      worklogs: own.map((w) => {
        const ticket = ticketRef(w);
        return {
          id: w.id,
          startedAt: new Date(w.started_at).toISOString(),
          minutes: w.minutes,
          note: ticket ? w.note : null,
          source: w.source,
          ticket,
        };
      }),
      totalMinutes: own.reduce((sum, w) => sum + w.minutes, 0),
    };
  });
  // Who is busy comes first: a running timer (today), then any work that day; the rest keep name order.
  const isToday = date === today;
  const rank = (p: (typeof presented)[number]) => (isToday && p.timer ? 0 : p.worklogs.length ? 1 : 2);
  presented.sort((a, b) => rank(a) - rank(b));

  return {
    date,
    timeZone,
    isToday,
    people: presented,
    totalMinutes: presented.reduce((sum, p) => sum + p.totalMinutes, 0),
  };
}
