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
import { type TicketFilters, ticketFilter } from './filters.ts';
import { visibleTickets } from './policy.ts';
import { sanitizeRichText } from './rich-text.ts';
import { approvalLimitSql } from '#server/modules/contracts/service.ts';
import { postSpecification, specificationPostedEvent } from '#server/modules/specifications/posting.ts';
import { routeSql } from '#server/modules/routing/route.ts';
import { requestableBy } from '#server/modules/services/service.ts';
import { initialSla, recomputeSla } from '#server/modules/sla/service.ts';
import { signalCrossings } from '#server/modules/sla/watch.ts';

export type TicketDeps = { db: Db; clock: Clock };

const iso = (value: Date | string | null): string | null => (value ? new Date(value).toISOString() : null);

/** The joins and the visibility filter that every read of requests shares. */
function visibleTicketRows(db: Db, actor: Actor) {
  return db
    .selectFrom('tickets')
    .leftJoin('clients', 'clients.id', 'tickets.client_id')
    .leftJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .where(visibleTickets(actor));
}

/** What a list shows of a request: everything but the description (a queue needs no HTML bodies). */
const LIST_COLUMNS = [
  'tickets.id',
  'tickets.number',
  'tickets.title',
  'tickets.client_id',
  'clients.name as client_name',
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
  'tickets.reacted_at',
  'tickets.reaction_due_at',
  'tickets.resolution_due_at',
  'tickets.sla_due_at',
  'tickets.sla_state',
  'tickets.first_opened_at',
] as const;

const spentMinutes = () =>
  sql<number>`coalesce((select sum(w.minutes) from worklogs w where w.ticket_id = tickets.id), 0)::int`.as(
    'spent_minutes',
  );

/** Requests as the list shows them. */
function selectTicketList(db: Db, actor: Actor) {
  return visibleTicketRows(db, actor).select([...LIST_COLUMNS, spentMinutes()]);
}

/** Whole requests, with what a transition needs to decide (the approval limit). */
export function selectTickets(db: Db, actor: Actor) {
  return visibleTicketRows(db, actor).select([
    ...LIST_COLUMNS,
    spentMinutes(),
    'tickets.description',
    sql<number | null>`coalesce(${approvalLimitSql}, clients.approval_limit_hours)`.as(
      'approval_limit_hours',
    ),
  ]);
}

type TicketListRow = Awaited<ReturnType<ReturnType<typeof selectTicketList>['executeTakeFirstOrThrow']>>;
type TicketRow = Awaited<ReturnType<ReturnType<typeof selectTickets>['executeTakeFirstOrThrow']>>;

const lifecycleTicket = (row: TicketListRow): LifecycleTicket => ({
  status: row.status,
  clientId: row.client_id,
  requesterId: row.requester_id,
  assigneeId: row.assignee_id,
  estimateHours: row.estimate_hours,
  statusBeforeStale: row.status_before_stale,
});

/** A request as a list shows it to this actor (no description), with the transitions he may take now. */
export function presentTicketListItem(row: TicketListRow, actor: Actor) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
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
    slaDueAt: iso(row.sla_due_at),
    slaState: row.sla_state,
    reactionDueAt: iso(row.reaction_due_at),
    resolutionDueAt: iso(row.resolution_due_at),
    reactedAt: iso(row.reacted_at),
    firstOpenedAt: iso(row.first_opened_at),
    spentMinutes: row.spent_minutes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: iso(row.closed_at),
    version: row.version,
    allowedTransitions: allowedTransitions(lifecycleTicket(row), actor),
  };
}

/** A request as the API shows it to this actor, with the transitions he may take now. */
export function presentTicket(row: TicketListRow & { description: string }, actor: Actor) {
  const { id, number, title, ...rest } = presentTicketListItem(row, actor);
  return { id, number, title, description: row.description, ...rest };
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
async function resolveParties(db: Db, actor: Actor, input: TicketInput) {
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
    const requester = await db
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
  // Whether the client exists is the foreign key's to say (see createTicket): no SELECT for it.
  return { clientId, requesterId, channel: input.channel ?? 'phone' };
}

/** The field a foreign key of `tickets` checks, for a 400 instead of a 500 when it refuses a create. */
const FIELD_OF_FOREIGN_KEY: Record<string, [field: string, message: string]> = {
  tickets_client_id_fkey: ['clientId', 'no such client'],
  tickets_service_fk: ['serviceId', 'no such service'],
  tickets_type_fk: ['type', 'no such type of request'],
};

const foreignKeyField = (error: unknown): [string, string] | undefined => {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23503' && typeof constraint === 'string' ? FIELD_OF_FOREIGN_KEY[constraint] : undefined;
};

/**
 * A type or priority the admin switched off in the dictionaries stays on the requests that have it but
 * is not offered for new ones (issue 6): naming it is a 400, as naming an unknown one is. Only values
 * the caller named are checked, so integrations that leave them out keep getting the defaults.
 */
async function refuseRetiredChoices(db: Db, type: string | undefined, priority: Priority | undefined) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('ticket_types')
        .select('is_active')
        .where('code', '=', type ?? '')
        .as('type_active'),
      eb
        .selectFrom('ticket_priorities')
        .select('is_active')
        .where('code', '=', priority ?? 'normal')
        .as('priority_active'),
    ])
    .executeTakeFirstOrThrow();
  if (type !== undefined && row.type_active === false) {
    throw new FieldValidationError('type', 'this type is no longer offered for new requests');
  }
  if (priority !== undefined && row.priority_active === false) {
    throw new FieldValidationError('priority', 'this priority is no longer offered for new requests');
  }
}

