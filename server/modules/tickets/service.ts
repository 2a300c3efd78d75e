import { sql } from 'kysely';
import type { Channel, Priority, Status } from '#common/tickets.ts';
import { isClientRole, isStaffRole } from '#common/roles.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import type { Tx } from '#server/http/idempotency.ts';
import { inTransaction } from '#server/db/tx.ts';
import { decodeCursor, toPage } from '#server/http/pagination.ts';
import {
  AppError,
  ConflictError,
  FieldValidationError,
  ForbiddenError,
  NotFoundError,
} from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import {
  type LifecycleTicket,
  type TransitionInput,
  allowedTransitions,
  decideTransition,
} from './lifecycle.ts';
import { assertUnreachable } from '#common/assert.ts';
import { visibleTickets } from './policy.ts';
import { sanitizeRichText } from './rich-text.ts';
import { approvalLimitSql } from '#server/modules/contracts/service.ts';

export type TicketDeps = { db: Db; clock: Clock };

const iso = (value: Date | string | null): string | null => (value ? new Date(value).toISOString() : null);

export function selectTickets(db: Db, actor: Actor) {
  return db
    .selectFrom('tickets')
    .leftJoin('clients', 'clients.id', 'tickets.client_id')
    .leftJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .where(visibleTickets(actor))
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.title',
      'tickets.description',
      'tickets.client_id',
      'clients.name as client_name',
      sql<number | null>`coalesce(${approvalLimitSql}, clients.approval_limit_hours)`.as(
        'approval_limit_hours',
      ),
      'tickets.requester_id',
      'requester.name as requester_name',
      'tickets.service_id',
      'tickets.type',
      'tickets.priority',
      'tickets.channel',
      'tickets.status',
      'tickets.status_before_stale',
      'tickets.line_id',
      'tickets.group_id',
      'tickets.assignee_id',
      'assignee.name as assignee_name',
      'tickets.estimate_hours',
      'tickets.planned_start',
      'tickets.planned_end',
      'tickets.acceptance_criteria',
      'tickets.resolution',
      'tickets.desired_due_at',
      'tickets.created_at',
      'tickets.updated_at',
      'tickets.closed_at',
      'tickets.version',
      sql<number>`coalesce((select sum(w.minutes) from worklogs w where w.ticket_id = tickets.id), 0)::int`.as(
        'spent_minutes',
      ),
    ]);
}

type TicketRow = Awaited<ReturnType<ReturnType<typeof selectTickets>['executeTakeFirstOrThrow']>>;

const lifecycleTicket = (row: TicketRow): LifecycleTicket => ({
  status: row.status,
  clientId: row.client_id,
  requesterId: row.requester_id,
  assigneeId: row.assignee_id,
  estimateHours: row.estimate_hours,
  statusBeforeStale: row.status_before_stale,
});

/** A request as the API shows it to this actor, with the transitions he may take now. */
export function presentTicket(row: TicketRow, actor: Actor) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    description: row.description,
    clientId: row.client_id,
    clientName: row.client_name,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    serviceId: row.service_id,
    type: row.type,
    priority: row.priority,
    channel: row.channel,
    status: row.status,
    statusBeforeStale: row.status_before_stale,
    lineId: row.line_id,
    groupId: row.group_id,
    assigneeId: row.assignee_id,
    assigneeName: row.assignee_name,
    estimateHours: row.estimate_hours,
    plannedStart: iso(row.planned_start),
    plannedEnd: iso(row.planned_end),
    acceptanceCriteria: row.acceptance_criteria,
    resolution: row.resolution,
    desiredDueAt: iso(row.desired_due_at),
    slaDueAt: null,
    spentMinutes: row.spent_minutes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: iso(row.closed_at),
    version: row.version,
    allowedTransitions: allowedTransitions(lifecycleTicket(row), actor),
  };
}
export type TicketView = ReturnType<typeof presentTicket>;

/**
 * Checks that the actor may see the request, reading nothing else: for paths that show its parts.
 * @throws NotFoundError when the request does not exist or the actor may not see it.
 */
export async function requireVisibleTicket(db: Db, actor: Actor, id: string): Promise<void> {
  const row = await db
    .selectFrom('tickets')
    .select('id')
    .where('id', '=', id)
    .where(visibleTickets(actor))
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Request');
  }
}

/** @throws NotFoundError when the request does not exist or the actor may not see it. */
export async function getTicket(db: Db, actor: Actor, id: string): Promise<TicketView> {
  const row = await selectTickets(db, actor).where('tickets.id', '=', id).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Request');
  }
  return presentTicket(row, actor);
}

