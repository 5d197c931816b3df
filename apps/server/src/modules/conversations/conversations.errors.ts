import { appError } from '../../platform/app-error.ts';

export const conversationErrors = {
  notFound: () =>
    appError('not_found', 'conversation.not_found', 'There is no conversation with this id that you can see.'),
  alreadyOwned: (ownerName: string) =>
    appError(
      'conflict',
      'conversation.already_owned',
      `${ownerName} already owns this conversation. Ask them for a handoff if you should take it.`,
    ),
  changed: () =>
    appError(
      'conflict',
      'conversation.changed',
      'Someone changed this conversation at the same moment. Reload it and try again.',
    ),
  invalidTransition: (from: string, to: string) =>
    appError(
      'conflict',
      'conversation.invalid_transition',
      `A conversation that is ${from.replaceAll('_', ' ')} cannot be ${to.replaceAll('_', ' ')}.`,
      {
        from,
        to,
      },
    ),
  notOwner: () =>
    appError(
      'forbidden',
      'conversation.not_owner',
      'Only the owner of this conversation (or an admin) can do this. Claim it or ask for a handoff first.',
    ),
  inboxNotFound: () =>
    appError('invalid', 'conversation.inbox_not_found', 'The inbox does not exist in your account.', {
      fields: { inboxId: 'unknown inbox' },
    }),
  inboxWithoutTeam: () =>
    appError(
      'invalid',
      'conversation.inbox_without_team',
      'This inbox has no team, so nobody would own its conversations. Give it a team in Settings → Inboxes.',
    ),
  customerNotFound: () =>
    appError('invalid', 'conversation.customer_not_found', 'The customer does not exist in your account.', {
      fields: { customer: 'unknown customer' },
    }),
  alreadyFlagged: () =>
    appError('conflict', 'conversation.already_flagged', 'This conversation is already flagged as abusive.'),
  userNotAvailable: () =>
    appError('invalid', 'conversation.user_not_found', 'That person is not an active agent or admin of your account.', {
      fields: { userId: 'unknown user' },
    }),
  closed: () =>
    appError(
      'conflict',
      'conversation.closed',
      'This conversation is closed. A new message from the customer starts a new conversation.',
    ),
};

export const handoffErrors = {
  notFound: () => appError('not_found', 'handoff.not_found', 'There is no handoff with this id that you can see.'),
  notPending: (status: string) => appError('conflict', 'handoff.not_pending', `This handoff was already ${status}.`),
  notReceiver: () =>
    appError(
      'forbidden',
      'handoff.not_receiver',
      'This handoff is addressed to someone else; only its receiver can accept or decline it.',
    ),
  notSender: () =>
    appError('forbidden', 'handoff.not_sender', 'Only the person who asked for this handoff can cancel it.'),
  alreadyPending: () =>
    appError(
      'conflict',
      'handoff.already_pending',
      'A handoff of this conversation is already waiting for an answer. Cancel it first.',
    ),
  toSelf: () => appError('invalid', 'handoff.to_self', 'You already own this conversation; hand it to someone else.'),
  targetNotFound: () =>
    appError('invalid', 'handoff.target_not_found', 'The person or team to hand to does not exist in your account.', {
      fields: { to: 'unknown person or team' },
    }),
  inactiveConversation: () =>
    appError('conflict', 'handoff.conversation_not_active', 'Only an open conversation can be handed off.'),
};
