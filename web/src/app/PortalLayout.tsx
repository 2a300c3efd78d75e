import { AppShell, Container, Tabs } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoader } from '../components/States.tsx';
import { useCurrentUser } from '../features/auth/currentUser.tsx';
import { canSeeBalance, canSeeContracts } from '../features/contracts/api.ts';
import { useLiveUpdates } from '../features/live/useLiveUpdates.ts';
import { AppHeader } from './AppHeader.tsx';

type Tab = {
  path: string;
  label: 'nav.home' | 'nav.tickets' | 'nav.balance' | 'nav.statements' | 'nav.profile';
};

const HOME_TAB: Tab = { path: '/portal', label: 'nav.home' };
const TICKETS_TAB: Tab = { path: '/portal/tickets', label: 'nav.tickets' };
// The hour balance is money: the client's approver sees it, and every contact when the client allows it
// (the server refuses the others anyway).
const BALANCE_TAB: Tab = { path: '/portal/balance', label: 'nav.balance' };
// Statements are money too: the approver's alone.
const STATEMENTS_TAB: Tab = { path: '/portal/statements', label: 'nav.statements' };
const PROFILE_TAB: Tab = { path: '/portal/profile', label: 'nav.profile' };

// The home tab is current only at /portal itself; the others also for the pages under them.
const isCurrent = (path: string, pathname: string): boolean =>
  path === '/portal'
    ? pathname === path || pathname === `${path}/`
    : pathname === path || pathname.startsWith(`${path}/`);

/** The client portal: a light header, a row of tabs, one column that fits a phone. */
export function PortalLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  useLiveUpdates();
  const tabs = [
    HOME_TAB,
    TICKETS_TAB,
    ...(canSeeBalance(user) ? [BALANCE_TAB] : []),
    ...(canSeeContracts(user.role) ? [STATEMENTS_TAB] : []),
    PROFILE_TAB,
  ];
  const current = tabs.find((tab) => isCurrent(tab.path, pathname))?.path ?? null;

  return (
    <AppShell header={{ height: 56 }} padding={0}>
      <AppShell.Header>
        <AppHeader homePath="/portal" />
      </AppShell.Header>
      <AppShell.Main>
        <Container size="md" px="md" py="md">
          <Tabs
            value={current}
            onChange={(value) => {
              if (value) {
                void navigate(value);
              }
            }}
            mb="lg"
          >
            <Tabs.List aria-label={t('nav.label')}>
              {tabs.map((tab) => (
                <Tabs.Tab
                  key={tab.path}
                  value={tab.path}
                  // The current tab does not fire onChange: from a request page, «Заявки» still leads back.
                  onClick={
                    tab.path === current && pathname !== tab.path ? () => void navigate(tab.path) : undefined
                  }
                >
                  {t(tab.label)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
