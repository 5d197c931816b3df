import type { Selectable } from 'kysely';

/** A phrase an account's admins want the coach to flag, on top of the built-in rules. */
export interface CoachPhraseTable {
  id: string;
  account_id: string;
  phrase: string;
  /** One of coachPhraseCategories (contracts). */
  category: string;
  reason: string;
  /** A better phrasing; '' when only the agent can write it. */
  rewrite: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A finding an agent set aside, with why: counted per rule to improve the rules, never per agent. */
export interface CoachDismissalTable {
  id: string;
  account_id: string;
  rule_id: string;
  /** One of coachDismissalReasons (contracts). */
  reason: string;
  note: string | null;
  conversation_id: string | null;
  /** For the audit trail only. */
  user_id: string | null;
  created_at: string;
}

export type CoachPhraseRow = Selectable<CoachPhraseTable>;
export type CoachDismissalRow = Selectable<CoachDismissalTable>;
