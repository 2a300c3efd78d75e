import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import { LIMITS } from '#common/limits.ts';
import { api, type Page } from '../../lib/api.ts';

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  clientId: string | null;
  clientName: string | null;
  lineIds: string[];
  groupIds: string[];
  isActive: boolean;
  createdAt: string;
};

export type UserCreate = {
  email: string;
  name: string;
  role: Role;
  password: string;
  clientId?: string;
  lineIds?: string[];
  groupIds?: string[];
};

export type UserUpdate = {
  name?: string;
  role?: Role;
  password?: string;
  clientId?: string;
  lineIds?: string[];
  groupIds?: string[];
  isActive?: boolean;
};

export type SupportLine = {
  id: string;
  code: string;
  name: string;
  level: number;
  groups: { id: string; name: string }[];
};

export type UserFilters = { q: string; role: Role | null };

export const usersQueryKey = ['users'] as const;

export const usersQueryOptions = (filters: UserFilters) =>
  infiniteQueryOptions({
    queryKey: [...usersQueryKey, filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<User>>('/users', {
        signal,
        query: { q: filters.q.trim(), role: filters.role, limit: LIMITS.pageDefault, cursor: pageParam },
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const linesQueryOptions = queryOptions({
  queryKey: ['lines'],
  queryFn: ({ signal }) => api.get<{ items: SupportLine[] }>('/lines', { signal }),
  staleTime: 5 * 60_000,
});

export const createUser = (body: UserCreate): Promise<User> => api.post<User>('/users', body);

export const updateUser = ({ id, ...body }: UserUpdate & { id: string }): Promise<User> =>
  api.patch<User>(`/users/${encodeURIComponent(id)}`, body);

/** Deactivates (the server keeps the user and their history). */
export const deactivateUser = (id: string): Promise<void> => api.delete(`/users/${encodeURIComponent(id)}`);
