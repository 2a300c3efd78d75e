// The queue's state lives in the address (Back from a request returns to the same queue, a link shares it);
// a saved view is the same state under a name. These convert between the two.
import {
  DEFAULT_QUEUE_COLUMNS,
  EMPTYABLE,
  GROUP_BY,
  QUEUE_COLUMNS,
  type Emptyable,
  type GroupBy,
  type QueueColumn,
} from '#common/queue.ts';
import { CHANNELS, PRIORITIES, STATUSES, type Channel, type Priority, type Status } from '#common/tickets.ts';
import { SLA_STATES, type SlaState, type TicketSort } from '../api.ts';
import type { QueueFilters, ViewDefinition } from './queueApi.ts';

// The desk works the most urgent first: priority, then the SLA due time (the API's default stays -number).
export const SORTS: readonly TicketSort[] = ['priority', '-number', 'number', '-updatedAt', 'slaDueAt'];
export const DEFAULT_SORT: TicketSort = 'priority';

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (value: string | null | undefined): value is T =>
    value !== null && value !== undefined && (values as readonly string[]).includes(value);

export const isStatus = oneOf<Status>(STATUSES);
export const isSlaState = oneOf<SlaState>(SLA_STATES);
export const isPriority = oneOf<Priority>(PRIORITIES);
export const isChannel = oneOf<Channel>(CHANNELS);
export const isSort = oneOf<TicketSort>(SORTS);
export const isGroupBy = oneOf<GroupBy>(GROUP_BY);
export const isColumn = oneOf<QueueColumn>(QUEUE_COLUMNS);
export const isEmptyable = oneOf<Emptyable>(EMPTYABLE);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (value: string | null) => (value && UUID.test(value) ? value : undefined);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const day = (value: string | null) => (value && DATE.test(value) ? value : undefined);

/** The queue's state as the page holds it: dates as calendar days of the viewer, the rest as in a view. */
export type QueueState = {
  filters: Omit<QueueFilters, 'createdFrom' | 'createdTo' | 'dueFrom' | 'dueTo'> & {
    createdFrom?: string;
    createdTo?: string;
    dueFrom?: string;
    dueTo?: string;
  };
  sort: TicketSort;
  columns: QueueColumn[];
  groupBy: GroupBy | null;
};

/** Address parameters owned by the queue (anything else in the address is left alone). */
export const QUEUE_PARAMS = [
  'status',
  'sla',
  'priority',
  'mine',
  'sort',
  'q',
  'client',
  'line',
  'group',
  'service',
  'type',
  'channel',
  'without',
  'createdFrom',
  'createdTo',
  'dueFrom',
  'dueTo',
  'cols',
  'groupBy',
] as const;

export function stateFromParams(params: URLSearchParams): QueueState {
  const filters: QueueState['filters'] = {};
  const statuses = params.getAll('status').filter(isStatus);
  if (statuses.length) {
    filters.status = statuses;
  }
  const sla = params.getAll('sla').filter(isSlaState);
  if (sla.length) {
    filters.slaState = sla;
  }
  const without = params.getAll('without').filter(isEmptyable);
  if (without.length) {
    filters.without = without;
  }
  const priority = params.get('priority');
  if (isPriority(priority)) {
    filters.priority = priority;
  }
  const channel = params.get('channel');
  if (isChannel(channel)) {
    filters.channel = channel;
  }
  if (params.get('mine') === '1') {
    filters.mine = true;
  }
  const q = params.get('q')?.trim();
  if (q) {
    filters.q = q;
  }
  const ids = { client: 'clientId', line: 'lineId', group: 'groupId', service: 'serviceId' } as const;
  for (const [param, field] of Object.entries(ids)) {
    const id = uuid(params.get(param));
    if (id) {
      filters[field] = id;
    }
  }
  const type = params.get('type')?.trim();
  if (type) {
    filters.type = type.slice(0, 50);
  }
  for (const field of ['createdFrom', 'createdTo', 'dueFrom', 'dueTo'] as const) {
    const value = day(params.get(field));
    if (value) {
      filters[field] = value;
    }
  }
  const sort = params.get('sort');
  const groupBy = params.get('groupBy');
  const cols = (params.get('cols') ?? '').split(',').filter(isColumn);
  return {
    filters,
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    columns: cols.length
      ? QUEUE_COLUMNS.filter((column) => cols.includes(column))
      : [...DEFAULT_QUEUE_COLUMNS],
    groupBy: isGroupBy(groupBy) ? groupBy : null,
  };
}

