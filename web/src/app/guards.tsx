// Route guards. They steer the browser; the server still checks every call on its own.
import { Button, Center, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet } from 'react-router';
import { homePathFor, type Role } from '#common/roles.ts';
import { EmptyHint, ErrorState, FullPageLoader } from '../components/States.tsx';
import { AlertIcon } from '../components/icons.tsx';
import { meQueryOptions } from '../features/auth/api.ts';
import { CurrentUserProvider, useCurrentUser } from '../features/auth/currentUser.tsx';
import { canSeeBalance } from '../features/contracts/api.ts';

type Area = '/desk' | '/portal';

/** Lets in only a signed-in user whose home is this area: staff in /desk, clients and employees in /portal. */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const me = useQuery(meQueryOptions);
  if (me.data === undefined) {
    return me.isError ? (
      <Center mih="100vh" p="md">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Center>
    ) : (
      <FullPageLoader />
    );
  }
  if (me.data === null) {
    return <Navigate to="/login" replace />;
  }
  const home = homePathFor(me.data.role);
  if (home !== area) {
    return <Navigate to={home} replace />;
  }
  return <CurrentUserProvider user={me.data}>{children}</CurrentUserProvider>;
}

/**
 * Within an area, a page only some roles may open (users: admin; new client: admin, dispatcher). Without
 * children it guards the nested routes (the desk's settings).
 */
export function RequireRoles({ roles, children }: { roles: readonly Role[]; children?: ReactNode }) {
  const user = useCurrentUser();
  if (!roles.includes(user.role)) {
    return <NoAccess />;
  }
  return children ?? <Outlet />;
}

/** The portal's «Баланс»: the approver, and every contact of a client who lets them all see it. */
export function RequireBalanceAccess({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  return canSeeBalance(user) ? children : <NoAccess />;
}

function NoAccess() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <EmptyHint
      icon={<AlertIcon size={28} />}
      title={t('errors.noAccessTitle')}
      description={t('errors.noAccess')}
      action={
        <Button component={Link} to={homePathFor(user.role)} variant="light">
          {t('common.toHome')}
        </Button>
      }
    />
  );
}

/** `/`: the user's home, or /login. */
export function RootRedirect() {
  const me = useQuery(meQueryOptions);
  if (me.data === undefined) {
    return me.isError ? (
      <Center mih="100vh" p="md">
        <Stack>
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        </Stack>
      </Center>
    ) : (
      <FullPageLoader />
    );
  }
  return <Navigate to={me.data ? homePathFor(me.data.role) : '/login'} replace />;
}
