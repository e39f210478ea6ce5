import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { Code, ConnectError } from '@connectrpc/connect';
import { App } from './App';
import { SessionProvider } from './api/session';
import { LiveProvider } from './api/live';
import { cssVariablesResolver, theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Retrying cannot fix a refusal; only retry what may be passing trouble.
      retry: (failures, err) => {
        if (err instanceof ConnectError) {
          const transient = [Code.Unavailable, Code.DeadlineExceeded, Code.Unknown, Code.Internal];
          return transient.includes(err.code) && failures < 2;
        }
        return failures < 2;
      },
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <LiveProvider>
            <BrowserRouter>
              {/* Inside the router: a notification's message may hold a <Link>. */}
              <Notifications position="top-right" />
              <App />
            </BrowserRouter>
          </LiveProvider>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
