import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import { api, ApiError, setCsrfToken } from '../../lib/api.ts';
import type { Language } from '../../i18n/i18n.ts';

export type MeLine = { id: string; code: string; name: string; level: number };
export type MeGroup = { id: string; name: string; lineId: string };

/** GET /api/v1/me: who is signed in, with what the UI needs to know about them. */
export type Me = {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Language;
  timeZone: string;
  /** The desk reads new unread requests aloud to him (he turns it off in the header). */
  speechAlerts: boolean;
  /** usersSeeBalance: every contact of the client may see the hour balance, not only the approver. */
  client: { id: string; name: string; inn: string; usersSeeBalance?: boolean } | null;
  lines: MeLine[];
  groups: MeGroup[];
  csrfToken: string | null;
};

export type MeUpdate = { locale?: Language; name?: string; timeZone?: string; speechAlerts?: boolean };

export type LoginAnswer = {
  user: { id: string; email: string; name: string; role: Role; locale: Language };
  csrfToken: string;
};

const remember = (me: Me): Me => {
  setCsrfToken(me.csrfToken);
  return me;
};

/** The session probe: null when nobody is signed in (401), instead of an error. */
const fetchMe = async (signal: AbortSignal): Promise<Me | null> => {
  try {
    return remember(await api.get<Me>('/me', { signal, expectUnauthorized: true }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
};

export const meQueryOptions = queryOptions({
  queryKey: ['me'],
  queryFn: ({ signal }) => fetchMe(signal),
  staleTime: 60_000,
});

/** Typed with its data, so reads and writes of the cached user are checked. */
export const meQueryKey = meQueryOptions.queryKey;

export const login = async (email: string, password: string): Promise<LoginAnswer> => {
  const answer = await api.post<LoginAnswer>(
    '/auth/login',
    { email, password },
    { expectUnauthorized: true },
  );
  setCsrfToken(answer.csrfToken);
  return answer;
};

export const logout = (): Promise<void> =>
  api.post<void>('/auth/logout', undefined, { expectUnauthorized: true });

export const updateMe = async (update: MeUpdate): Promise<Me> => remember(await api.patch<Me>('/me', update));

/** Forgets everything about the signed-in user; the route guards then send the browser to /login. */
export const resetSession = (queryClient: QueryClient): void => {
  setCsrfToken(null);
  queryClient.setQueryData(meQueryKey, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
};