/** Writes the state over the queue's parameters of `previous`, leaving defaults out of the address. */
export function paramsFromState(state: QueueState, previous?: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(previous);
  for (const key of QUEUE_PARAMS) {
    next.delete(key);
  }
  const f = state.filters;
  for (const status of f.status ?? []) {
    next.append('status', status);
  }
  for (const sla of f.slaState ?? []) {
    next.append('sla', sla);
  }
  for (const attribute of f.without ?? []) {
    next.append('without', attribute);
  }
  const single: [string, string | undefined][] = [
    ['priority', f.priority],
    ['channel', f.channel],
    ['mine', f.mine ? '1' : undefined],
    ['q', f.q],
    ['client', f.clientId],
    ['line', f.lineId],
    ['group', f.groupId],
    ['service', f.serviceId],
    ['type', f.type],
    ['createdFrom', f.createdFrom],
    ['createdTo', f.createdTo],
    ['dueFrom', f.dueFrom],
    ['dueTo', f.dueTo],
    ['sort', state.sort === DEFAULT_SORT ? undefined : state.sort],
    ['groupBy', state.groupBy ?? undefined],
    ['cols', sameColumns(state.columns, DEFAULT_QUEUE_COLUMNS) ? undefined : state.columns.join(',')],
  ];
  for (const [key, value] of single) {
    if (value) {
      next.set(key, value);
    }
  }
  return next;
}

const sameColumns = (a: readonly QueueColumn[], b: readonly QueueColumn[]) =>
  a.length === b.length && a.every((column) => b.includes(column));

// A day filter means whole days of the viewer's calendar: from its midnight to the next one.
const startOfDay = (value: string, plusDays = 0) => {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + plusDays).toISOString();
};
const dayOf = (iso: string, minusDays = 0) => {
  const date = new Date(iso);
  date.setDate(date.getDate() - minusDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
};

/** The API's filters for the state: days become instants, "to" days inclusive. */
export function apiFilters(filters: QueueState['filters']): QueueFilters {
  const { createdFrom, createdTo, dueFrom, dueTo, ...rest } = filters;
  return {
    ...rest,
    ...(createdFrom ? { createdFrom: startOfDay(createdFrom) } : {}),
    ...(createdTo ? { createdTo: startOfDay(createdTo, 1) } : {}),
    ...(dueFrom ? { dueFrom: startOfDay(dueFrom) } : {}),
    ...(dueTo ? { dueTo: startOfDay(dueTo, 1) } : {}),
  };
}

/** A view's definition for the state (what "save as" stores). */
export function definitionOf(state: QueueState): ViewDefinition {
  return {
    filters: apiFilters(state.filters),
    sort: state.sort,
    columns: state.columns,
    groupBy: state.groupBy,
  };
}

/** The state a view opens. */
export function stateOf(definition: ViewDefinition): QueueState {
  const { createdFrom, createdTo, dueFrom, dueTo, ...rest } = definition.filters;
  return {
    filters: {
      ...rest,
      ...(createdFrom ? { createdFrom: dayOf(createdFrom) } : {}),
      ...(createdTo ? { createdTo: dayOf(createdTo, 1) } : {}),
      ...(dueFrom ? { dueFrom: dayOf(dueFrom) } : {}),
      ...(dueTo ? { dueTo: dayOf(dueTo, 1) } : {}),
    },
    sort: definition.sort ?? DEFAULT_SORT,
    columns: definition.columns?.length ? [...definition.columns] : [...DEFAULT_QUEUE_COLUMNS],
    groupBy: definition.groupBy ?? null,
  };
}

/** True when the address shows exactly what the view defines (else the view was changed since). */
export function sameState(a: QueueState, b: QueueState): boolean {
  return paramsFromState(a).toString() === paramsFromState(b).toString();
}

/** True when any filter narrows the queue. */
export const isFiltered = (filters: QueueState['filters']) => Object.keys(filters).length > 0;

/** The filter that lists one group's requests (a group without a value: `without`). */
export function groupFilter(by: GroupBy, key: string | null): QueueFilters {
  if (key === null) {
    return isEmptyable(by) ? { without: [by] } : {};
  }
  switch (by) {
    case 'status':
      return isStatus(key) ? { status: [key] } : {};
    case 'priority':
      return isPriority(key) ? { priority: key } : {};
    case 'slaState':
      return isSlaState(key) ? { slaState: [key] } : {};
    case 'channel':
      return isChannel(key) ? { channel: key } : {};
    case 'type':
      return { type: key };
    case 'client':
      return { clientId: key };
    case 'service':
      return { serviceId: key };
    case 'line':
      return { lineId: key };
    case 'group':
      return { groupId: key };
    case 'assignee':
      return { assigneeId: key };
  }
}

/** The group's filter on top of the queue's: the group's value replaces the queue's own on that attribute. */
export function withGroup(filters: QueueFilters, by: GroupBy, key: string | null): QueueFilters {
  const group = groupFilter(by, key);
  const merged: QueueFilters = { ...filters, ...group };
  if (group.without) {
    merged.without = [...new Set([...(filters.without ?? []), ...group.without])];
  }
  if (by === 'assignee') {
    delete merged.mine;
  }
  return merged;
}
