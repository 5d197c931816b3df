import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { endSession } from '../modules/auth/auth.api.ts';
import { isApiError, isUnauthenticated } from './api-client.ts';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme.ts';

function onAnyError(error: unknown) {
  // A 401 anywhere means the session is gone; the route guard then sends the person to /login.
  if (isUnauthenticated(error)) {
    endSession(queryClient, error.code === 'auth.session_expired' ? 'session_expired' : null);
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: onAnyError }),
  mutationCache: new MutationCache({ onError: onAnyError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // Client errors (4xx) will not change on retry; network and server errors might.
      retry: (failureCount, error) => {
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
        return failureCount < 2;
      },
    },
  },
});

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
      cssVariablesResolver={cssVariablesResolver}
    >
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}
