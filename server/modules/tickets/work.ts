import type { Db } from '#server/db/client.ts';
import { inTransaction } from '#server/db/tx.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { ConflictError, FieldValidationError, ForbiddenError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import type { Status } from '#common/tickets.ts';
import {
  type TicketDeps,
  applyTransition,
  getTicket,
  lockTicket,
  recordEvent,
  requireVisibleTicket,
} from './service.ts';

// Work can be timed while a request is being evaluated, planned or worked, not once it is closed.
const TIMEABLE: readonly Status[] = ['new', 'evaluated', 'approved', 'planned', 'in_progress'];

/** Whole minutes of a timer run, at least one: a started timer always leaves a trace. */
export const minutesBetween = (start: Date, end: Date): number =>
  Math.max(1, Math.round((end.getTime() - start.getTime()) / 60_000));

function presentWorklog(row: {
  id: string;
  ticket_id: string;
  user_id: string;
  user_name: string;
  started_at: Date | string;
  minutes: number;
  note: string;
  source: 'timer' | 'manual';
  created_at: Date;
  updated_at: Date;
}) {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    userId: row.user_id,
    userName: row.user_name,
    startedAt: new Date(row.started_at).toISOString(),
    minutes: row.minutes,
    note: row.note,
    source: row.source,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function selectWorklogs(db: Db) {
  return db
    .selectFrom('worklogs as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select([
      'w.id',
      'w.ticket_id',
      'w.user_id',
      'u.name as user_name',
      'w.started_at',
      'w.minutes',
      'w.note',
      'w.source',
      'w.created_at',
      'w.updated_at',
    ]);
}

/** Stops the actor's running timer (wherever it runs) and records its worklog; null when none runs. */
async function stopRunningTimer(tx: Tx, actor: Actor, now: Date) {
  const timer = await tx
    .deleteFrom('running_timers')
    .where('user_id', '=', actor.id)
    .returning(['ticket_id', 'started_at'])
    .executeTakeFirst();
  if (!timer) {
    return null;
  }
  const startedAt = new Date(timer.started_at);
  const minutes = Math.min(minutesBetween(startedAt, now), 24 * 60);
  const worklog = await tx
    .insertInto('worklogs')
    .values({
      ticket_id: timer.ticket_id,
      user_id: actor.id,
      started_at: startedAt,
      minutes,
      source: 'timer',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, {
    ticketId: timer.ticket_id,
    actorId: actor.id,
    kind: 'timer_stopped',
    data: { worklogId: worklog.id, minutes, startedAt: startedAt.toISOString() },
    internal: true,
    at: now,
  });
  await tx.updateTable('tickets').set({ updated_at: now }).where('id', '=', timer.ticket_id).execute();
  return { ticketId: timer.ticket_id, worklogId: worklog.id, minutes };
}

/**
 * Starts the actor's timer on a request; a timer running elsewhere is stopped first (one per person).
 * Starting on a planned request assigned to the actor puts it in progress, through the lifecycle.
 * @throws NotFoundError, ConflictError when the request is closed or the timer already runs here.
 */
export async function startTimer(deps: TicketDeps, actor: Actor, ticketId: string) {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await lockTicket(tx, actor, ticketId, null);
    if (!TIMEABLE.includes(row.status)) {
      throw new ConflictError(`Work on a request in status ${row.status} cannot be timed`);
    }
    const running = await tx
      .selectFrom('running_timers')
      .select('ticket_id')
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (running?.ticket_id === ticketId) {
      throw new ConflictError('Your timer already runs on this request');
    }
    const stopped = await stopRunningTimer(tx, actor, now);
    await tx
      .insertInto('running_timers')
      .values({ user_id: actor.id, ticket_id: ticketId, started_at: now })
      .execute();
    await recordEvent(tx, {
      ticketId,
      actorId: actor.id,
      kind: 'timer_started',
      data: {},
      internal: true,
      at: now,
    });
    if (row.status === 'planned' && row.assignee_id === actor.id) {
      await applyTransition(tx, deps.clock, actor, row, 'in_progress', { via: 'timer' });
    }
    return {
      ticket: await getTicket(tx, actor, ticketId),
      stopped,
      timer: { ticketId, startedAt: now.toISOString() },
    };
  });
}

/**
 * Stops the actor's timer on this request and records the worklog.
 * @throws NotFoundError; ConflictError when his timer does not run on this request.
 */
