import { createBrowserRouter, Navigate } from 'react-router';
import { AcceptInvitationPage } from '../modules/auth/pages/accept-invitation-page.tsx';
import { LoginPage } from '../modules/auth/pages/login-page.tsx';
import { RequireAdmin, RequireAuth } from './guards.tsx';
import { PublicLayout } from './public-layout.tsx';
import { NotFoundPage, RouteErrorPage } from './status-pages.tsx';

// The signed-in app loads on demand: the sign-in screen needs none of it, so it appears sooner.
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      // The customer's survey: no sign-in, no desk frame.
      {
        path: '/survey/:token',
        lazy: () =>
          import('../modules/surveys/pages/survey-page.tsx').then((module) => ({
            Component: module.SurveyPage,
          })),
      },
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
            lazy: () => import('./app-layout.tsx').then((module) => ({ Component: module.AppLayout })),
            children: [
              { index: true, element: <Navigate to="/inbox" replace /> },
              // One route for the whole workspace, so opening a conversation keeps the list where it was.
              {
                path: '/inbox/:view?/:conversationId?',
                lazy: () =>
                  import('../modules/conversations/pages/inbox-page.tsx').then((module) => ({
                    Component: module.InboxPage,
                  })),
              },
              {
                path: '/cases/:conversationId?',
                lazy: () =>
                  import('../modules/conversations/pages/cases-page.tsx').then((module) => ({
                    Component: module.CasesPage,
                  })),
              },
              {
                path: '/promises',
                lazy: () =>
                  import('../modules/commitments/pages/promises-due-page.tsx').then((module) => ({
                    Component: module.PromisesDuePage,
                  })),
              },
              {
                path: '/recovery',
                lazy: () =>
                  import('../modules/surveys/pages/recovery-tasks-page.tsx').then((module) => ({
                    Component: module.RecoveryTasksPage,
                  })),
              },
              {
                path: '/approvals',
                element: <RequireAdmin />,
                children: [
                  {
                    index: true,
                    lazy: () =>
                      import('../modules/exceptions/pages/approvals-page.tsx').then((module) => ({
                        Component: module.ApprovalsPage,
                      })),
                  },
                ],
              },
              {
                path: '/my-quality',
                lazy: () =>
                  import('../modules/analytics/pages/quality-page.tsx').then((module) => ({
                    Component: module.QualityPage,
                  })),
              },
              {
                path: '/analytics',
                lazy: () =>
                  import('../modules/analytics/pages/analytics-page.tsx').then((module) => ({
                    Component: module.AnalyticsPage,
                  })),
              },
              {
                path: '/account/api-tokens',
                lazy: () =>
                  import('../modules/auth/pages/api-tokens-page.tsx').then((module) => ({
                    Component: module.ApiTokensPage,
                  })),
              },
              {
                path: '/settings',
                element: <RequireAdmin />,
                children: [
                  { index: true, element: <Navigate to="/settings/users" replace /> },
                  {
                    path: 'users',
                    lazy: () =>
                      import('../modules/users/pages/users-page.tsx').then((module) => ({
                        Component: module.UsersPage,
                      })),
                  },
                  {
                    path: 'teams',
                    lazy: () =>
                      import('../modules/teams/pages/teams-page.tsx').then((module) => ({
                        Component: module.TeamsPage,
                      })),
                  },
                  {
                    path: 'inboxes',
                    lazy: () =>
                      import('../modules/inboxes/pages/inboxes-page.tsx').then((module) => ({
                        Component: module.InboxesPage,
                      })),
                  },
                  {
                    path: 'saved-replies',
                    lazy: () =>
                      import('../modules/saved-replies/pages/saved-replies-page.tsx').then((module) => ({
                        Component: module.SavedRepliesPage,
                      })),
                  },
                  {
                    path: 'webhooks',
                    lazy: () =>
                      import('../modules/webhooks/pages/webhooks-page.tsx').then((module) => ({
                        Component: module.WebhooksPage,
                      })),
                  },
                  {
                    path: 'follow-up',
                    lazy: () =>
                      import('../modules/surveys/pages/follow-up-settings-page.tsx').then((module) => ({
                        Component: module.FollowUpSettingsPage,
                      })),
                  },
                  {
                    path: 'authority-limits',
                    lazy: () =>
                      import('../modules/exceptions/pages/authority-limits-page.tsx').then((module) => ({
                        Component: module.AuthorityLimitsPage,
                      })),
                  },
                  {
                    path: 'audit',
                    lazy: () =>
                      import('../modules/audit/pages/audit-log-page.tsx').then((module) => ({
                        Component: module.AuditLogPage,
                      })),
                  },
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