/**
 * Registers a request in status `new`, placed by routing (rules, its service's route, else the first line). The writes
 * are one statement, atomic by itself: `db` may be a transaction (an idempotent create) or not.
 * @throws FieldValidationError for a client or requester the actor may not name.
 */
export async function createTicket(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: TicketInput,
): Promise<TicketView> {
  const now = clock.now();
  const title = input.title.trim();
  if (!title) {
    throw new FieldValidationError('title', 'must not be blank');
  }
  const parties = await resolveParties(db, actor, input);
  if (input.serviceId && !isStaffRole(actor.role)) {
    // Clients and employees request only what the catalog offers them; staff register anything.
    const offered = await db
      .selectFrom('services')
      .select('id')
      .where('id', '=', input.serviceId)
      .where('is_active', '=', true)
      .where(requestableBy(actor))
      .executeTakeFirst();
    if (!offered) {
      throw new FieldValidationError('serviceId', 'is not a service you may request');
    }
  }
  if (input.type !== undefined || input.priority !== undefined) {
    await refuseRetiredChoices(db, input.type, input.priority);
  }
  const priority = input.priority ?? 'normal';
  const sla = await initialSla(db, parties.clientId, priority, now);
  // One statement writes the request on the first line and its `created` event, and reads the request
  // back as the API shows it: one round trip instead of five (and BEGIN/COMMIT, see routes.ts).
  // Routing places the request on a line and group by its service, type, priority and client.
  const route = routeSql({
    serviceId: input.serviceId ?? null,
    type: input.type ?? 'incident',
    priority,
    clientId: parties.clientId,
  });
  try {
    const row = await db
      .with('t', (qc) =>
        qc
          .insertInto('tickets')
          .values({
            title,
            description: sanitizeRichText(input.description ?? ''),
            client_id: parties.clientId,
            requester_id: parties.requesterId,
            service_id: input.serviceId ?? null,
            type: input.type ?? 'incident',
            priority,
            channel: parties.channel,
            line_id: route.lineId,
            group_id: route.groupId,
            desired_due_at: input.desiredDueAt ?? null,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
            reaction_due_at: sla.reactionDueAt,
            resolution_due_at: sla.resolutionDueAt,
            sla_due_at: sla.slaDueAt,
            sla_warn_at: sla.slaWarnAt,
            sla_state: sla.slaState,
            // Staff registering a call have read it: the new-request alert is for what nobody has seen.
            ...(isStaffRole(actor.role) ? { first_opened_at: now, first_opened_by: actor.id } : {}),
          })
          .returning([
            'id',
            'number',
            'title',
            'description',
            'client_id',
            'requester_id',
            'service_id',
            'type',
            'priority',
            'channel',
            'status',
            'status_before_stale',
            'line_id',
            'group_id',
            'assignee_id',
            'estimate_hours',
            'planned_start',
            'planned_end',
            'acceptance_criteria',
            'resolution',
            'desired_due_at',
            'created_at',
            'updated_at',
            'closed_at',
            'version',
            'reacted_at',
            'reaction_due_at',
            'resolution_due_at',
            'sla_due_at',
            'sla_state',
            'first_opened_at',
          ]),
      )
      .with('e', (qc) =>
        qc
          .insertInto('ticket_events')
          .columns(['ticket_id', 'actor_id', 'kind', 'data', 'created_at'])
          .expression((eb) =>
            eb.selectFrom('t').select([
              't.id',
              sql<string>`${actor.id}::uuid`.as('actor_id'),
              sql<string>`'created'`.as('kind'),
              sql<unknown>`jsonb_build_object('number', t.number, 'status', 'new', 'channel', t.channel,
                  'title', t.title, 'lineId', t.line_id, 'groupId', t.group_id)`.as('data'),
              sql<Date>`${now}::timestamptz`.as('created_at'),
            ]),
          ),
      )
      .selectFrom('t')
      .leftJoin('clients', 'clients.id', 't.client_id')
      .leftJoin('users as requester', 'requester.id', 't.requester_id')
      .selectAll('t')
      .select([
        'clients.name as client_name',
        'requester.name as requester_name',
        sql<string | null>`null::text`.as('assignee_name'),
        sql<number>`0`.as('spent_minutes'),
      ])
      .executeTakeFirstOrThrow();
    return presentTicket(row, actor);
  } catch (error) {
    const field = foreignKeyField(error);
    if (field) {
      throw new FieldValidationError(...field);
    }
    throw error;
  }
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
  // The history changed: the SLA clock is recomputed from it in the same transaction.
  await signalCrossings(tx, await recomputeSla(tx, [row.id], now), now);
  if (decision.status === 'completed') {
    // Completion books the work: what the specification still holds in draft is posted now.
    const posting = await postSpecification(tx, clock, actor.id, row);
    if (posting) {
      await recordEvent(tx, {
        ticketId: row.id,
        actorId: actor.id,
        ...specificationPostedEvent(posting),
        at: now,
      });
    }
  }
  return getTicket(tx, actor, row.id);
}

