import { createBrowserRouter, Navigate } from 'react-router';
import { AuditLogPage } from '../modules/audit/pages/audit-log-page.tsx';
import { AcceptInvitationPage } from '../modules/auth/pages/accept-invitation-page.tsx';
import { ApiTokensPage } from '../modules/auth/pages/api-tokens-page.tsx';
import { LoginPage } from '../modules/auth/pages/login-page.tsx';
import { PromisesDuePage } from '../modules/commitments/pages/promises-due-page.tsx';
import { CasesPage } from '../modules/conversations/pages/cases-page.tsx';
import { InboxPage } from '../modules/conversations/pages/inbox-page.tsx';
import { ApprovalsPage } from '../modules/exceptions/pages/approvals-page.tsx';
import { AuthorityLimitsPage } from '../modules/exceptions/pages/authority-limits-page.tsx';
import { InboxesPage } from '../modules/inboxes/pages/inboxes-page.tsx';
import { SavedRepliesPage } from '../modules/saved-replies/pages/saved-replies-page.tsx';
import { FollowUpSettingsPage } from '../modules/surveys/pages/follow-up-settings-page.tsx';
import { RecoveryTasksPage } from '../modules/surveys/pages/recovery-tasks-page.tsx';
import { SurveyPage } from '../modules/surveys/pages/survey-page.tsx';
import { TeamsPage } from '../modules/teams/pages/teams-page.tsx';
import { UsersPage } from '../modules/users/pages/users-page.tsx';
import { WebhooksPage } from '../modules/webhooks/pages/webhooks-page.tsx';
import { AppLayout } from './app-layout.tsx';
import { RequireAdmin, RequireAuth } from './guards.tsx';
import { PublicLayout } from './public-layout.tsx';
import { NotFoundPage, RouteErrorPage } from './status-pages.tsx';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      // The customer's survey: no sign-in, no desk frame.
      { path: '/survey/:token', element: <SurveyPage /> },
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
              // One route for the whole workspace, so opening a conversation keeps the list where it was.
              { path: '/inbox/:view?/:conversationId?', element: <InboxPage /> },
              { path: '/cases/:conversationId?', element: <CasesPage /> },
              { path: '/promises', element: <PromisesDuePage /> },
              { path: '/recovery', element: <RecoveryTasksPage /> },
              {
                path: '/approvals',
                element: <RequireAdmin />,
                children: [{ index: true, element: <ApprovalsPage /> }],
              },
              { path: '/account/api-tokens', element: <ApiTokensPage /> },
              {
                path: '/settings',
                element: <RequireAdmin />,
                children: [
                  { index: true, element: <Navigate to="/settings/users" replace /> },
                  { path: 'users', element: <UsersPage /> },
                  { path: 'teams', element: <TeamsPage /> },
                  { path: 'inboxes', element: <InboxesPage /> },
                  { path: 'saved-replies', element: <SavedRepliesPage /> },
                  { path: 'webhooks', element: <WebhooksPage /> },
                  { path: 'follow-up', element: <FollowUpSettingsPage /> },
                  { path: 'authority-limits', element: <AuthorityLimitsPage /> },
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
