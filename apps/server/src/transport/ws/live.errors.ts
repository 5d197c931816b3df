import { appError } from '../../platform/app-error.ts';

/** Errors of the realtime channel; after the upgrade they travel as `{type:'error', code, message}` frames. */
export const liveErrors = {
  originRefused: () =>
    appError(
      'forbidden',
      'live.origin_refused',
      'This page may not open a live connection to Rapport with your session. Open Rapport from its own address.',
    ),
  invalidMessage: (problem: string) =>
    appError('invalid', 'live.invalid_message', `This message was ignored: ${problem}`),
  tooManyViews: (max: number) =>
    appError('conflict', 'live.too_many_views', `One connection can view at most ${max} conversations at a time.`),
  unavailable: () =>
    appError('unavailable', 'live.unavailable', 'The live connection failed on the server. Reconnect in a moment.'),
};
