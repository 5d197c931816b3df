import type {
  AuthorType,
  Channel,
  ConversationStatus,
  HandoffStatus,
  MessageDirection,
  OwnershipChangeKind,
  Priority,
} from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface ConversationTable {
  id: string;
  account_id: string;
  /** Per-account number people can say aloud ("conversation 1042"). */
  number: number;
  inbox_id: string;
  customer_id: string;
  subject: string;
  status: ConversationStatus;
  priority: Priority;
  channel: Channel;
  owner_user_id: string | null;
  owner_team_id: string | null;
  version: number;
  raised_by_user_id: string | null;
  contact_reason: string | null;
  abuse_flagged_at: string | null;
  abuse_flagged_by: string | null;
  abuse_reason: string | null;
  reopen_count: number;
  /** When the conversation last lost a user owner; null while a user owns it. */
  unowned_since: string | null;
  /** Unowned time already closed off, in milliseconds. */
  unowned_ms: number;
  last_message_at: string;
  last_inbound_at: string | null;
  first_human_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationTagTable {
  account_id: string;
  conversation_id: string;
  tag: string;
}

export interface MessageTable {
  id: string;
  account_id: string;
  conversation_id: string;
  direction: MessageDirection;
  author_type: AuthorType;
  author_user_id: string | null;
  author_customer_id: string | null;
  channel: Channel;
  body: string;
  external_id: string | null;
  attachments: unknown;
  created_at: string;
}

export interface OwnershipEventTable {
  id: string;
  account_id: string;
  conversation_id: string;
  kind: OwnershipChangeKind;
  from_user_id: string | null;
  to_user_id: string | null;
  to_team_id: string | null;
  actor_user_id: string | null;
  reason: string | null;
  created_at: string;
}

export interface HandoffTable {
  id: string;
  account_id: string;
  conversation_id: string;
  from_user_id: string;
  to_user_id: string | null;
  to_team_id: string | null;
  note: string;
  status: HandoffStatus;
  decline_reason: string | null;
  answered_by_user_id: string | null;
  created_at: string;
  answered_at: string | null;
  receiver_reminded_at: string | null;
  sender_reminded_at: string | null;
}

/** A change of a conversation's priority that Rapport made on its own (today: a frustrated customer). */
export interface PriorityChangeTable {
  id: string;
  account_id: string;
  conversation_id: string;
  from_priority: Priority;
  to_priority: Priority;
  cause: 'frustration';
  message_id: string | null;
  /** A JSON array of short labels, strongest first (["repeat contact", "waiting 3 days"]). */
  cues: string;
  actor_user_id: string | null;
  created_at: string;
}

export type ConversationRow = Selectable<ConversationTable>;
export type MessageRow = Selectable<MessageTable>;
export type HandoffRow = Selectable<HandoffTable>;
