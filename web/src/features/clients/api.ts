import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { LIMITS } from '#common/limits.ts';
import { api, type Page } from '../../lib/api.ts';

export type Client = {
  id: string;
  name: string;
  inn: string;
  kpp: string | null;
  timeZone: string | null;
  notes: string | null;
  /** Every contact of the client sees the hour balance, not only the approver. */
  usersSeeBalance: boolean;
  /** The business calendar of the client's SLA; null: the default calendar. */
  calendarId: string | null;
  contactCount: number;
  createdAt: string;
};

export type ClientContact = {
  id: string;
  name: string;
  email: string;
  phone?: string | null;
  role: string;
  isActive?: boolean;
};
export type ClientDetails = Client & { contacts: ClientContact[] };
export type ClientCreate = { name: string; inn: string; kpp?: string; timeZone?: string; notes?: string };
export type ClientPatch = Partial<ClientCreate> & { usersSeeBalance?: boolean; calendarId?: string | null };

export const clientsQueryKey = ['clients'] as const;

// A full INN (10 digits for a company, 12 for an entrepreneur) is looked up exactly; anything else is a search.
const FULL_INN = /^(\d{10}|\d{12})$/;

export const clientSearchParams = (search: string): { q?: string; inn?: string } => {
  const term = search.trim();
  if (!term) {
    return {};
  }
  return FULL_INN.test(term) ? { inn: term } : { q: term };
};

export const clientsQueryOptions = (search: string, limit: number = LIMITS.pageDefault) =>
  infiniteQueryOptions({
    queryKey: [...clientsQueryKey, 'list', search.trim(), limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Client>>('/clients', {
        signal,
        query: { ...clientSearchParams(search), limit, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const clientQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...clientsQueryKey, 'one', id],
    queryFn: ({ signal }) => api.get<ClientDetails>(`/clients/${encodeURIComponent(id)}`, { signal }),
  });

export const createClient = (body: ClientCreate): Promise<Client> => api.post<Client>('/clients', body);

export const updateClient = ({ id, ...body }: ClientPatch & { id: string }): Promise<ClientDetails> =>
  api.patch<ClientDetails>(`/clients/${encodeURIComponent(id)}`, body);

/** Admin and dispatcher register clients; agents only look them up. */
export const canCreateClients = (role: string): boolean => role === 'admin' || role === 'dispatcher';
