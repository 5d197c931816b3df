import { appError } from '../../platform/app-error.ts';

export const exceptionErrors = {
  notFound: () =>
    appError('not_found', 'exception.not_found', 'There is no goodwill exception with this id that you can see.'),
  notPending: (status: string) =>
    appError(
      'conflict',
      'exception.not_pending',
      `This exception is ${status.replaceAll('_', ' ')}; only one waiting for approval can be approved or rejected.`,
      { status },
    ),
  notDeliverable: (status: string) =>
    appError(
      'conflict',
      'exception.not_deliverable',
      status === 'pending_approval'
        ? 'This exception is still waiting for approval; deliver it once an admin approves.'
        : `This exception is ${status.replaceAll('_', ' ')} and cannot be delivered.`,
      { status },
    ),
  notRequester: () =>
    appError(
      'forbidden',
      'exception.not_requester',
      'The person who recorded this exception, or the conversation owner, delivers it to the customer.',
    ),
  inactiveConversation: () =>
    appError(
      'conflict',
      'exception.inactive_conversation',
      'This conversation is closed; exceptions are recorded on open ones.',
    ),
  customerNotFound: () =>
    appError('not_found', 'customer.not_found', 'There is no customer with this id in your account.'),
};
