import { Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { FullPageLoader } from '../components/States.tsx';
import { DeskLayout } from './DeskLayout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { PortalLayout } from './PortalLayout.tsx';
import { RouteError } from './RouteError.tsx';
import { RequireArea, RequireBalanceAccess, RequireRoles, RootRedirect } from './guards.tsx';
import { lazyPage } from './lazyPage.ts';

// Pages load on demand: the first screen carries only the shell.
const LoginPage = lazyPage(() => import('../features/auth/LoginPage.tsx'), 'LoginPage');
const ProfilePage = lazyPage(() => import('../features/auth/ProfilePage.tsx'), 'ProfilePage');
const DeskHomePage = lazyPage(() => import('../features/desk/DeskHomePage.tsx'), 'DeskHomePage');
const ClientsPage = lazyPage(() => import('../features/clients/ClientsPage.tsx'), 'ClientsPage');
const ClientPage = lazyPage(() => import('../features/clients/ClientPage.tsx'), 'ClientPage');
const ClientCreatePage = lazyPage(
  () => import('../features/clients/ClientCreatePage.tsx'),
  'ClientCreatePage',
);
const UsersPage = lazyPage(() => import('../features/users/UsersPage.tsx'), 'UsersPage');
const CalendarsPage = lazyPage(() => import('../features/sla/CalendarsPage.tsx'), 'CalendarsPage');
const CalendarEditorPage = lazyPage(
  () => import('../features/sla/CalendarEditorPage.tsx'),
  'CalendarEditorPage',
);
const PoliciesPage = lazyPage(() => import('../features/sla/PoliciesPage.tsx'), 'PoliciesPage');
const CatalogPage = lazyPage(() => import('../features/catalog/CatalogPage.tsx'), 'CatalogPage');
const DictionariesPage = lazyPage(
  () => import('../features/dictionaries/DictionariesPage.tsx'),
  'DictionariesPage',
);
const LinesPage = lazyPage(() => import('../features/lines/LinesPage.tsx'), 'LinesPage');
const RoutingPage = lazyPage(() => import('../features/routing/RoutingPage.tsx'), 'RoutingPage');
const PlanningPage = lazyPage(() => import('../features/planning/PlanningPage.tsx'), 'PlanningPage');
const ActivityPage = lazyPage(() => import('../features/workspace/ActivityPage.tsx'), 'ActivityPage');
const ReportsPage = lazyPage(() => import('../features/reports/ReportsPage.tsx'), 'ReportsPage');
const TokensPage = lazyPage(() => import('../features/tokens/TokensPage.tsx'), 'TokensPage');
const WebhooksPage = lazyPage(() => import('../features/webhooks/WebhooksPage.tsx'), 'WebhooksPage');
const MailPage = lazyPage(() => import('../features/mail/MailPage.tsx'), 'MailPage');
const PortalHomePage = lazyPage(() => import('../features/portal/PortalHomePage.tsx'), 'PortalHomePage');
const DeskTicketsPage = lazyPage(
  () => import('../features/tickets/pages/DeskTicketsPage.tsx'),
  'DeskTicketsPage',
);
const DeskTicketPage = lazyPage(
  () => import('../features/tickets/pages/DeskTicketPage.tsx'),
  'DeskTicketPage',
);
const PortalBalancePage = lazyPage(
  () => import('../features/contracts/pages/PortalBalancePage.tsx'),
  'PortalBalancePage',
);
const PortalStatementsPage = lazyPage(
  () => import('../features/statements/pages/PortalStatementsPage.tsx'),
  'PortalStatementsPage',
);
const PortalTicketsPage = lazyPage(
  () => import('../features/tickets/pages/PortalTicketsPage.tsx'),
  'PortalTicketsPage',
);
const PortalNewTicketPage = lazyPage(
  () => import('../features/tickets/pages/PortalNewTicketPage.tsx'),
  'PortalNewTicketPage',
);
const PortalTicketPage = lazyPage(
  () => import('../features/tickets/pages/PortalTicketPage.tsx'),
  'PortalTicketPage',
);

const standalone = (page: ReactNode) => <Suspense fallback={<FullPageLoader />}>{page}</Suspense>;

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/login', element: standalone(<LoginPage />) },
      {
        path: '/desk',
        element: (
          <RequireArea area="/desk">
            <DeskLayout />
          </RequireArea>
        ),
        // A crashing page shows its error inside the layout, with the navigation still there.
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, element: <DeskHomePage /> },
              { path: 'tickets', element: <DeskTicketsPage /> },
              { path: 'tickets/:ticketId', element: <DeskTicketPage /> },
              { path: 'planning', element: <PlanningPage /> },
              { path: 'activity', element: <ActivityPage /> },
              { path: 'reports', element: <ReportsPage /> },
              { path: 'clients', element: <ClientsPage /> },
              {
                path: 'clients/new',
                element: (
                  <RequireRoles roles={['admin', 'dispatcher']}>
                    <ClientCreatePage />
                  </RequireRoles>
                ),
              },
              { path: 'clients/:clientId', element: <ClientPage /> },
              {
                path: 'users',
                element: (
                  <RequireRoles roles={['admin']}>
                    <UsersPage />
                  </RequireRoles>
                ),
              },
              {
                path: 'settings',
                element: <RequireRoles roles={['admin']} />,
                children: [
                  { index: true, element: <Navigate to="calendars" replace /> },
                  { path: 'calendars', element: <CalendarsPage /> },
                  { path: 'calendars/:calendarId', element: <CalendarEditorPage /> },
                  { path: 'sla-policies', element: <PoliciesPage /> },
                  { path: 'catalog', element: <CatalogPage /> },
                  { path: 'dictionaries', element: <DictionariesPage /> },
                  { path: 'webhooks', element: <WebhooksPage /> },
                  { path: 'mail', element: <MailPage /> },
                ],
              },
              // Every staff member may read these two; the pages hide the admin's controls from the others.
              { path: 'settings/lines', element: <LinesPage /> },
              { path: 'settings/routing', element: <RoutingPage /> },
              { path: 'tokens', element: <TokensPage /> },
              { path: 'profile', element: <ProfilePage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      {
        path: '/portal',
        element: (
          <RequireArea area="/portal">
            <PortalLayout />
          </RequireArea>
        ),
        children: [
          {
            errorElement: <RouteError />,
            children: [
              { index: true, element: <PortalHomePage /> },
              { path: 'tickets', element: <PortalTicketsPage /> },
              { path: 'tickets/new', element: <PortalNewTicketPage /> },
              { path: 'tickets/:ticketId', element: <PortalTicketPage /> },
              {
                path: 'balance',
                element: (
                  <RequireBalanceAccess>
                    <PortalBalancePage />
                  </RequireBalanceAccess>
                ),
              },
              {
                path: 'statements',
                element: (
                  <RequireRoles roles={['client_approver']}>
                    <PortalStatementsPage />
                  </RequireRoles>
                ),
              },
              { path: 'profile', element: <ProfilePage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
