import type { Selectable } from 'kysely';

export interface TeamTable {
  id: string;
  account_id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface TeamMemberTable {
  account_id: string;
  team_id: string;
  user_id: string;
  /** 0 or 1; integers behave the same on both engines, booleans do not. */
  is_lead: number;
  created_at: string;
}

export type TeamRow = Selectable<TeamTable>;
