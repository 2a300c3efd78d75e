import { AppShell, Divider, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../components/States.tsx';
import {
  BuildingIcon,
  CalendarIcon,
  GaugeIcon,
  HomeIcon,
  InboxIcon,
  KeyIcon,
  ListTreeIcon,
  UserIcon,
  UsersIcon,
} from '../components/icons.tsx';
import { useCurrentUser } from '../features/auth/currentUser.tsx';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { AppHeader } from './AppHeader.tsx';

type NavItem = { to: string; label: string; icon: ReactNode; exact?: boolean };

/** The agent workspace: header, navbar (a drawer on phones), and the current page. */
export function DeskLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  const items: NavItem[] = [
    { to: '/desk/tickets', label: t('nav.tickets'), icon: <InboxIcon /> },
    { to: '/desk', label: t('nav.home'), icon: <HomeIcon />, exact: true },
    { to: '/desk/clients', label: t('nav.clients'), icon: <BuildingIcon /> },
    ...(user.role === 'admin' ? [{ to: '/desk/users', label: t('nav.users'), icon: <UsersIcon /> }] : []),
    { to: '/desk/tokens', label: t('nav.tokens'), icon: <KeyIcon /> },
  ];
  // What changes how the whole desk works: the admin's alone.
  const settings: NavItem[] =
    user.role === 'admin'
      ? [
          { to: '/desk/settings/calendars', label: t('nav.calendars'), icon: <CalendarIcon /> },
          { to: '/desk/settings/sla-policies', label: t('nav.slaPolicies'), icon: <GaugeIcon /> },
          { to: '/desk/settings/catalog', label: t('nav.catalog'), icon: <ListTreeIcon /> },
        ]
      : [];
  const isActive = (item: Pick<NavItem, 'to' | 'exact'>): boolean =>
    item.exact ? pathname === item.to || pathname === `${item.to}/` : pathname.startsWith(item.to);

  const renderLink = (item: NavItem) => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={item.label}
      leftSection={item.icon}
      active={isActive(item)}
      aria-current={isActive(item) ? 'page' : undefined}
      onClick={close}
    />
  );

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <AppHeader homePath="/desk" navbar={{ opened, toggle }} actions={<NotificationBell />} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          {items.map(renderLink)}
          {settings.length > 0 && (
            <>
              <Divider my="sm" label={t('nav.settings')} labelPosition="left" />
              {settings.map(renderLink)}
            </>
          )}
        </AppShell.Section>
        <AppShell.Section>
          {renderLink({ to: '/desk/profile', label: t('nav.profile'), icon: <UserIcon /> })}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
