import type { Selectable } from 'kysely';

export interface WebhookEndpointTable {
  id: string;
  account_id: string;
  url: string;
  description: string;
  /** JSON array of exact names (`conversation.created`), wildcards (`conversation.*`) or `*`. */
  event_types: unknown;
  /**
   * Kept as given, not hashed: every delivery is signed with it. It leaves the server once, in the
   * answer to the request that created the endpoint, and is never logged.
   */
  secret: string;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event to one endpoint; at most one per endpoint and event, however often the event is dispatched. */
export interface WebhookDeliveryTable {
  id: string;
  account_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  occurred_at: string;
  /** The event's payload as sent in `data`; stored so every retry sends the same body. */
  data: unknown;
  status: WebhookDeliveryStatus;
  attempt_count: number;
  created_at: string;
  delivered_at: string | null;
  failed_at: string | null;
}

export interface WebhookAttemptTable {
  id: string;
  account_id: string;
  delivery_id: string;
  attempt: number;
  /** The HTTP status the endpoint answered, or null when there was no answer (see error). */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}

export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;
