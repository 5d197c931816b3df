import { appError } from '../../platform/app-error.ts';

export const teamErrors = {
  notFound: () => appError('not_found', 'team.not_found', 'There is no team with this id in your account.'),
  nameTaken: (name: string) => appError('conflict', 'team.name_taken', `A team called "${name}" already exists.`),
  hasConversations: (name: string) =>
    appError(
      'conflict',
      'team.has_conversations',
      `${name} has owned conversations, which keep it in their history, so it cannot be deleted. Rename it or move its inboxes to another team instead.`,
    ),
  unknownMembers: (userIds: string[]) =>
    appError('invalid', 'team.unknown_members', 'Some members are not active users of this account.', {
      fields: { members: `unknown or inactive users: ${userIds.join(', ')}` },
    }),
};
