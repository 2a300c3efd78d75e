import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Emptyable, GroupBy, QueueColumn } from '#common/queue.ts';
import type { Channel, Priority, Status } from '#common/tickets.ts';
import { api, type Page } from '../../../lib/api.ts';
import { ticketsQueryKey, type SlaState, type Ticket, type TicketSort } from '../api.ts';

/** Every filter the queue offers; `mine` means "assigned to whoever looks", so a shared view fits each. */
export type QueueFilters = {
  status?: Status[];
  clientId?: string;
  assigneeId?: string;
  lineId?: string;
  groupId?: string;
  serviceId?: string;
  priority?: Priority;
  type?: string;
  channel?: Channel;
  slaState?: SlaState[];
  without?: Emptyable[];
  createdFrom?: string;
  createdTo?: string;
  dueFrom?: string;
  dueTo?: string;
  q?: string;
  mine?: boolean;
};

/** A saved view's content: what the queue shows. */
export type ViewDefinition = {
  filters: QueueFilters;
  sort?: TicketSort;
  columns?: QueueColumn[];
  groupBy?: GroupBy | null;
};

export type QueueView = {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string;
  lineId: string | null;
  lineName: string | null;
  canEdit: boolean;
  definition: ViewDefinition;
  createdAt: string;
  updatedAt: string;
};

export type GroupCount = { key: string | null; label: string | null; count: number };

export type BulkRequest = {
  action: 'assign' | 'priority' | 'transition';
  items: { id: string; version: number }[];
  assigneeId?: string;
  priority?: Priority;
  to?: Status;
};

export type BulkOutcome = {
  results: {
    id: string;
    ok: boolean;
    number?: number;
    status?: number;
    code?: string | null;
    reason?: string;
  }[];
  changed: number;
  refused: number;
};

/** The list API's query for these filters (`mine` becomes the viewer's id). */
export function listQuery(filters: QueueFilters, userId: string) {
  const { mine, ...rest } = filters;
  return {
    ...rest,
    status: rest.status ?? [],
    slaState: rest.slaState ?? [],
    without: rest.without ?? [],
    q: rest.q?.trim() || undefined,
    assigneeId: mine ? userId : rest.assigneeId,
  };
}

/** One page after another of the queue (or of one of its groups), under the key the live feed refreshes. */
export const queueListQueryOptions = (filters: QueueFilters, sort: TicketSort, userId: string, limit = 50) =>
  infiniteQueryOptions({
    queryKey: [...ticketsQueryKey, 'list', 'queue', filters, sort, userId, limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Ticket>>('/tickets', {
        signal,
        query: { ...listQuery(filters, userId), sort, limit, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const viewsQueryKey = ['queue-views'] as const;

export const viewsQueryOptions = queryOptions({
  queryKey: viewsQueryKey,
  queryFn: ({ signal }) => api.get<{ items: QueueView[]; lastUsedId: string | null }>('/views', { signal }),
  staleTime: 60_000,
});

// Under the lists' key: the live feed refreshes counts together with the rows they count.
export const groupsQueryOptions = (by: GroupBy, filters: QueueFilters, userId: string) =>
  queryOptions({
    queryKey: [...ticketsQueryKey, 'list', 'groups', by, filters, userId],
    queryFn: ({ signal }) =>
      api.get<{ items: GroupCount[]; truncated: boolean }>('/tickets/groups', {
        signal,
        query: { by, ...listQuery(filters, userId) },
      }),
  });

export const createView = (body: { name: string; lineId: string | null; definition: ViewDefinition }) =>
  api.post<QueueView>('/views', body);

export const updateView = ({
  id,
  ...body
}: {
  id: string;
  name?: string;
  lineId?: string | null;
  definition?: ViewDefinition;
}) => api.patch<QueueView>(`/views/${encodeURIComponent(id)}`, body);

export const deleteView = (id: string) => api.delete(`/views/${encodeURIComponent(id)}`);

export const rememberView = (id: string | null) => api.put<void>('/views/last-used', { id });

export const bulkChange = (body: BulkRequest) => api.post<BulkOutcome>('/tickets/bulk', body);