export async function recordEvent(
  db: Db,
  event: {
    ticketId: string;
    actorId: string | null;
    kind: string;
    data: Record<string, unknown>;
    internal?: boolean;
    at: Date;
  },
) {
  await db
    .insertInto('ticket_events')
    .values({
      ticket_id: event.ticketId,
      actor_id: event.actorId,
      kind: event.kind,
      data: JSON.stringify(event.data),
      internal: event.internal ?? false,
      created_at: event.at,
    })
    .execute();
}

export type TicketInput = {
  title: string;
  description?: string;
  clientId?: string | null;
  requesterId?: string | null;
  serviceId?: string | null;
  type?: string;
  priority?: Priority;
  channel?: Channel;
  desiredDueAt?: string | null;
};

/** Who the request is for: a client's contact files for his company; staff register on someone's behalf. */
async function resolveParties(tx: Tx, actor: Actor, input: TicketInput) {
  if (isClientRole(actor.role)) {
    if (input.clientId && input.clientId !== actor.clientId) {
      throw new FieldValidationError('clientId', 'you may file requests only for your own company');
    }
    return { clientId: actor.clientId, requesterId: actor.id, channel: input.channel ?? 'portal' };
  }
  if (actor.role === 'employee') {
    if (input.clientId) {
      throw new FieldValidationError('clientId', 'internal requests have no client');
    }
    return { clientId: null, requesterId: actor.id, channel: input.channel ?? 'portal' };
  }
  // Staff register a call or a letter on a client's (or an employee's) behalf.
  let clientId = input.clientId ?? null;
  const requesterId = input.requesterId ?? null;
  if (requesterId) {
    const requester = await tx
      .selectFrom('users')
      .select(['role', 'client_id'])
      .where('id', '=', requesterId)
      .executeTakeFirst();
    if (!requester || !(isClientRole(requester.role) || requester.role === 'employee')) {
      throw new FieldValidationError('requesterId', 'must be a client contact or an internal employee');
    }
    if (clientId && requester.client_id !== clientId) {
      throw new FieldValidationError('requesterId', 'is not a contact of this client');
    }
    clientId = requester.client_id;
  }
  if (!clientId && !requesterId) {
    throw new FieldValidationError('clientId', 'name the client (or the requester) the request is for');
  }
  if (clientId) {
    const client = await tx.selectFrom('clients').select('id').where('id', '=', clientId).executeTakeFirst();
    if (!client) {
      throw new FieldValidationError('clientId', 'no such client');
    }
  }
  return { clientId, requesterId, channel: input.channel ?? 'phone' };
}

/**
 * Registers a request in status `new`, on the first line until routing places it elsewhere.
 * @throws FieldValidationError for a client or requester the actor may not name.
 */
