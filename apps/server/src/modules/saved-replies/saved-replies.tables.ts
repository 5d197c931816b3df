import type { Selectable } from 'kysely';

export interface SavedReplyTable {
  id: string;
  account_id: string;
  title: string;
  /** Text with {{customer.firstName}}-style placeholders, filled in the composer. */
  body: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type SavedReplyRow = Selectable<SavedReplyTable>;
