import { type Webhook, type WebhookDelivery, webhookTestEventType } from '@rapport/contracts';
import type { JobQueue } from '../../jobs/queue.ts';
import type { DomainEvent } from '../../platform/events/events.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { webhookErrors } from './webhooks.errors.ts';
import { deliverWebhookJob, type WebhookDeliveryDeps } from './webhooks.jobs.ts';
import {
  deleteEndpointRows,
  findEndpoint,
  insertDeliveryOnce,
  insertEndpoint,
  listDeliveries,
  listEnabledEndpoints,
  listEndpoints,
  updateEndpointRow,
} from './webhooks.repository.ts';
import { isAllowedEndpointUrl, matchesEventType } from './webhooks.rules.ts';

export interface WebhooksDeps extends WebhookDeliveryDeps {
  jobs: Pick<JobQueue, 'enqueue'>;
}

export async function listWebhooks(deps: Pick<WebhooksDeps, 'db'>, caller: Caller) {
  return listEndpoints(deps.db, { accountId: caller.accountId });
}

export async function getWebhook(
  deps: Pick<WebhooksDeps, 'db'>,
  caller: Caller,
  input: { webhookId: string },
): Promise<{ webhook: Webhook }> {
  const found = await findEndpoint(deps.db, { accountId: caller.accountId, webhookId: input.webhookId });
  if (!found) throw webhookErrors.notFound();
  return found;
}

/** Registers an endpoint; the answer carries its signing secret, which is never shown again. */
export async function createWebhook(
  deps: Pick<WebhooksDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { url: string; eventTypes: string[]; description: string },
): Promise<{ webhook: Webhook; secret: string }> {
  if (!isAllowedEndpointUrl(input.url)) throw webhookErrors.invalidUrl();
  const now = deps.clock.now().toISOString();
  const id = newId();
  const secret = newSecret('whsec_');
  const eventTypes = [...new Set(input.eventTypes)];
  await deps.db.transaction().execute(async (trx) => {
    await insertEndpoint(trx, {
      accountId: caller.accountId,
      id,
      url: input.url,
      description: input.description,
      eventTypes,
      secret,
      at: now,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'webhook.created',
      subjectType: 'webhook',
      subjectId: id,
      data: { url: input.url, eventTypes },
      at: now,
    });
  });
  return { ...(await getWebhook(deps, caller, { webhookId: id })), secret };
}

/** Changes the URL, subscriptions or description, or disables/enables the endpoint. */
export async function updateWebhook(
  deps: Pick<WebhooksDeps, 'db' | 'clock'>,
  caller: Caller,
  input: {
    webhookId: string;
    url?: string | undefined;
    eventTypes?: string[] | undefined;
    description?: string | undefined;
    enabled?: boolean | undefined;
  },
): Promise<{ webhook: Webhook }> {
  if (input.url !== undefined && !isAllowedEndpointUrl(input.url)) throw webhookErrors.invalidUrl();
  const now = deps.clock.now().toISOString();
  const changes = {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.eventTypes !== undefined ? { eventTypes: [...new Set(input.eventTypes)] } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  };
  await deps.db.transaction().execute(async (trx) => {
    const { webhook } = await getWebhook({ db: trx }, caller, input);
    await updateEndpointRow(trx, { accountId: caller.accountId, webhookId: input.webhookId, changes, at: now });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'webhook.updated',
      subjectType: 'webhook',
      subjectId: input.webhookId,
      data: {
        before: {
          url: webhook.url,
          eventTypes: webhook.eventTypes,
          description: webhook.description,
          enabled: webhook.enabled,
        },
        after: changes,
      },
      at: now,
    });
  });
  return getWebhook(deps, caller, input);
}

/** Deletes the endpoint with its delivery history; queued deliveries find nothing and stop. */
export async function deleteWebhook(
  deps: Pick<WebhooksDeps, 'db' | 'clock'>,
  caller: Caller,
  input: { webhookId: string },
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const { webhook } = await getWebhook({ db: trx }, caller, input);
    await deleteEndpointRows(trx, { accountId: caller.accountId, webhookId: input.webhookId });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'webhook.deleted',
      subjectType: 'webhook',
      subjectId: input.webhookId,
      data: { url: webhook.url },
      at: now,
    });
  });
}

export async function listWebhookDeliveries(
  deps: Pick<WebhooksDeps, 'db'>,
  caller: Caller,
  input: { webhookId: string; limit: number; before?: string | undefined },
): Promise<{ deliveries: WebhookDelivery[]; nextBefore: string | null }> {
  await getWebhook(deps, caller, input);
  return listDeliveries(deps.db, { accountId: caller.accountId, ...input });
}

/** Sends a `webhook.test` event to this endpoint only, through the same queue as real events. */
export async function sendTestWebhook(
  deps: WebhooksDeps,
  caller: Caller,
  input: { webhookId: string },
): Promise<{ delivery: WebhookDelivery }> {
  const { webhook } = await getWebhook(deps, caller, input);
  if (!webhook.enabled) throw webhookErrors.disabled();
  const now = deps.clock.now().toISOString();
  const eventId = newId();
  const { delivery } = await insertDeliveryOnce(deps.db, {
    accountId: caller.accountId,
    endpointId: webhook.id,
    eventId,
    eventType: webhookTestEventType,
    occurredAt: now,
    data: { webhookId: webhook.id, message: 'A test event sent from Rapport.' },
    at: now,
  });
  await enqueueDelivery(deps, {
    accountId: caller.accountId,
    endpointId: webhook.id,
    eventId,
    deliveryId: delivery.id,
  });
  return {
    delivery: {
      id: delivery.id,
      eventId,
      eventType: webhookTestEventType,
      status: delivery.status,
      createdAt: now,
      deliveredAt: null,
      failedAt: null,
      attempts: [],
    },
  };
}

/**
 * Fans one committed event out to the account's enabled endpoints that subscribe to it: a
 * delivery each (unique per endpoint and event) and a `webhooks.deliver` job. Safe to run twice
 * for one event: the delivery is found again, and the job's dedupe key refuses a second job
 * while the first is unfinished; a pending delivery whose job was lost is queued again.
 */
export async function queueEventDeliveries(deps: WebhooksDeps, event: DomainEvent): Promise<{ queued: number }> {
  const { endpoints } = await listEnabledEndpoints(deps.db, { accountId: event.accountId });
  let queued = 0;
  for (const endpoint of endpoints.filter((candidate) => matchesEventType(candidate.eventTypes, event.name))) {
    const { delivery } = await insertDeliveryOnce(deps.db, {
      accountId: event.accountId,
      endpointId: endpoint.id,
      eventId: event.id,
      eventType: event.name,
      occurredAt: event.at,
      data: event.payload,
      at: deps.clock.now().toISOString(),
    });
    if (delivery.status !== 'pending') continue;
    await enqueueDelivery(deps, {
      accountId: event.accountId,
      endpointId: endpoint.id,
      eventId: event.id,
      deliveryId: delivery.id,
    });
    queued++;
  }
  return { queued };
}

async function enqueueDelivery(
  deps: WebhooksDeps,
  input: { accountId: string; endpointId: string; eventId: string; deliveryId: string },
): Promise<void> {
  // Enqueueing needs only the job's name and payload schema; the instance registered in main.ts runs it.
  await deps.jobs.enqueue(
    deliverWebhookJob(deps),
    { accountId: input.accountId, deliveryId: input.deliveryId },
    { accountId: input.accountId, dedupeKey: `webhook:${input.endpointId}:${input.eventId}` },
  );
}