export async function createTicket(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  input: TicketInput,
): Promise<TicketView> {
  const now = clock.now();
  const title = input.title.trim();
  if (!title) {
    throw new FieldValidationError('title', 'must not be blank');
  }
  const parties = await resolveParties(tx, actor, input);
  const firstLine = await tx
    .selectFrom('support_lines')
    .select('id')
    .orderBy('level')
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  const row = await tx
    .insertInto('tickets')
    .values({
      title,
      description: sanitizeRichText(input.description ?? ''),
      client_id: parties.clientId,
      requester_id: parties.requesterId,
      service_id: input.serviceId ?? null,
      type: input.type ?? 'incident',
      priority: input.priority ?? 'normal',
      channel: parties.channel,
      line_id: firstLine?.id ?? null,
      desired_due_at: input.desiredDueAt ?? null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  await recordEvent(tx, {
    ticketId: row.id,
    actorId: actor.id,
    kind: 'created',
    data: { number: row.number, status: 'new', channel: parties.channel, title },
    at: now,
  });
  return getTicket(tx, actor, row.id);
}

/** Locks a visible request for a write and checks the caller's version. */
async function lockTicket(tx: Tx, actor: Actor, id: string, version: number | null) {
  const row = await selectTickets(tx, actor)
    .where('tickets.id', '=', id)
    .forUpdate('tickets')
    .executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Request');
  }
  if (version !== null && row.version !== version) {
    throw new ConflictError(
      `The request was changed meanwhile (version ${row.version}, you sent ${version})`,
      {
        code: 'version_conflict',
        current: presentTicket(row, actor),
      },
    );
  }
  return row;
}

const CLOSED: readonly Status[] = ['completed', 'irrelevant', 'rejected'];

/**
 * Moves a request through the lifecycle: the decision is the transition table's, this writes it.
 * @throws NotFoundError, ConflictError (stale version or an illegal transition, with the allowed ones),
 *   ForbiddenError, FieldValidationError.
 */
export async function transitionTicket(
  deps: TicketDeps,
  actor: Actor,
  id: string,
  request: { to: Status; version: number } & TransitionInput,
): Promise<TicketView> {
  return deps.db.transaction().execute(async (tx) => {
    const row = await lockTicket(tx, actor, id, request.version);
    return applyTransition(tx, deps.clock, actor, row, request.to, request);
  });
}

async function applyTransition(
  tx: Tx,
  clock: Clock,
  actor: Actor,
  row: TicketRow,
  to: Status,
  input: TransitionInput,
): Promise<TicketView> {
  const now = clock.now();
  const decision = decideTransition(lifecycleTicket(row), actor, to, input, {
    approvalLimitHours: row.approval_limit_hours,
  });
  if (!decision.ok) {
    const extra = { allowed: decision.allowed, ...(decision.errors ? { errors: decision.errors } : {}) };
    switch (decision.kind) {
      case 'invalid':
        throw new AppError(400, 'Bad Request', decision.detail, extra);
      case 'forbidden':
        throw new AppError(403, 'Forbidden', decision.detail, extra);
      case 'conflict':
        throw new ConflictError(decision.detail, { code: 'illegal_transition', ...extra });
      default:
        return assertUnreachable(decision.kind);
    }
  }
  if (decision.changes.assigneeId) {
    const assignee = await tx
      .selectFrom('users')
      .select(['role', 'is_active'])
      .where('id', '=', decision.changes.assigneeId)
      .executeTakeFirst();
    if (!assignee || !isStaffRole(assignee.role) || !assignee.is_active) {
      throw new FieldValidationError('assigneeId', 'must be an active member of the support staff');
    }
  }

  const changes = decision.changes;
  await tx
    .updateTable('tickets')
    .set({
      status: decision.status,
      ...(changes.estimateHours !== undefined ? { estimate_hours: changes.estimateHours } : {}),
      ...(changes.assigneeId !== undefined ? { assignee_id: changes.assigneeId } : {}),
      ...(changes.plannedStart !== undefined ? { planned_start: changes.plannedStart } : {}),
      ...(changes.plannedEnd !== undefined ? { planned_end: changes.plannedEnd } : {}),
      ...(changes.acceptanceCriteria !== undefined
        ? { acceptance_criteria: changes.acceptanceCriteria }
        : {}),
      ...(changes.resolution !== undefined ? { resolution: sanitizeRichText(changes.resolution) } : {}),
      ...(changes.statusBeforeStale !== undefined ? { status_before_stale: changes.statusBeforeStale } : {}),
      closed_at: CLOSED.includes(decision.status) ? now : null,
      updated_at: now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', row.id)
    .execute();
  for (const step of decision.steps) {
    await recordEvent(tx, {
      ticketId: row.id,
      actorId: step.by === 'system' ? null : actor.id,
      kind: 'transitioned',
      data: {
        from: step.from,
        to: step.to,
        ...(step.reason ? { reason: step.reason } : {}),
        ...(step.rule ? { rule: step.rule } : {}),
        ...(step.via ? { via: step.via } : {}),
        changes: step.changes,
      },
      at: now,
    });
  }
  if (input.comment?.trim()) {
    await insertComment(tx, now, actor, row.id, { body: input.comment, internal: false });
  }
  return getTicket(tx, actor, row.id);
}

/** Lists the requests the actor may see, filtered, newest first by default, by keyset. */
export async function listTickets(
  db: Db,
  actor: Actor,
  query: {
    limit?: number;
    cursor?: string;
    status?: Status[];
    clientId?: string;
    assigneeId?: string;
    lineId?: string;
    serviceId?: string;
    priority?: Priority;
    q?: string;
    sort?: '-number' | 'number' | '-updatedAt';
  },
) {
  const limit = query.limit ?? 50;
  const sort = query.sort ?? '-number';
  const after = decodeCursor(query.cursor, sort === '-updatedAt' ? 2 : 1);
  const q = query.q?.trim();
  let builder = selectTickets(db, actor);
  if (query.status?.length) {
    builder = builder.where('tickets.status', 'in', query.status);
  }
  if (query.clientId) {
    builder = builder.where('tickets.client_id', '=', query.clientId);
  }
  if (query.assigneeId) {
    builder = builder.where('tickets.assignee_id', '=', query.assigneeId);
  }
  if (query.lineId) {
    builder = builder.where('tickets.line_id', '=', query.lineId);
  }
  if (query.serviceId) {
    builder = builder.where('tickets.service_id', '=', query.serviceId);
  }
  if (query.priority) {
    builder = builder.where('tickets.priority', '=', query.priority);
  }
  if (q) {
    // Words in any form: websearch_to_tsquery stems them with the same Russian dictionary as the index.
    const matches = sql<boolean>`tickets.search @@ websearch_to_tsquery('russian', ${q})`;
    const commentMatches = sql<boolean>`exists (select 1 from ticket_comments c where c.ticket_id = tickets.id
      and c.search @@ websearch_to_tsquery('russian', ${q})
      and (c.internal = false or ${actor.role === 'admin' || actor.role === 'dispatcher' || actor.role === 'agent'}))`;
    const byNumber = /^#?\d+$/.test(q)
      ? sql<boolean>`tickets.number = ${Number(q.replace('#', ''))}`
      : sql<boolean>`false`;
    builder = builder.where(sql<boolean>`(${matches} or ${commentMatches} or ${byNumber})`);
  }
  if (after) {
    if (sort === '-number') {
      builder = builder.where('tickets.number', '<', Number(after[0]));
    } else if (sort === 'number') {
      builder = builder.where('tickets.number', '>', Number(after[0]));
    } else {
      builder = builder.where(
        sql<boolean>`(tickets.updated_at, tickets.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`,
      );
    }
  }
  const ordered =
    sort === '-number'
      ? builder.orderBy('tickets.number', 'desc')
      : sort === 'number'
        ? builder.orderBy('tickets.number', 'asc')
        : builder.orderBy('tickets.updated_at', 'desc').orderBy('tickets.id', 'desc');
  const rows = await ordered.limit(limit + 1).execute();
  const page = toPage(rows, limit, (row) =>
    sort === '-updatedAt' ? [row.updated_at.toISOString(), row.id] : [row.number],
  );
  return { items: page.items.map((row) => presentTicket(row, actor)), nextCursor: page.nextCursor };
}

/** The request's history, oldest first; clients do not see internal events. */
export async function listEvents(db: Db, actor: Actor, ticketId: string) {
  await requireVisibleTicket(db, actor, ticketId);
  const rows = await db
    .selectFrom('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.actor_id', 'u.name as actor_name', 'e.data', 'e.created_at'])
    .where('e.ticket_id', '=', ticketId)
    .$if(!isStaffRole(actor.role), (qb) => qb.where('e.internal', '=', false))
    .orderBy('e.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    data: row.data as Record<string, unknown>,
    createdAt: row.created_at.toISOString(),
  }));
}

