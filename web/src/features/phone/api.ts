import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type ContactHit = {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: 'client_user' | 'client_approver' | 'employee';
  client: { id: string; name: string; inn: string } | null;
};

export const contactSearchQueryOptions = (q: string) =>
  queryOptions({
    queryKey: ['contacts', 'search', q],
    queryFn: ({ signal }) => api.get<{ items: ContactHit[] }>('/contacts/search', { signal, query: { q } }),
    enabled: q.length >= 2,
    staleTime: 30_000,
  });
