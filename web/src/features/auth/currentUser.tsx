import { createContext, use, type ReactNode } from 'react';
import type { Me } from './api.ts';

const CurrentUserContext = createContext<Me | null>(null);

/** Provided by the route guard once GET /me has answered with a user allowed in the area. */
export function CurrentUserProvider({ user, children }: { user: Me; children: ReactNode }) {
  return <CurrentUserContext value={user}>{children}</CurrentUserContext>;
}

/** The signed-in user; only inside a guarded area (/desk, /portal). */
export function useCurrentUser(): Me {
  const user = use(CurrentUserContext);
  if (!user) {
    throw new Error('useCurrentUser is used outside a guarded route');
  }
  return user;
}
