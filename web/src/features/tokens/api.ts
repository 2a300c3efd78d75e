import { queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export type ApiToken = { id: string; name: string; createdAt: string; lastUsedAt: string | null };
export type CreatedToken = { id: string; name: string; token: string; createdAt: string };

export const tokensQueryKey = ['tokens'] as const;

export const tokensQueryOptions = queryOptions({
  queryKey: tokensQueryKey,
  queryFn: ({ signal }) => api.get<{ items: ApiToken[] }>('/tokens', { signal }),
});

export const createToken = (name: string): Promise<CreatedToken> =>
  api.post<CreatedToken>('/tokens', { name });

export const revokeToken = (id: string): Promise<void> => api.delete(`/tokens/${encodeURIComponent(id)}`);
