import { appError } from '../../platform/app-error.ts';

export const userErrors = {
  notFound: () => appError('not_found', 'user.not_found', 'There is no user with this id in your account.'),
  emailTaken: (email: string) =>
    appError('conflict', 'user.email_taken', `A user with the email ${email} already exists in this account.`),
  lastAdmin: () =>
    appError(
      'conflict',
      'user.last_admin',
      'This is the last active admin of the account. Make another user an admin first.',
    ),
  cannotDeactivateSelf: () =>
    appError('invalid', 'user.cannot_deactivate_self', 'You cannot deactivate yourself; ask another admin.'),
  invitationInvalid: () =>
    appError(
      'not_found',
      'invitation.invalid',
      'This invitation link is not valid. It may have been used already or replaced by a newer one; ask an admin for a new link.',
    ),
  invitationExpired: () =>
    appError('invalid', 'invitation.expired', 'This invitation link has expired. Ask an admin for a new link.'),
  invitationEmailRequired: () =>
    appError('invalid', 'invitation.email_required', 'Give the email address you will sign in with.', {
      fields: { email: 'required' },
    }),
  invitationNotFound: () =>
    appError('not_found', 'invitation.not_found', 'There is no invitation with this id in your account.'),
};