export type TicketSort = '-number' | 'number' | '-updatedAt' | 'slaDueAt' | 'priority';
const CURSOR_ARITY: Record<TicketSort, number> = {
  '-number': 1,
  number: 1,
  '-updatedAt': 2,
  slaDueAt: 2,
  priority: 3,
};

// The queue's order as one all-ascending key with no NULL in it, spelled exactly as the index of migration
// 0010: highest priority first, then the nearest SLA due time (none: last), then the newest.
const PRIORITY_KEY = [
  sql`-tickets.priority_rank`,
  sql`coalesce(tickets.sla_due_at, 'infinity'::timestamptz)`,
  sql`-tickets.number`,
] as const;

/** The rows after a cursor in the queue's order: one row comparison, so one range of the index. */
function afterInPriorityOrder([rankKey, dueKey, numberKey]: (string | number)[]) {
  const rank = Number(rankKey);
  const number = Number(numberKey);
  if (
    !Number.isInteger(rank) ||
    !Number.isInteger(number) ||
    typeof dueKey !== 'string' ||
    (dueKey !== '' && Number.isNaN(Date.parse(dueKey)))
  ) {
    throw new FieldValidationError('cursor', 'is not a cursor this list gave out');
  }
  const due = dueKey === '' ? sql`'infinity'::timestamptz` : sql`${dueKey}::timestamptz`;
  return sql<boolean>`(${sql.join(PRIORITY_KEY)}) > (${-rank}, ${due}, ${-number})`;
}

