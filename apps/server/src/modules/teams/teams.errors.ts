import { appError } from '../../platform/app-error.ts';

export const teamErrors = {
  notFound: () => appError('not_found', 'team.not_found', 'There is no team with this id in your account.'),
  nameTaken: (name: string) => appError('conflict', 'team.name_taken', `A team called "${name}" already exists.`),
  unknownMembers: (userIds: string[]) =>
    appError('invalid', 'team.unknown_members', 'Some members are not active users of this account.', {
      fields: { members: `unknown or inactive users: ${userIds.join(', ')}` },
    }),
};
