import type { Caller } from '../auth/auth.service.ts';
import type { ConversationRow } from './conversations.tables.ts';

/** Advocates see only the cases they raised; agents and admins see every conversation of the account. */
export function canSeeConversation(caller: Caller, conversation: Pick<ConversationRow, 'raised_by_user_id'>): boolean {
  if (caller.role === 'advocate') return conversation.raised_by_user_id === caller.userId;
  return caller.role === 'admin' || caller.role === 'agent';
}

/** Accountability: the owner acts on a conversation; an admin may step in. */
export function canActAsOwner(caller: Caller, conversation: Pick<ConversationRow, 'owner_user_id'>): boolean {
  return caller.role === 'admin' || conversation.owner_user_id === caller.userId;
}

export function isWorker(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'agent';
}
