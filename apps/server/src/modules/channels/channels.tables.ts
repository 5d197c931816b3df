import type { ChannelKind, DeliveryState } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface InboxChannelTable {
  id: string;
  account_id: string;
  inbox_id: string;
  kind: ChannelKind;
  /** JSON text of the channel's settings (contracts/channels.ts) without secrets. */
  settings: unknown;
  /** JSON text of passwords and tokens; never returned by the API nor logged. */
  secrets: unknown;
  created_at: string;
  updated_at: string;
}

export interface InboxAddressTable {
  /** Lower-cased; unique across accounts because mail arrives before any account is known. */
  address: string;
  account_id: string;
  inbox_id: string;
  channel_id: string;
}

/** How a conversation is reached in its channel: the reply token, and the customer's address or chat. */
export interface ChannelThreadTable {
  conversation_id: string;
  account_id: string;
  channel_id: string;
  kind: ChannelKind;
  reply_token: string;
  /** Email address, Telegram chat id, WhatsApp number or API conversation key. */
  peer: string;
  created_at: string;
}

export interface EmailMessageTable {
  message_id: string;
  account_id: string;
  conversation_id: string;
  /** Message-ID without angle brackets; outbound ones are ours. */
  message_id_header: string | null;
  from_address: string | null;
  subject: string | null;
  quoted_text: string | null;
  html: string | null;
  remote_images: number;
  created_at: string;
}

export interface MessageDeliveryTable {
  message_id: string;
  account_id: string;
  conversation_id: string;
  channel_kind: ChannelKind;
  state: DeliveryState;
  reason: string | null;
  attempts: number;
  /** The Message-ID we sent (email) or the provider's id for the sent message. */
  provider_message_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ImapMailboxStateTable {
  channel_id: string;
  account_id: string;
  uid_validity: string;
  last_uid: number;
  updated_at: string;
}

export type InboxChannelRow = Selectable<InboxChannelTable>;
export type ChannelThreadRow = Selectable<ChannelThreadTable>;
export type MessageDeliveryRow = Selectable<MessageDeliveryTable>;
