import { queryOptions } from '@tanstack/react-query';
import type { DictionaryColor, Priority } from '#common/tickets.ts';
import { api } from '../../lib/api.ts';

/** GET /priorities: a level's names and colour; the codes and their order are fixed. */
export type PriorityEntry = {
  code: Priority;
  /** 1 (low) … 4 (critical). */
  rank: number;
  name: string;
  nameEn: string;
  color: DictionaryColor;
  /** Offered for new requests; requests that have a retired level keep it. */
  isActive: boolean;
};
export type PriorityPatch = Partial<Pick<PriorityEntry, 'name' | 'nameEn' | 'color' | 'isActive'>>;

/** GET /ticket-types: a type of request; its code is what requests store. */
export type TicketTypeEntry = {
  code: string;
  name: string;
  nameEn: string;
  position: number;
  isActive: boolean;
};
export type TicketTypeCreate = { code: string; name: string; nameEn: string; position?: number };
export type TicketTypePatch = Partial<Pick<TicketTypeEntry, 'name' | 'nameEn' | 'position' | 'isActive'>>;

export const prioritiesQueryKey = ['priorities'] as const;
export const prioritiesQueryOptions = queryOptions({
  queryKey: prioritiesQueryKey,
  queryFn: ({ signal }) => api.get<{ items: PriorityEntry[] }>('/priorities', { signal }),
  // Names change rarely, and only by an admin, whose own edits refresh this at once.
  staleTime: 10 * 60_000,
});

export const ticketTypesQueryKey = ['ticket-types'] as const;
/** Every type, retired ones too: the dictionary page shows them all. */
export const allTicketTypesQueryOptions = queryOptions({
  queryKey: [...ticketTypesQueryKey, 'all'],
  queryFn: ({ signal }) =>
    api.get<{ items: TicketTypeEntry[] }>('/ticket-types', { signal, query: { includeInactive: true } }),
});

export const updatePriority = ({ code, ...body }: PriorityPatch & { code: Priority }) =>
  api.patch<PriorityEntry>(`/priorities/${encodeURIComponent(code)}`, body);

export const createTicketType = (body: TicketTypeCreate) => api.post<TicketTypeEntry>('/ticket-types', body);

export const updateTicketType = ({ code, ...body }: TicketTypePatch & { code: string }) =>
  api.patch<TicketTypeEntry>(`/ticket-types/${encodeURIComponent(code)}`, body);

/** The types offered for new requests, in the admin's order: what create forms show. */
export const offeredTicketTypesQueryOptions = queryOptions({
  queryKey: [...ticketTypesQueryKey, 'offered'],
  queryFn: ({ signal }) => api.get<{ items: TicketTypeEntry[] }>('/ticket-types', { signal }),
  staleTime: 10 * 60_000,
});
