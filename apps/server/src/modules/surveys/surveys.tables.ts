import type { SurveyTiming } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface InboxFollowUpTable {
  inbox_id: string;
  account_id: string;
  check_in_days: number;
  survey_timing: SurveyTiming;
  updated_at: string;
}

export interface CheckInTable {
  id: string;
  account_id: string;
  conversation_id: string;
  /** The resolution this check-in follows; a later resolution gets its own. */
  resolved_at: string;
  due_at: string;
  status: 'scheduled' | 'sent' | 'skipped';
  skipped_reason: string | null;
  message_id: string | null;
  created_at: string;
  done_at: string | null;
}

export interface SurveyTable {
  id: string;
  account_id: string;
  conversation_id: string;
  customer_id: string;
  resolved_at: string;
  sent_with: 'check_in' | 'resolution';
  csat: number | null;
  effort: number | null;
  comment: string | null;
  first_answered_at: string | null;
  answered_at: string | null;
  expires_at: string;
  expired_at: string | null;
  created_at: string;
}

export interface RecoveryTaskTable {
  id: string;
  account_id: string;
  conversation_id: string;
  survey_id: string;
  assignee_user_id: string | null;
  status: 'open' | 'closed';
  resolution_note: string | null;
  closed_by_user_id: string | null;
  closed_at: string | null;
  created_at: string;
}

export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: string;
}

export type CheckInRow = Selectable<CheckInTable>;
export type SurveyRow = Selectable<SurveyTable>;
export type RecoveryTaskRow = Selectable<RecoveryTaskTable>;
