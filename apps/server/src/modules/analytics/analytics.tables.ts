import type { Selectable } from 'kysely';

export interface ConversationFactTable {
  conversation_id: string;
  account_id: string;
  inbox_id: string;
  team_id: string;
  channel: string;
  /** The owner (its last owner once resolved); '' when nobody owns it. */
  agent_id: string;
  customer_id: string;
  contact_reason: string | null;
  /** YYYY-MM-DD in the inbox's time zone. */
  created_day: string;
  resolved_day: string | null;
  first_response_ms: number | null;
  resolution_ms: number | null;
  resolution_business_ms: number | null;
  reopened: number;
  transfers: number;
  /** Only once resolved: unowned time is final then. */
  unowned_ms: number | null;
  repeat_contact: number;
  /** JSON FollowThroughFacts; null for facts computed before follow-through was counted. */
  follow_through: unknown;
  /** The wait quoted to the customer (business time); null without a quote. */
  quoted_wait_ms: number | null;
  /** Business time from the quote to the first human response; null until a person answered. */
  quote_actual_ms: number | null;
  /** 1 kept, 0 missed, null without a quote or while nobody has answered. */
  quote_kept: number | null;
  computed_at: string;
}

export interface AnalyticsDailyTable {
  account_id: string;
  day: string;
  inbox_id: string;
  team_id: string;
  channel: string;
  agent_id: string;
  /** JSON: { [metricId]: { n, sum, h?: { bucket: count }, k?: { key: count } } }. */
  data: unknown;
}

/** The daily rows of a month (YYYY-MM) merged per combination of dimensions. */
export interface AnalyticsMonthlyTable {
  account_id: string;
  month: string;
  inbox_id: string;
  team_id: string;
  channel: string;
  agent_id: string;
  data: unknown;
}

export interface AnalyticsDirtyDayTable {
  account_id: string;
  day: string;
  stamp: string;
  marked_at: string;
}

export type ConversationFactRow = Selectable<ConversationFactTable>;
