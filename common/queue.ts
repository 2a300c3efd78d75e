// The agent's queue vocabulary, shared by the API (filters, group counts, saved views) and the desk UI.

/** Attributes a queue can be grouped by; each is one column of a request. */
export const GROUP_BY = [
  'status',
  'client',
  'priority',
  'type',
  'service',
  'line',
  'group',
  'assignee',
  'slaState',
  'channel',
] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/**
 * Attributes a request may lack (no client for an internal request, nobody assigned yet…): a group of
 * "none" is expanded with `without=<attribute>`, since an id filter cannot say "empty".
 */
export const EMPTYABLE = ['client', 'service', 'line', 'group', 'assignee', 'slaState'] as const;
export type Emptyable = (typeof EMPTYABLE)[number];

/** Columns the queue table can show, in the fixed order it shows them. */
export const QUEUE_COLUMNS = [
  'number',
  'title',
  'client',
  'status',
  'priority',
  'type',
  'service',
  'line',
  'group',
  'assignee',
  'sla',
  'estimate',
  'created',
  'updated',
  'planned',
  'channel',
] as const;
export type QueueColumn = (typeof QUEUE_COLUMNS)[number];

/** What the queue shows when a view names no columns: the desk's long-standing table. */
export const DEFAULT_QUEUE_COLUMNS: readonly QueueColumn[] = [
  'number',
  'title',
  'client',
  'status',
  'priority',
  'sla',
  'assignee',
  'estimate',
  'updated',
];

/** Requests a bulk action may touch at once: each is its own transaction, so the list stays short. */
export const BULK_MAX = 100;
