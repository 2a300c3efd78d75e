import { Type } from 'typebox';
import { BULK_MAX, GROUP_BY, QUEUE_COLUMNS, type GroupBy, type QueueColumn } from '#common/queue.ts';
import { Nullable, Timestamp, Uuid } from '#server/http/schemas.ts';
import {
  PrioritySchema,
  StatusSchema,
  TicketFilterFields,
  TicketSortSchema,
} from '#server/modules/tickets/schema.ts';

export const GroupBySchema = Type.Unsafe<GroupBy>({
  type: 'string',
  enum: [...GROUP_BY],
  description: 'The attribute the queue is grouped by',
});
const ColumnSchema = Type.Unsafe<QueueColumn>({ type: 'string', enum: [...QUEUE_COLUMNS] });

export const GroupsQuery = Type.Object(
  { by: GroupBySchema, ...TicketFilterFields },
  { additionalProperties: false },
);

export const GroupsView = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Nullable(Type.String({ description: 'The value (an id or a code); null: requests without one' })),
      label: Nullable(
        Type.String({ description: 'Its name, for ids and types; codes are the UI’s to name' }),
      ),
      count: Type.Integer(),
    }),
  ),
  truncated: Type.Boolean({ description: 'More groups exist than the largest ones listed' }),
});

/** What a saved view shows: the queue's filters (and "assigned to me"), order, columns and grouping. */
export const ViewDefinition = Type.Object(
  {
    filters: Type.Object(
      {
        ...TicketFilterFields,
        mine: Type.Optional(
          Type.Boolean({
            description: 'Assigned to whoever opens the view (a shared view means each his own)',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    sort: Type.Optional(TicketSortSchema),
    columns: Type.Optional(
      Type.Array(ColumnSchema, { minItems: 1, maxItems: QUEUE_COLUMNS.length, uniqueItems: true }),
    ),
    groupBy: Type.Optional(Nullable(GroupBySchema)),
  },
  { additionalProperties: false },
);

const ViewName = Type.String({ minLength: 1, maxLength: 100 });

export const ViewCreateBody = Type.Object(
  {
    name: ViewName,
    lineId: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: 'Share with the members of this line' })),
    ),
    definition: ViewDefinition,
  },
  { additionalProperties: false },
);

export const ViewPatchBody = Type.Object(
  {
    name: Type.Optional(ViewName),
    lineId: Type.Optional(Nullable(Uuid)),
    definition: Type.Optional(ViewDefinition),
  },
  { additionalProperties: false },
);

export const ViewView = Type.Object({
  id: Uuid,
  name: Type.String(),
  ownerId: Uuid,
  ownerName: Type.String(),
  lineId: Nullable(Uuid),
  lineName: Nullable(Type.String()),
  canEdit: Type.Boolean({ description: 'Whether the caller may rename, re-share or delete it' }),
  definition: ViewDefinition,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const ViewList = Type.Object({
  items: Type.Array(ViewView),
  lastUsedId: Nullable(
    Type.String({ format: 'uuid', description: 'The view the caller used last (restored at login)' }),
  ),
});

export const LastUsedBody = Type.Object({ id: Nullable(Uuid) }, { additionalProperties: false });

export const BulkBody = Type.Object(
  {
    action: Type.Unsafe<'assign' | 'priority' | 'transition'>({
      type: 'string',
      enum: ['assign', 'priority', 'transition'],
    }),
    items: Type.Array(
      Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: BULK_MAX },
    ),
    assigneeId: Type.Optional(Uuid),
    priority: Type.Optional(PrioritySchema),
    to: Type.Optional(StatusSchema),
    comment: Type.Optional(Type.String({ maxLength: 100_000 })),
  },
  { additionalProperties: false },
);

export const BulkView = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Uuid,
      ok: Type.Boolean(),
      number: Type.Optional(Type.Integer()),
      version: Type.Optional(Type.Integer()),
      status: Type.Optional(Type.Integer({ description: 'The status a single request would have got' })),
      code: Type.Optional(Nullable(Type.String())),
      reason: Type.Optional(Type.String()),
    }),
  ),
  changed: Type.Integer(),
  refused: Type.Integer(),
});
