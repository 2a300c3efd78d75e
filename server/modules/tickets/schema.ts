import { Type } from 'typebox';
import {
  CHANNELS,
  ESTIMATE_SCALE,
  PRIORITIES,
  STATUSES,
  type Channel,
  type Priority,
  type Status,
} from '#common/tickets.ts';
import { EMPTYABLE, type Emptyable } from '#common/queue.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';

export const SlaStateSchema = Type.Unsafe<'ok' | 'warning' | 'breached' | 'met' | 'paused'>({
  type: 'string',
  enum: ['ok', 'warning', 'breached', 'met', 'paused'],
  description:
    'ok: within target; warning: past the warning share; breached: a target missed; met: both met; paused: waiting for the client',
});

export const StatusSchema = Type.Unsafe<Status>({
  type: 'string',
  enum: [...STATUSES],
  description: 'Request status',
});
export const PrioritySchema = Type.Unsafe<Priority>({ type: 'string', enum: [...PRIORITIES] });
export const ChannelSchema = Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] });

export const TicketView = Type.Object({
  id: Uuid,
  number: Type.Integer({ description: 'Human number, shown as #1234' }),
  title: Type.String(),
  description: Type.String({ description: 'Sanitized rich text (HTML)' }),
  clientId: Nullable(Uuid),
  clientName: Nullable(Type.String()),
  requesterId: Nullable(Uuid),
  requesterName: Nullable(Type.String()),
  serviceId: Nullable(Uuid),
  type: Type.String(),
  priority: PrioritySchema,
  channel: ChannelSchema,
  status: StatusSchema,
  statusBeforeStale: Nullable(StatusSchema),
  lineId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  assigneeId: Nullable(Uuid),
  assigneeName: Nullable(Type.String()),
  estimateHours: Nullable(Type.Number()),
  plannedStart: Nullable(Timestamp),
  plannedEnd: Nullable(Timestamp),
  acceptanceCriteria: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  desiredDueAt: Nullable(Timestamp),
  slaDueAt: Nullable(Timestamp),
  slaState: Nullable(SlaStateSchema),
  reactionDueAt: Nullable(Timestamp),
  resolutionDueAt: Nullable(Timestamp),
  reactedAt: Nullable(Timestamp),
  firstOpenedAt: Nullable(
    Type.String({
      format: 'date-time',
      description: 'When a member of the support staff first opened the request; null while nobody has',
    }),
  ),
  spentMinutes: Type.Integer({ description: 'Recorded work, in minutes' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Nullable(Timestamp),
  version: Type.Integer({ description: 'Send it back with every update: a stale version gets 409' }),
  allowedTransitions: Type.Array(StatusSchema, {
    description: 'What the caller may move this request to now',
  }),
});

/** A request in a list: the same fields but the description (a queue shows no bodies). */
export const TicketListItem = Type.Omit(TicketView, ['description'], {
  description: 'A request as lists show it: without its description (GET /tickets/{id} has it)',
});

export const TicketCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.Optional(
      Type.String({ maxLength: 100_000, description: 'Rich text (HTML) or plain text' }),
    ),
    clientId: Type.Optional(Nullable(Uuid)),
    requesterId: Type.Optional(Nullable(Uuid)),
    serviceId: Type.Optional(Nullable(Uuid)),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    priority: Type.Optional(PrioritySchema),
    channel: Type.Optional(ChannelSchema),
    desiredDueAt: Type.Optional(Nullable(Timestamp)),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    to: StatusSchema,
    version: Type.Integer({ minimum: 1 }),
    estimateHours: Type.Optional(Type.Number({ description: `One of ${ESTIMATE_SCALE.join(', ')}` })),
    assigneeId: Type.Optional(Uuid),
    plannedStart: Type.Optional(Timestamp),
    plannedEnd: Type.Optional(Timestamp),
    acceptanceCriteria: Type.Optional(Type.String({ maxLength: 10_000 })),
    resolution: Type.Optional(Type.String({ maxLength: 100_000 })),
    comment: Type.Optional(Type.String({ maxLength: 100_000 })),
  },
  { additionalProperties: false },
);

