import type { Selectable } from 'kysely';

export interface AccountTable {
  account_id: string;
  name: string;
  slug: string;
  time_zone: string;
  created_at: string;
}

export type AccountRow = Selectable<AccountTable>;

export interface AccountCounterTable {
  account_id: string;
  name: string;
  value: number;
}
