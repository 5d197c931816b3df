import type { Webhook, WebhookDelivery } from '@rapport/contracts';
import { newId } from '../../platform/ids.ts';
import type { Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';
import type { WebhookDeliveryStatus, WebhookEndpointRow } from './webhooks.tables.ts';

// The secret is left out of every shape below except DeliveryTarget, which only the sender sees.
const endpointColumns = ['id', 'url', 'description', 'event_types', 'disabled_at', 'created_at', 'updated_at'] as const;

function toWebhook(row: Omit<WebhookEndpointRow, 'account_id' | 'secret'>): Webhook {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: readJson<string[]>(row.event_types, []),
    enabled: row.disabled_at === null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listEndpoints(db: Executor, input: { accountId: string }): Promise<{ webhooks: Webhook[] }> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('account_id', '=', input.accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { webhooks: rows.map(toWebhook) };
}

export async function findEndpoint(
  db: Executor,
  input: { accountId: string; webhookId: string },
): Promise<{ webhook: Webhook } | undefined> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.webhookId)
    .executeTakeFirst();
  return row && { webhook: toWebhook(row) };
}

/** The account's enabled endpoints, for matching an event against their subscriptions. */
export async function listEnabledEndpoints(
  db: Executor,
  input: { accountId: string },
): Promise<{ endpoints: { id: string; eventTypes: string[] }[] }> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'event_types'])
    .where('account_id', '=', input.accountId)
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
  return { endpoints: rows.map((row) => ({ id: row.id, eventTypes: readJson<string[]>(row.event_types, []) })) };
}

export async function insertEndpoint(
  db: Executor,
  input: {
    accountId: string;
    id: string;
    url: string;
    description: string;
    eventTypes: string[];
    secret: string;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: input.id,
      account_id: input.accountId,
      url: input.url,
      description: input.description,
      event_types: writeJson(input.eventTypes),
      secret: input.secret,
      disabled_at: null,
      created_at: input.at,
      updated_at: input.at,
    })
    .execute();
}

export async function updateEndpointRow(
  db: Executor,
  input: {
    accountId: string;
    webhookId: string;
    changes: { url?: string; description?: string; eventTypes?: string[]; enabled?: boolean };
    at: string;
  },
): Promise<void> {
  const { changes } = input;
  await db
    .updateTable('webhook_endpoints')
    .set({
      ...(changes.url !== undefined ? { url: changes.url } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.eventTypes !== undefined ? { event_types: writeJson(changes.eventTypes) } : {}),
      ...(changes.enabled !== undefined ? { disabled_at: changes.enabled ? null : input.at } : {}),
      updated_at: input.at,
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.webhookId)
    .execute();
}

/** Removes the endpoint with its deliveries and their attempts. */
export async function deleteEndpointRows(db: Executor, input: { accountId: string; webhookId: string }): Promise<void> {
  const deliveries = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('account_id', '=', input.accountId)
    .where('endpoint_id', '=', input.webhookId);
  await db
    .deleteFrom('webhook_attempts')
    .where('account_id', '=', input.accountId)
    .where('delivery_id', 'in', deliveries)
    .execute();
  await db
    .deleteFrom('webhook_deliveries')
    .where('account_id', '=', input.accountId)
    .where('endpoint_id', '=', input.webhookId)
    .execute();
  await db
    .deleteFrom('webhook_endpoints')
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.webhookId)
    .execute();
}

/**
 * The delivery of one event to one endpoint, created on first sight. A second call for the same
 * pair (the event dispatched again after a crash) finds the existing one instead.
 */
export async function insertDeliveryOnce(
  db: Executor,
  input: {
    accountId: string;
    endpointId: string;
    eventId: string;
    eventType: string;
    occurredAt: string;
    data: Record<string, unknown>;
    at: string;
  },
): Promise<{ delivery: { id: string; status: WebhookDeliveryStatus } }> {
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: newId(),
      account_id: input.accountId,
      endpoint_id: input.endpointId,
      event_id: input.eventId,
      event_type: input.eventType,
      occurred_at: input.occurredAt,
      data: writeJson(input.data),
      status: 'pending',
      attempt_count: 0,
      created_at: input.at,
      delivered_at: null,
      failed_at: null,
    })
    .onConflict((conflict) => conflict.columns(['endpoint_id', 'event_id']).doNothing())
    .execute();
  const delivery = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'status'])
    .where('account_id', '=', input.accountId)
    .where('endpoint_id', '=', input.endpointId)
    .where('event_id', '=', input.eventId)
    .executeTakeFirstOrThrow();
  return { delivery };
}

