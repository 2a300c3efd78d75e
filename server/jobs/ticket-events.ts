import type { Db } from '#server/db/client.ts';
import type { AppDeps } from '#server/deps.ts';
import { type EnqueueInput, type Job, enqueueJobs } from './queue.ts';

/** What a channel is told about one event of a request's history. */
export type TicketEventForChannels = {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  internal: boolean;
  actorId: string | null;
  createdAt: Date;
  ticket: {
    id: string;
    number: number;
    title: string;
    status: string;
    priority: string;
    channel: string;
    clientId: string | null;
    requesterId: string | null;
    assigneeId: string | null;
    lineId: string | null;
    groupId: string | null;
  };
};

/**
 * A channel's reaction to an event: the deliveries it wants, as jobs. Each carries a dedupe key built
 * from the event id, so a fan-out that runs twice (its worker died before marking it done) enqueues
 * nothing new. Consumers decide, they do not send: sending is the delivery job's, with its own retries.
 */
export type TicketEventConsumer = {
  name: string;
  plan: (deps: AppDeps, event: TicketEventForChannels) => Promise<EnqueueInput[]>;
};

export async function loadTicketEvent(db: Db, eventId: number): Promise<TicketEventForChannels | null> {
  const row = await db
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select([
      'e.id',
      'e.kind',
      'e.data',
      'e.internal',
      'e.actor_id',
      'e.created_at',
      't.id as ticket_id',
      't.number',
      't.title',
      't.status',
      't.priority',
      't.channel',
      't.client_id',
      't.requester_id',
      't.assignee_id',
      't.line_id',
      't.group_id',
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!row) {
    return null;
  }
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data;
  return {
    id: Number(row.id),
    kind: row.kind,
    data: (data ?? {}) as Record<string, unknown>,
    internal: row.internal,
    actorId: row.actor_id,
    createdAt: new Date(row.created_at),
    ticket: {
      id: row.ticket_id,
      number: row.number,
      title: row.title,
      status: row.status,
      priority: row.priority,
      channel: row.channel,
      clientId: row.client_id,
      requesterId: row.requester_id,
      assigneeId: row.assignee_id,
      lineId: row.line_id,
      groupId: row.group_id,
    },
  };
}

/** The `ticket-event` job: asks every channel what it wants delivered and enqueues it all at once. */
export async function fanOutTicketEvent(
  deps: AppDeps,
  job: Job,
  consumers: readonly TicketEventConsumer[],
): Promise<void> {
  const payload = (typeof job.payload === 'string' ? JSON.parse(job.payload) : job.payload) as {
    eventId?: unknown;
  };
  const eventId = Number(payload.eventId);
  if (!Number.isInteger(eventId)) {
    throw new Error('ticket-event job without an eventId');
  }
  const event = await loadTicketEvent(deps.db, eventId);
  if (!event) {
    // The request was deleted with its history since: nothing is left to tell anybody.
    return;
  }
  const planned: EnqueueInput[] = [];
  for (const consumer of consumers) {
    planned.push(...(await consumer.plan(deps, event)));
  }
  await deps.db.transaction().execute((tx) => enqueueJobs(tx, planned));
}
