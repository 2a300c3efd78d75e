// The SLA job: recomputes what calendar and policy edits asked for, and finds the requests whose clock
// crosses into warning or breach as time passes; each crossing is an event in the request's history
// and a notification to its assignee and the dispatchers (DESIGN.md, capability 5).
import { sql } from 'kysely';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { SlaState } from './clock.ts';
import { type SlaRecomputed, recomputeOpenSla, recomputeSla } from './service.ts';

export type SlaCrossing = { id: string; before: SlaState | null; after: SlaState | null };

const SIGNALLED: readonly SlaState[] = ['warning', 'breached'];
const INSERT_ROWS = 2000;

/** Whether a change of state is worth telling people: into warning, or into breach. */
export const isSignalled = (before: SlaState | null, after: SlaState | null): boolean =>
  after !== before && after !== null && SIGNALLED.includes(after) && !(before === 'breached');

/**
 * Records the crossings among `results`: an internal history event each, and a notification to the
 * request's assignee and every active dispatcher. Called in the transaction that recomputed them.
 */
export async function signalCrossings(
  db: Db,
  results: readonly {
    id: string;
    before: SlaState | null;
    stored: { slaState: SlaState | null; slaDueAt: Date | null };
  }[],
  now: Date,
) {
  const crossings = results.filter((r) => isSignalled(r.before, r.stored.slaState));
  if (crossings.length === 0) {
    return 0;
  }
  const tickets = await db
    .selectFrom('tickets')
    .select(['id', 'number', 'title', 'assignee_id', 'sla_due_at'])
    .where(
      'id',
      'in',
      crossings.map((c) => c.id),
    )
    .execute();
  const dispatchers = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'dispatcher')
    .where('is_active', '=', true)
    .execute();
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const events = [];
  const notifications = [];
  for (const crossing of crossings) {
    const ticket = byId.get(crossing.id);
    if (!ticket) {
      continue;
    }
    const kind = crossing.stored.slaState === 'breached' ? 'sla_breached' : 'sla_warning';
    const dueAt = ticket.sla_due_at ? new Date(ticket.sla_due_at).toISOString() : null;
    events.push({
      ticket_id: ticket.id,
      actor_id: null,
      kind,
      data: JSON.stringify({ dueAt }),
      internal: true,
      created_at: now,
    });
    const people = new Set([
      ...dispatchers.map((d) => d.id),
      ...(ticket.assignee_id ? [ticket.assignee_id] : []),
    ]);
    for (const userId of people) {
      notifications.push({
        user_id: userId,
        ticket_id: ticket.id,
        kind,
        data: JSON.stringify({ number: ticket.number, title: ticket.title, dueAt }),
        created_at: now,
      });
    }
  }
  // A calendar edit may push thousands of requests over at once: a few statements, each under
  // PostgreSQL's limit of 65,535 parameters.
  for (let i = 0; i < events.length; i += INSERT_ROWS) {
    await db
      .insertInto('ticket_events')
      .values(events.slice(i, i + INSERT_ROWS))
      .execute();
  }
  for (let i = 0; i < notifications.length; i += INSERT_ROWS) {
    await db
      .insertInto('notifications')
      .values(notifications.slice(i, i + INSERT_ROWS))
      .execute();
  }
  return crossings.length;
}

/**
 * One run of the job. Idempotent: a crossing is signalled once, when the stored state changes.
 */
export async function watchSla(deps: { db: Db; clock: Clock }, batchSize = 1000) {
  const now = deps.clock.now();
  let recomputed = 0;
  let changed = 0;
  let signalled = 0;
  // An edit can move requests into warning or breach (a shorter working day, a stricter policy): people are
  // told as when time moves them there.
  const signal = async (db: Db, written: readonly SlaRecomputed[]) => {
    changed += written.length;
    signalled += await signalCrossings(db, written, now);
  };
  const calendars = await deps.db
    .selectFrom('business_calendars')
    .select(['id', 'recompute_requested_at', 'recompute_from'])
    .where('recompute_requested_at', 'is not', null)
    .execute();
  for (const calendar of calendars) {
    recomputed += await recomputeOpenSla(deps.db, now, {
      calendarId: calendar.id,
      ...(calendar.recompute_from ? { changedFrom: new Date(calendar.recompute_from) } : {}),
      onWritten: signal,
    });
    // An edit made meanwhile moved the mark on: it stays for the next run.
    await deps.db
      .updateTable('business_calendars')
      .set({ recompute_requested_at: null, recompute_from: null })
      .where('id', '=', calendar.id)
      .where('recompute_requested_at', '=', calendar.recompute_requested_at)
      .execute();
  }
  const policies = await deps.db
    .selectFrom('sla_policies')
    .select(['id', 'recompute_requested_at'])
    .where('recompute_requested_at', 'is not', null)
    .execute();
  if (policies.length) {
    recomputed += await recomputeOpenSla(deps.db, now, { onWritten: signal });
    for (const policy of policies) {
      await deps.db
        .updateTable('sla_policies')
        .set({ recompute_requested_at: null })
        .where('id', '=', policy.id)
        .where('recompute_requested_at', '=', policy.recompute_requested_at)
        .execute();
    }
  }

  // A request that stays due after its recompute (a clock that disagrees with its stored instants by a
  // rounding) is looked at once per run, never in a loop.
  const seen = new Set<string>();
  for (;;) {
    const due = await deps.db
      .selectFrom('tickets')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('sla_state', '=', 'ok'), eb('sla_warn_at', '<=', now)]),
          eb.and([eb('sla_state', 'in', ['ok', 'warning']), eb('sla_due_at', '<=', now)]),
        ]),
      )
      .orderBy(sql`coalesce(sla_due_at, sla_warn_at)`)
      .limit(batchSize)
      .execute();
    const fresh = due.map((d) => d.id).filter((id) => !seen.has(id));
    if (fresh.length === 0) {
      break;
    }
    fresh.forEach((id) => seen.add(id));
    const count = await deps.db.transaction().execute(async (tx) => {
      const results = await recomputeSla(tx, fresh, now);
      return signalCrossings(tx, results, now);
    });
    signalled += count;
    if (due.length < batchSize) {
      break;
    }
  }
  // changed: how many of the recomputed requests an edit moved (their stored clock was rewritten).
  return { recomputed, changed, signalled };
}
