import { appError } from '../../platform/app-error.ts';

export const coachErrors = {
  phraseNotFound: () =>
    appError('not_found', 'coach_phrase.not_found', 'There is no coach phrase with this id in your account.'),
  phraseExists: (phrase: string) =>
    appError(
      'conflict',
      'coach_phrase.exists',
      `Your account already has the coach phrase "${phrase}". Change that one instead.`,
    ),
};
