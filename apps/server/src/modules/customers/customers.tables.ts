import type { IdentityKind } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface CustomerTable {
  id: string;
  account_id: string;
  name: string | null;
  language: string | null;
  time_zone: string | null;
  attributes: unknown;
  /** Set when this customer was merged into another; the row stays so old links resolve. */
  merged_into_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomerIdentityTable {
  id: string;
  account_id: string;
  customer_id: string;
  channel: IdentityKind;
  /** Normalised (emails lower-cased, phone numbers without spaces). */
  value: string;
  created_at: string;
}

export interface CustomerNoteTable {
  id: string;
  account_id: string;
  customer_id: string;
  author_user_id: string | null;
  body: string;
  created_at: string;
}

export type CustomerRow = Selectable<CustomerTable>;
