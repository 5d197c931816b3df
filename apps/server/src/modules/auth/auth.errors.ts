import { appError } from '../../platform/app-error.ts';

export const authErrors = {
  unauthenticated: () =>
    appError(
      'unauthenticated',
      'auth.unauthenticated',
      'Sign in to continue (send the session cookie or an API token).',
    ),
  sessionExpired: () =>
    appError('unauthenticated', 'auth.session_expired', 'Your session has expired. Sign in again to continue.'),
  invalidToken: () =>
    appError('unauthenticated', 'auth.invalid_token', 'This API token is not valid or has been revoked.'),
  invalidCredentials: () =>
    appError(
      'unauthenticated',
      'auth.invalid_credentials',
      'That email and password do not match. Check both and try again.',
    ),
  accountRequired: () =>
    appError(
      'invalid',
      'auth.account_required',
      'This email belongs to users in more than one account. Give the account too.',
      { fields: { account: 'required' } },
    ),
  forbidden: (roles: readonly string[]) =>
    appError('forbidden', 'auth.forbidden', `Your role cannot do this. It needs one of: ${roles.join(', ')}.`),
  csrfMissing: () =>
    appError(
      'forbidden',
      'auth.csrf_missing',
      'This change needs the X-CSRF-Token header from GET /api/v1/auth/me (browsers send it automatically in the app). Reload the page and try again.',
    ),
  tooManyAttempts: (retryAfterSeconds: number) =>
    appError(
      'rate_limited',
      'auth.too_many_attempts',
      `Too many sign-in attempts. Wait ${retryAfterSeconds} seconds and try again.`,
      {
        retryAfterSeconds,
      },
    ),
  apiTokenNotFound: () => appError('not_found', 'api_token.not_found', 'There is no API token with this id for you.'),
};
