import { appError } from '../../platform/app-error.ts';

export const chatErrors = {
  inboxNotFound: () =>
    appError('not_found', 'widget.inbox_not_found', 'This chat is not set up: no inbox has the id in data-inbox.'),
  visitorRequired: () =>
    appError(
      'unauthenticated',
      'widget.visitor_required',
      'This widget request needs the visitor id in the X-Rapport-Visitor header (32 to 128 random letters and digits).',
    ),
  noConversation: () =>
    appError('conflict', 'widget.no_conversation', 'Send a message first; then you can leave your name and email.'),
  tooManyMessages: (retryAfterSeconds: number) =>
    appError(
      'rate_limited',
      'widget.too_many_messages',
      `You are sending messages faster than we can take them. Wait ${retryAfterSeconds} seconds and try again.`,
      { retryAfterSeconds },
    ),
  conversationClosed: () =>
    appError(
      'conflict',
      'widget.conversation_closed',
      'This conversation is closed; your next message starts a new one.',
    ),
};
