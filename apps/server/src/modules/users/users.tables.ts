import type { Availability, Role } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface UserTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  time_zone: string | null;
  deactivated_at: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
  availability: Availability;
  /** Most open conversations auto-assignment gives this person. */
  capacity: number;
  last_assigned_at: string | null;
}

export interface InvitationTable {
  id: string;
  account_id: string;
  token_hash: string;
  /** Null for the first admin's setup link, where the person chooses their own email. */
  email: string | null;
  role: Role;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  accepted_user_id: string | null;
}

export type UserRow = Selectable<UserTable>;
export type InvitationRow = Selectable<InvitationTable>;
