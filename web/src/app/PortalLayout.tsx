import { AppShell, Container, Tabs } from '@mantine/core';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoader } from '../components/States.tsx';
import { AppHeader } from './AppHeader.tsx';

const TABS = [
  { path: '/portal', label: 'nav.home' },
  { path: '/portal/tickets', label: 'nav.tickets' },
  { path: '/portal/profile', label: 'nav.profile' },
] as const;

// The home tab is current only at /portal itself; the others also for the pages under them.
const isCurrent = (path: string, pathname: string): boolean =>
  path === '/portal'
    ? pathname === path || pathname === `${path}/`
    : pathname === path || pathname.startsWith(`${path}/`);

/** The client portal: a light header, a row of tabs, one column that fits a phone. */
export function PortalLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const current = TABS.find((tab) => isCurrent(tab.path, pathname))?.path ?? null;

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
              {TABS.map((tab) => (
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