const TimeBound = (description: string) =>
  Type.String({ format: 'date-time', description: `${description} (ISO 8601 with offset)` });

const EmptyableSchema = Type.Unsafe<Emptyable>({ type: 'string', enum: [...EMPTYABLE] });

/** The queue's filters: the list and its group counts take the same ones (API.md names the first few). */
export const TicketFilterFields = {
  status: Type.Optional(Type.Array(StatusSchema, { maxItems: 10 })),
  clientId: Type.Optional(Uuid),
  assigneeId: Type.Optional(Uuid),
  lineId: Type.Optional(Uuid),
  groupId: Type.Optional(Uuid),
  serviceId: Type.Optional(Uuid),
  priority: Type.Optional(PrioritySchema),
  type: Type.Optional(
    Type.String({ minLength: 1, maxLength: 50, description: 'A type of request (its code)' }),
  ),
  channel: Type.Optional(ChannelSchema),
  slaState: Type.Optional(Type.Array(SlaStateSchema, { maxItems: 5 })),
  without: Type.Optional(
    Type.Array(EmptyableSchema, {
      maxItems: EMPTYABLE.length,
      description: 'Only requests that lack these: `without=assignee` lists the unassigned ones',
    }),
  ),
  createdFrom: Type.Optional(TimeBound('Created at or after this time')),
  createdTo: Type.Optional(TimeBound('Created before this time')),
  dueFrom: Type.Optional(TimeBound('SLA due at or after this time')),
  dueTo: Type.Optional(TimeBound('SLA due before this time')),
  plannedFrom: Type.Optional(TimeBound('Planned period ends after this time')),
  plannedTo: Type.Optional(TimeBound('Planned period starts before this time')),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Full-text search (Russian stemming)' })),
  unopened: Type.Optional(
    Type.Boolean({
      description:
        'Only requests no member of the support staff has opened yet (with status=new: the unread ones)',
    }),
  ),
};

export const TicketSortSchema = Type.Unsafe<'-number' | 'number' | '-updatedAt' | 'slaDueAt' | 'priority'>({
  type: 'string',
  enum: ['-number', 'number', '-updatedAt', 'slaDueAt', 'priority'],
  description:
    "Newest first (`-number`, the default), oldest first, recently changed first, the nearest SLA due time first (requests whose clock does not run last), or `priority`: the highest priority first, then the nearest SLA due time (requests without one last), then the newest — the desk queue's order",
});

export const TicketListQuery = Type.Object(
  {
    ...PageQuery,
    ...TicketFilterFields,
    sort: Type.Optional(TicketSortSchema),
  },
  { additionalProperties: false },
);

export const EventView = Type.Object({
  id: Type.Integer(),
  kind: Type.String({
    description: 'created, transitioned, commented, worklog_added, worklog_changed, timer_started…',
  }),
  actorId: Nullable(Uuid),
  actorName: Nullable(Type.String({ description: 'null for the system' })),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
});

export const CommentCreateBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 100_000, description: 'Rich text (HTML) or plain text' }),
    internal: Type.Optional(
      Type.Boolean({ default: false, description: 'An internal note, never shown to clients' }),
    ),
  },
  { additionalProperties: false },
);

export const CommentView = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  authorId: Nullable(Uuid),
  authorName: Nullable(Type.String()),
  body: Type.String(),
  internal: Type.Boolean(),
  createdAt: Timestamp,
});

export const WorklogView = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  userId: Uuid,
  userName: Type.String(),
  startedAt: Timestamp,
  minutes: Type.Integer(),
  note: Type.String(),
  source: Type.Unsafe<'timer' | 'manual'>({ type: 'string', enum: ['timer', 'manual'] }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const WorklogCreateBody = Type.Object(
  {
    minutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
    startedAt: Type.Optional(Timestamp),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const WorklogPatchBody = Type.Object(
  {
    minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 60 })),
    startedAt: Type.Optional(Timestamp),
    note: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

export const TimerView = Type.Object({
  ticketId: Uuid,
  ticketNumber: Type.Integer(),
  ticketTitle: Type.String(),
  startedAt: Timestamp,
});
