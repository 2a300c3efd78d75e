import { AppShell, Divider, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { PageLoader } from '../components/States.tsx';
import {
  ActivityIcon,
  BarChartIcon,
  BookIcon,
  BuildingIcon,
  CalendarIcon,
  GanttIcon,
  GaugeIcon,
  HomeIcon,
  InboxIcon,
  KeyIcon,
  LayersIcon,
  ListTreeIcon,
  RouteIcon,
  UserIcon,
  UsersIcon,
  WebhookIcon,
} from '../components/icons.tsx';
import { useCurrentUser } from '../features/auth/currentUser.tsx';
import { NewRequestAlert, SpeechAlertToggle } from '../features/live/NewRequestAlert.tsx';
import { useLiveUpdates } from '../features/live/useLiveUpdates.ts';
import { NotificationBell } from '../features/notifications/NotificationBell.tsx';
import { CallButton } from '../features/phone/CallButton.tsx';
import { AppHeader } from './AppHeader.tsx';

type NavItem = { to: string; label: string; icon: ReactNode; exact?: boolean };

/** The agent workspace: header, navbar (a drawer on phones), and the current page. */
export function DeskLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  useLiveUpdates();

  const items: NavItem[] = [
    { to: '/desk/tickets', label: t('nav.tickets'), icon: <InboxIcon /> },
    { to: '/desk', label: t('nav.home'), icon: <HomeIcon />, exact: true },
    { to: '/desk/planning', label: t('nav.planning'), icon: <GanttIcon /> },
    { to: '/desk/clients', label: t('nav.clients'), icon: <BuildingIcon /> },
    { to: '/desk/activity', label: t('nav.activity'), icon: <ActivityIcon /> },
    { to: '/desk/reports', label: t('nav.reports'), icon: <BarChartIcon /> },
    ...(user.role === 'admin' ? [{ to: '/desk/users', label: t('nav.users'), icon: <UsersIcon /> }] : []),
    { to: '/desk/tokens', label: t('nav.tokens'), icon: <KeyIcon /> },
  ];
  // What changes how the whole desk works: the admin's alone, except lines and routing, which every
  // staff member may read (the pages hide the admin's controls).
  const settings: NavItem[] = [
    { to: '/desk/settings/lines', label: t('nav.lines'), icon: <LayersIcon /> },
    { to: '/desk/settings/routing', label: t('nav.routing'), icon: <RouteIcon /> },
    ...(user.role === 'admin'
      ? [
          { to: '/desk/settings/calendars', label: t('nav.calendars'), icon: <CalendarIcon /> },
          { to: '/desk/settings/sla-policies', label: t('nav.slaPolicies'), icon: <GaugeIcon /> },
          { to: '/desk/settings/catalog', label: t('nav.catalog'), icon: <ListTreeIcon /> },
          { to: '/desk/settings/dictionaries', label: t('nav.dictionaries'), icon: <BookIcon /> },
          { to: '/desk/settings/webhooks', label: t('nav.webhooks'), icon: <WebhookIcon /> },
          { to: '/desk/settings/mail', label: t('nav.mail'), icon: <InboxIcon /> },
        ]
      : []),
  ];
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
        <AppHeader
          homePath="/desk"
          navbar={{ opened, toggle }}
          actions={
            <>
              <CallButton />
              <SpeechAlertToggle />
              <NotificationBell />
            </>
          }
        />
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
        <NewRequestAlert />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
