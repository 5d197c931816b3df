import { createBrowserRouter, Navigate } from 'react-router';
import { AuditLogPage } from '../modules/audit/pages/audit-log-page.tsx';
import { AcceptInvitationPage } from '../modules/auth/pages/accept-invitation-page.tsx';
import { ApiTokensPage } from '../modules/auth/pages/api-tokens-page.tsx';
import { LoginPage } from '../modules/auth/pages/login-page.tsx';
import { InboxPage } from '../modules/conversations/pages/inbox-page.tsx';
import { InboxesPage } from '../modules/inboxes/pages/inboxes-page.tsx';
import { TeamsPage } from '../modules/teams/pages/teams-page.tsx';
import { UsersPage } from '../modules/users/pages/users-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { RequireAdmin, RequireAuth } from './guards.tsx';
import { PublicLayout } from './public-layout.tsx';
import { NotFoundPage, RouteErrorPage } from './status-pages.tsx';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: '/login', element: <LoginPage /> },
          { path: '/setup', element: <AcceptInvitationPage kind="setup" /> },
          { path: '/invite', element: <AcceptInvitationPage kind="invite" /> },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/inbox" replace /> },
              { path: '/inbox', element: <InboxPage /> },
              { path: '/account/api-tokens', element: <ApiTokensPage /> },
              {
                path: '/settings',
                element: <RequireAdmin />,
                children: [
                  { index: true, element: <Navigate to="/settings/users" replace /> },
                  { path: 'users', element: <UsersPage /> },
                  { path: 'teams', element: <TeamsPage /> },
                  { path: 'inboxes', element: <InboxesPage /> },
                  { path: 'audit', element: <AuditLogPage /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
]);
