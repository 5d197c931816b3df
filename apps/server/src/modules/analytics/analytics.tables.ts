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
