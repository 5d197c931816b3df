import { appError } from '../../platform/app-error.ts';

export const surveyErrors = {
  invalidLink: () =>
    appError(
      'not_found',
      'survey.not_found',
      'This survey link is not valid. Open the link from the message you received, and check that it was copied whole.',
    ),
  expired: (expiresAt: string) =>
    appError('conflict', 'survey.expired', 'This survey has closed. Thank you for following up all the same.', {
      expiresAt,
    }),
  alreadyAnswered: () =>
    appError(
      'conflict',
      'survey.already_answered',
      'This survey was answered more than a day ago, so the answer can no longer be changed. Reply to our message to tell us more.',
    ),
  inboxNotFound: () => appError('not_found', 'inbox.not_found', 'There is no inbox with this id in your account.'),
  customerNotFound: () =>
    appError('not_found', 'customer.not_found', 'There is no customer with this id in your account.'),
  recoveryTaskNotFound: () =>
    appError('not_found', 'recovery_task.not_found', 'There is no recovery task with this id that you can see.'),
  recoveryTaskClosed: () => appError('conflict', 'recovery_task.closed', 'This recovery task is already closed.'),
};
