import { appError } from '../../platform/app-error.ts';

export const analyticsErrors = {
  notYours: () =>
    appError(
      'forbidden',
      'analytics.not_yours',
      'You can see only your own quality numbers. Ask an admin or analyst for team-wide analytics.',
    ),
  personNotFound: () =>
    appError('not_found', 'analytics.person_not_found', 'There is no agent or admin with this id in your account.'),
};