/** Lists the requests the actor may see, filtered, newest first by default, by keyset. */
export async function listTickets(
  db: Db,
  actor: Actor,
  query: TicketFilters & { limit?: number; cursor?: string; sort?: TicketSort },
) {
  const limit = query.limit ?? 50;
  const sort = query.sort ?? '-number';
  const after = decodeCursor(query.cursor, CURSOR_ARITY[sort]);
  let builder = selectTicketList(db, actor).select('tickets.priority_rank').where(ticketFilter(actor, query));
  if (after) {
    if (sort === '-number') {
      builder = builder.where('tickets.number', '<', Number(after[0]));
    } else if (sort === 'number') {
      builder = builder.where('tickets.number', '>', Number(after[0]));
    } else if (sort === 'priority') {
      builder = builder.where(afterInPriorityOrder(after));
    } else if (sort === 'slaDueAt') {
      // The cursor is applied to each of the two reads below.
    } else {
      builder = builder.where(
        sql<boolean>`(tickets.updated_at, tickets.id) < (${String(after[0])}::timestamptz, ${String(after[1])}::uuid)`,
      );
    }
  }
  let rows;
  if (sort === 'slaDueAt') {
    // Requests whose clock runs, nearest due time first, then those without one by number: read as two
    // index ranges. One `order by sla_due_at nulls last` cannot use the partial index on (sla_due_at,
    // number), which holds only the dated rows, and sorted every visible request instead (4.8 s at 1M).
    const [due, number] = after ?? [];
    if (typeof due === 'string' && due !== '' && Number.isNaN(Date.parse(due))) {
      throw new FieldValidationError('cursor', 'is not a cursor this list gave out');
    }
    rows =
      after && due === ''
        ? []
        : await builder
            .where('tickets.sla_due_at', 'is not', null)
            .$if(after !== null, (qb) =>
              qb.where(
                sql<boolean>`(tickets.sla_due_at, tickets.number) > (${String(due)}::timestamptz, ${Number(number)})`,
              ),
            )
            .orderBy('tickets.sla_due_at', 'asc')
            .orderBy('tickets.number', 'asc')
            .limit(limit + 1)
            .execute();
    if (rows.length <= limit) {
      const undated = await builder
        .where('tickets.sla_due_at', 'is', null)
        .$if(after !== null && due === '', (qb) => qb.where('tickets.number', '>', Number(number)))
        .orderBy('tickets.number', 'asc')
        .limit(limit + 1 - rows.length)
        .execute();
      rows = [...rows, ...undated];
    }
  } else {
    const ordered =
      sort === '-number'
        ? builder.orderBy('tickets.number', 'desc')
        : sort === 'number'
          ? builder.orderBy('tickets.number', 'asc')
          : sort === 'priority'
            ? builder.orderBy(PRIORITY_KEY[0]).orderBy(PRIORITY_KEY[1]).orderBy(PRIORITY_KEY[2])
            : builder.orderBy('tickets.updated_at', 'desc').orderBy('tickets.id', 'desc');
    rows = await ordered.limit(limit + 1).execute();
  }
  const page = toPage(rows, limit, (row) =>
    sort === '-updatedAt'
      ? [row.updated_at.toISOString(), row.id]
      : sort === 'slaDueAt'
        ? [iso(row.sla_due_at) ?? '', row.number]
        : sort === 'priority'
          ? [row.priority_rank, iso(row.sla_due_at) ?? '', row.number]
          : [row.number],
  );
  return { items: page.items.map((row) => presentTicketListItem(row, actor)), nextCursor: page.nextCursor };
}

/**
 * The request's history, oldest first; clients do not see internal events. One query: the request,
 * if the actor may see it, joined to its events (a request always has its `created` event).
 * @throws NotFoundError when the request does not exist or the actor may not see it.
 */
export async function listEvents(db: Db, actor: Actor, ticketId: string) {
  const staff = isStaffRole(actor.role);
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('ticket_events as e', (join) => {
      const events = join.onRef('e.ticket_id', '=', 'tickets.id');
      return staff ? events : events.on('e.internal', '=', false);
    })
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.kind', 'e.actor_id', 'u.name as actor_name', 'e.data', 'e.created_at'])
    .where('tickets.id', '=', ticketId)
    .where(visibleTickets(actor))
    .orderBy('e.id')
    .execute();
  if (rows.length === 0) {
    throw new NotFoundError('Request');
  }
  return rows.flatMap((row) =>
    row.id === null || row.kind === null || row.created_at === null
      ? []
      : [
          {
            id: row.id,
            kind: row.kind,
            actorId: row.actor_id,
            actorName: row.actor_name,
            data: row.data as Record<string, unknown>,
            createdAt: row.created_at.toISOString(),
          },
        ],
  );
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
  if (!input.internal && isStaffRole(actor.role)) {
    // A public reply by staff may be the first reaction: the clock is recomputed.
    await signalCrossings(tx, await recomputeSla(tx, [ticketId], now), now);
  }
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

/**
 * The conversation the actor may see: clients never get internal notes. One query: the request, if the
 * actor may see it, left-joined to its comments (a row without a comment when there are none).
 * @throws NotFoundError when the request does not exist or the actor may not see it.
 */
export async function listComments(db: Db, actor: Actor, ticketId: string, onlyId?: string) {
  const staff = isStaffRole(actor.role);
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('ticket_comments as c', (join) => {
      const all = join.onRef('c.ticket_id', '=', 'tickets.id');
      const seen = staff ? all : all.on('c.internal', '=', false);
      return onlyId === undefined ? seen : seen.on('c.id', '=', onlyId);
    })
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
    .where('tickets.id', '=', ticketId)
    .where(visibleTickets(actor))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  if (rows.length === 0) {
    throw new NotFoundError('Request');
  }
  return rows.flatMap((row) =>
    row.id === null ||
    row.ticket_id === null ||
    row.body === null ||
    row.internal === null ||
    row.created_at === null
      ? []
      : [
          {
            id: row.id,
            ticketId: row.ticket_id,
            authorId: row.author_id,
            authorName: row.author_name,
            body: row.body,
            internal: row.internal,
            createdAt: row.created_at.toISOString(),
          },
        ],
  );
}

export { applyTransition, lockTicket };
