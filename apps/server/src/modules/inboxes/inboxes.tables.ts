import type { Selectable } from 'kysely';

export interface InboxTable {
  id: string;
  account_id: string;
  name: string;
  team_id: string | null;
  time_zone: string;
  /** JSON text of BusinessHours; see inboxes.rules.ts. */
  business_hours: unknown;
  /** What the customer is told when a handoff is accepted; null uses the default wording. */
  handoff_message_template: string | null;
  created_at: string;
  updated_at: string;
}

export type InboxRow = Selectable<InboxTable>;
