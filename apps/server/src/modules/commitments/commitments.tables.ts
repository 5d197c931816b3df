import type { CommitmentStatus } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface CommitmentTable {
  id: string;
  account_id: string;
  conversation_id: string;
  customer_id: string;
  /** Follows the conversation's owner: a handoff carries open commitments to the new owner. */
  owner_user_id: string | null;
  created_by_user_id: string | null;
  what: string;
  due_at: string;
  status: CommitmentStatus;
  source: 'manual' | 'coach';
  replaces_id: string | null;
  renegotiation_message_id: string | null;
  closed_at: string | null;
  created_at: string;
}

export interface CommitmentReminderTable {
  account_id: string;
  commitment_id: string;
  minutes_before: number;
  sent_at: string;
}

export type CommitmentRow = Selectable<CommitmentTable>;
