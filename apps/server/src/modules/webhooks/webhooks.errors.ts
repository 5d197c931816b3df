import { appError } from '../../platform/app-error.ts';

export const webhookErrors = {
  notFound: () =>
    appError('not_found', 'webhook.not_found', 'There is no webhook endpoint with this id in your account.'),
  invalidUrl: () =>
    appError(
      'invalid',
      'webhook.invalid_url',
      'The endpoint URL must be an http:// or https:// address, without a user name or password.',
      {
        fields: { url: 'must be an http:// or https:// address' },
      },
    ),
  disabled: () =>
    appError('conflict', 'webhook.disabled', 'This endpoint is disabled; enable it before sending it a test event.'),
};
