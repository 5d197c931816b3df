import type { Selectable } from 'kysely';

export interface EventTable {
  id: string;
  account_id: string;
  name: string;
  payload: unknown;
  created_at: string;
  dispatched_at: string | null;
}

export type EventRow = Selectable<EventTable>;