export async function stopTimer(deps: TicketDeps, actor: Actor, ticketId: string) {
  return deps.db.transaction().execute(async (tx) => {
    await lockTicket(tx, actor, ticketId, null);
    const running = await tx
      .selectFrom('running_timers')
      .select('ticket_id')
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (running?.ticket_id !== ticketId) {
      throw new ConflictError('Your timer does not run on this request');
    }
    const stopped = await stopRunningTimer(tx, actor, deps.clock.now());
    const worklog = await selectWorklogs(tx)
      .where('w.id', '=', stopped?.worklogId ?? '')
      .executeTakeFirstOrThrow();
    return presentWorklog(worklog);
  });
}

/** The actor's running timer, if any. */
export async function findRunningTimer(db: Db, actor: Actor) {
  const row = await db
    .selectFrom('running_timers as r')
    .innerJoin('tickets as t', 't.id', 'r.ticket_id')
    .select(['r.ticket_id', 't.number', 't.title', 'r.started_at'])
    .where('r.user_id', '=', actor.id)
    .executeTakeFirst();
  return row
    ? {
        ticketId: row.ticket_id,
        ticketNumber: row.number,
        ticketTitle: row.title,
        startedAt: new Date(row.started_at).toISOString(),
      }
    : null;
}

/** Recorded work on a request, oldest first. */
export async function listWorklogs(db: Db, actor: Actor, ticketId: string) {
  await requireVisibleTicket(db, actor, ticketId);
  const rows = await selectWorklogs(db)
    .where('w.ticket_id', '=', ticketId)
    .orderBy('w.started_at')
    .orderBy('w.id')
    .execute();
  return rows.map(presentWorklog);
}

/**
 * Records work by hand (a call made away from the desk, say).
 * @throws NotFoundError, ConflictError for a closed request.
 */
export async function addWorklog(
  deps: TicketDeps,
  actor: Actor,
  ticketId: string,
  input: { minutes: number; startedAt?: string; note?: string },
) {
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const row = await lockTicket(tx, actor, ticketId, null);
    if (!TIMEABLE.includes(row.status) && row.status !== 'done') {
      throw new ConflictError(`Work cannot be recorded on a request in status ${row.status}`);
    }
    const startedAt = input.startedAt
      ? new Date(input.startedAt)
      : new Date(now.getTime() - input.minutes * 60_000);
    if (startedAt.getTime() > now.getTime()) {
      throw new FieldValidationError('startedAt', 'work cannot start in the future');
    }
    const created = await tx
      .insertInto('worklogs')
      .values({
        ticket_id: ticketId,
        user_id: actor.id,
        started_at: startedAt,
        minutes: input.minutes,
        note: input.note?.trim() ?? '',
        source: 'manual',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, {
      ticketId,
      actorId: actor.id,
      kind: 'worklog_added',
      data: { worklogId: created.id, minutes: input.minutes, startedAt: startedAt.toISOString() },
      internal: true,
      at: now,
    });
    await tx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
    return presentWorklog(await selectWorklogs(tx).where('w.id', '=', created.id).executeTakeFirstOrThrow());
  });
}

/**
 * Corrects a worklog; the history keeps the values before and after.
 * @throws NotFoundError; ForbiddenError when an agent corrects someone else's work.
 */
export async function updateWorklog(
  deps: TicketDeps,
  actor: Actor,
  worklogId: string,
  patch: { minutes?: number; startedAt?: string; note?: string },
) {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const current = await tx
      .selectFrom('worklogs')
      .selectAll()
      .where('id', '=', worklogId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) {
      throw new NotFoundError('Worklog');
    }
    await lockTicket(tx, actor, current.ticket_id, null);
    if (current.user_id !== actor.id && actor.role === 'agent') {
      throw new ForbiddenError("Only the dispatcher corrects a colleague's work");
    }
    const before = {
      minutes: current.minutes,
      startedAt: new Date(current.started_at).toISOString(),
      note: current.note,
    };
    const after = {
      minutes: patch.minutes ?? current.minutes,
      startedAt: patch.startedAt ? new Date(patch.startedAt).toISOString() : before.startedAt,
      note: patch.note !== undefined ? patch.note.trim() : current.note,
    };
    await tx
      .updateTable('worklogs')
      .set({ minutes: after.minutes, started_at: after.startedAt, note: after.note, updated_at: now })
      .where('id', '=', worklogId)
      .execute();
    await recordEvent(tx, {
      ticketId: current.ticket_id,
      actorId: actor.id,
      kind: 'worklog_changed',
      data: { worklogId, before, after },
      internal: true,
      at: now,
    });
    return presentWorklog(await selectWorklogs(tx).where('w.id', '=', worklogId).executeTakeFirstOrThrow());
  });
}
