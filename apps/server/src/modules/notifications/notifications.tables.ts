import type { Selectable } from 'kysely';

export interface NotificationTable {
  id: string;
  account_id: string;
  user_id: string;
  kind: string;
  conversation_id: string | null;
  body: string;
  /** The event that caused it; unique per user and kind, so a re-dispatched event notifies once. */
  source_event_id: string | null;
  created_at: string;
  read_at: string | null;
}

export type NotificationRow = Selectable<NotificationTable>;
