import { appError } from '../../platform/app-error.ts';

export const inboxErrors = {
  notFound: () => appError('not_found', 'inbox.not_found', 'There is no inbox with this id in your account.'),
  nameTaken: (name: string) => appError('conflict', 'inbox.name_taken', `An inbox called "${name}" already exists.`),
  teamNotFound: () =>
    appError('invalid', 'inbox.team_not_found', 'The team chosen for this inbox does not exist in your account.', {
      fields: { teamId: 'unknown team' },
    }),
  neverOpen: () =>
    appError(
      'invalid',
      'inbox.never_open',
      'Business hours must open on at least one day, or customers could never be told when someone will answer.',
      {
        fields: { businessHours: 'open at least one day' },
      },
    ),
  overlappingHours: (day: string) =>
    appError(
      'invalid',
      'inbox.overlapping_hours',
      `The opening times on ${day} overlap; make them separate intervals.`,
      {
        fields: { businessHours: `overlapping intervals on ${day}` },
      },
    ),
};
