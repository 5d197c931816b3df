import type { ExceptionStatus, ExceptionType } from '@rapport/contracts';
import type { Selectable } from 'kysely';

export interface AuthorityLimitTable {
  account_id: string;
  role: 'agent' | 'admin';
  type: ExceptionType;
  currency: string;
  /** bigint: pg returns it as a string, so read it through Number(). */
  max_amount_minor: number | string;
  updated_at: string;
}

export interface GoodwillExceptionTable {
  id: string;
  account_id: string;
  conversation_id: string;
  customer_id: string;
  type: ExceptionType;
  amount_minor: number | string;
  currency: string;
  policy: string;
  policy_key: string;
  reason: string;
  status: ExceptionStatus;
  requested_by_user_id: string | null;
  decided_by_user_id: string | null;
  decision_note: string | null;
  decided_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export type GoodwillExceptionRow = Selectable<GoodwillExceptionTable>;
