import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { resetSession } from '../features/auth/api.ts';
import { setUnauthorizedHandler } from '../lib/api.ts';
import { queryClient } from '../lib/queryClient.ts';
import { LocaleSync } from './LocaleSync.tsx';
import { router } from './router.tsx';
import { colorSchemeManager, theme } from './theme.ts';

// A 401 anywhere but login means the session is over: forget the user; the guards go to /login.
setUnauthorizedHandler(() => resetSession(queryClient));

export function App() {
  return (
    <MantineProvider theme={theme} colorSchemeManager={colorSchemeManager} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <LocaleSync />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