async function insertComment(
  tx: Tx,
  now: Date,
  actor: Actor,
  ticketId: string,
  input: { body: string; internal: boolean },
) {
  const body = sanitizeRichText(input.body);
  if (!body) {
    throw new FieldValidationError('body', 'must not be empty');
  }
  const comment = await tx
    .insertInto('ticket_comments')
    .values({ ticket_id: ticketId, author_id: actor.id, body, internal: input.internal, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordEvent(tx, {
    ticketId,
    actorId: actor.id,
    kind: 'commented',
    data: { commentId: comment.id, internal: input.internal },
    internal: input.internal,
    at: now,
  });
  await tx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
  return comment.id;
}

/**
 * Adds a public reply or an internal note. Clients may not write internal notes.
 * @throws NotFoundError, ForbiddenError.
 */
export async function addComment(
  deps: TicketDeps,
  actor: Actor,
  ticketId: string,
  input: { body: string; internal?: boolean },
) {
  const internal = input.internal ?? false;
  if (internal && !isStaffRole(actor.role)) {
    throw new ForbiddenError('Only support staff write internal notes');
  }
  return inTransaction(deps.db, async (tx) => {
    await lockTicket(tx, actor, ticketId, null);
    const id = await insertComment(tx, deps.clock.now(), actor, ticketId, { body: input.body, internal });
    const comments = await listComments(tx, actor, ticketId, id);
    const created = comments[0];
    if (!created) {
      throw new NotFoundError('Comment');
    }
    return created;
  });
}

/** The conversation the actor may see: clients never get internal notes. */
export async function listComments(db: Db, actor: Actor, ticketId: string, onlyId?: string) {
  await requireVisibleTicket(db, actor, ticketId);
  const rows = await db
    .selectFrom('ticket_comments as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.ticket_id',
      'c.author_id',
      'u.name as author_name',
      'c.body',
      'c.internal',
      'c.created_at',
    ])
    .where('c.ticket_id', '=', ticketId)
    .$if(!isStaffRole(actor.role), (qb) => qb.where('c.internal', '=', false))
    .$if(Boolean(onlyId), (qb) => qb.where('c.id', '=', onlyId ?? ''))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticket_id,
    authorId: row.author_id,
    authorName: row.author_name,
    body: row.body,
    internal: row.internal,
    createdAt: row.created_at.toISOString(),
  }));
}

export { applyTransition, lockTicket };
