import { appError } from '../../platform/app-error.ts';

export const commitmentErrors = {
  notFound: () => appError('not_found', 'commitment.not_found', 'There is no promise with this id that you can see.'),
  customerNotFound: () =>
    appError('not_found', 'customer.not_found', 'There is no customer with this id in your account.'),
  notOpen: (status: string) =>
    appError('conflict', 'commitment.not_open', `This promise is already ${status}; only an open promise can change.`, {
      status,
    }),
  pastDue: (dueAt: string) =>
    appError(
      'conflict',
      'commitment.past_due',
      'This promise fell due before it was marked kept, so it counts as broken. Tell the customer and make a new promise if needed.',
      { dueAt },
    ),
  dueInPast: () =>
    appError('invalid', 'commitment.due_in_past', 'The due time must be in the future.', {
      fields: { dueAt: 'must be in the future' },
    }),
  notYours: () =>
    appError('forbidden', 'commitment.not_owner', 'Only the owner of this promise (or an admin) can change it.'),
  messageNotFound: () =>
    appError(
      'invalid',
      'commitment.message_not_found',
      'Give the id of the reply on this conversation that told the customer the new time.',
      { fields: { messageId: 'must be a reply sent to the customer on this conversation' } },
    ),
  inactiveConversation: () =>
    appError(
      'conflict',
      'commitment.inactive_conversation',
      'This conversation is resolved or closed; reopen it before making a new promise.',
    ),
};
