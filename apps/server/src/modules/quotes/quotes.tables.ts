import type { Channel } from '@rapport/contracts';
import type { Selectable } from 'kysely';

/** What a customer was promised at first contact (one per conversation), and how it ended. */
export interface QuoteTable {
  id: string;
  account_id: string;
  conversation_id: string;
  inbox_id: string;
  channel: Channel;
  basis: 'history' | 'default';
  sample_size: number;
  /** Promised wait in open (business) time. */
  wait_ms: number;
  quoted_at: string;
  /** Outside business hours: when the team was back. */
  back_at: string | null;
  due_at: string;
  /** When the honest update goes out if nobody has answered. */
  lapse_at: string;
  first_response_at: string | null;
  /** 1 kept, 0 missed, null while nobody has answered. */
  kept: number | null;
  lapse_notified_at: string | null;
  revised_wait_ms: number | null;
  revised_due_at: string | null;
}

export type QuoteRow = Selectable<QuoteTable>;