/** What the sender needs: the delivery and its endpoint, secret included. */
export interface DeliveryTarget {
  delivery: {
    id: string;
    eventId: string;
    eventType: string;
    occurredAt: string;
    data: Record<string, unknown>;
    status: WebhookDeliveryStatus;
    attemptCount: number;
  };
  endpoint: { id: string; url: string; secret: string; enabled: boolean };
}

export async function findDeliveryTarget(
  db: Executor,
  input: { accountId: string; deliveryId: string },
): Promise<DeliveryTarget | undefined> {
  const row = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', (join) =>
      join.onRef('e.id', '=', 'd.endpoint_id').onRef('e.account_id', '=', 'd.account_id'),
    )
    .select([
      'd.id',
      'd.event_id',
      'd.event_type',
      'd.occurred_at',
      'd.data',
      'd.status',
      'd.attempt_count',
      'e.id as endpoint_id',
      'e.url',
      'e.secret',
      'e.disabled_at',
    ])
    .where('d.account_id', '=', input.accountId)
    .where('d.id', '=', input.deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    delivery: {
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      occurredAt: row.occurred_at,
      data: readJson<Record<string, unknown>>(row.data, {}),
      status: row.status,
      attemptCount: row.attempt_count,
    },
    endpoint: { id: row.endpoint_id, url: row.url, secret: row.secret, enabled: row.disabled_at === null },
  };
}

/** Records one attempt and where it leaves the delivery; pass a transaction so both land together. */
export async function recordDeliveryAttempt(
  db: Executor,
  input: {
    accountId: string;
    deliveryId: string;
    attempt: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    status: WebhookDeliveryStatus;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('webhook_attempts')
    .values({
      id: newId(),
      account_id: input.accountId,
      delivery_id: input.deliveryId,
      attempt: input.attempt,
      status_code: input.statusCode,
      error: input.error,
      duration_ms: input.durationMs,
      created_at: input.at,
    })
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: input.status,
      attempt_count: input.attempt,
      ...(input.status === 'delivered' ? { delivered_at: input.at } : {}),
      ...(input.status === 'failed' ? { failed_at: input.at } : {}),
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.deliveryId)
    .execute();
}

/** Gives a delivery up without an attempt, e.g. when its endpoint was disabled meanwhile. */
export async function markDeliveryFailed(
  db: Executor,
  input: { accountId: string; deliveryId: string; at: string },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', failed_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.deliveryId)
    .where('status', '=', 'pending')
    .execute();
}

/** Newest first, keyset-paged on the time-ordered id, each with its attempts (oldest first). */
export async function listDeliveries(
  db: Executor,
  input: { accountId: string; webhookId: string; limit: number; before?: string | undefined },
): Promise<{ deliveries: WebhookDelivery[]; nextBefore: string | null }> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id', 'event_type', 'status', 'created_at', 'delivered_at', 'failed_at'])
    .where('account_id', '=', input.accountId)
    .where('endpoint_id', '=', input.webhookId)
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.before) query = query.where('id', '<', input.before);
  const rows = await query.execute();
  const page = rows.slice(0, input.limit);
  const attempts =
    page.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .select(['delivery_id', 'attempt', 'status_code', 'error', 'duration_ms', 'created_at'])
          .where('account_id', '=', input.accountId)
          .where(
            'delivery_id',
            'in',
            page.map((row) => row.id),
          )
          .orderBy('attempt')
          .execute();
  return {
    deliveries: page.map((row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      status: row.status,
      createdAt: row.created_at,
      deliveredAt: row.delivered_at,
      failedAt: row.failed_at,
      attempts: attempts
        .filter((attempt) => attempt.delivery_id === row.id)
        .map((attempt) => ({
          attempt: attempt.attempt,
          statusCode: attempt.status_code,
          error: attempt.error,
          durationMs: attempt.duration_ms,
          at: attempt.created_at,
        })),
    })),
    nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
