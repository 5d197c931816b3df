import type { Selectable } from 'kysely';

export interface AuditLogTable {
  id: string;
  account_id: string;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  data: unknown;
  ip: string | null;
  created_at: string;
}

export type AuditLogRow = Selectable<AuditLogTable>;
