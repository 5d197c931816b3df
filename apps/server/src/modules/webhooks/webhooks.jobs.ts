import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobContext } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database } from '../../storage/database.ts';
import { findDeliveryTarget, markDeliveryFailed, recordDeliveryAttempt } from './webhooks.repository.ts';
import {
  deliveryRetryPolicy,
  deliveryTimeoutMs,
  isSuccessStatus,
  signatureHeader,
  webhookBody,
} from './webhooks.rules.ts';

export interface WebhookDeliveryDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  /** Tests shorten it; production waits deliveryTimeoutMs. */
  deliveryTimeoutMs?: number;
}

export const deliverWebhookPayload = z.object({ accountId: z.string().min(1), deliveryId: z.string().min(1) });

/** `webhooks.deliver`: one attempt to POST one delivery; a failure is thrown so the queue retries it. */
export function deliverWebhookJob(deps: WebhookDeliveryDeps) {
  return defineJob({
    name: 'webhooks.deliver',
    payload: deliverWebhookPayload,
    ...deliveryRetryPolicy,
    handler: (payload, context) => deliverWebhook(deps, payload, context),
  });
}

/** Every job of the module, for main.ts to register. */
export function webhooksJobs(deps: WebhookDeliveryDeps) {
  return [deliverWebhookJob(deps)];
}

async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  input: z.infer<typeof deliverWebhookPayload>,
  context: JobContext,
): Promise<void> {
  const target = await findDeliveryTarget(deps.db, input);
  // Deleted with its endpoint, or settled by an earlier run of this job: nothing is left to do.
  if (target?.delivery.status !== 'pending') return;
  const { delivery, endpoint } = target;
  if (!endpoint.enabled) {
    await markDeliveryFailed(deps.db, { ...input, at: deps.clock.now().toISOString() });
    return;
  }

  const body = JSON.stringify(webhookBody({ ...delivery, accountId: input.accountId }));
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  const answer = await post(endpoint.url, {
    body,
    timeoutMs: deps.deliveryTimeoutMs ?? deliveryTimeoutMs,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Rapport-Webhooks',
      'Rapport-Event': delivery.eventType,
      'Rapport-Delivery': delivery.id,
      'Rapport-Signature': signatureHeader({ secret: endpoint.secret, timestamp, body }),
    },
  });
  const delivered = answer.statusCode !== null && isSuccessStatus(answer.statusCode);
  const status = delivered ? 'delivered' : context.isLastAttempt ? 'failed' : 'pending';
  const attempt = delivery.attemptCount + 1;
  await deps.db.transaction().execute((trx) =>
    recordDeliveryAttempt(trx, {
      ...input,
      attempt,
      statusCode: answer.statusCode,
      error: answer.error,
      durationMs: answer.durationMs,
      status,
      at: deps.clock.now().toISOString(),
    }),
  );
  if (delivered) return;
  // Neither the URL (it may carry a token) nor the secret goes into logs or job errors.
  const outcome = answer.statusCode !== null ? `The endpoint answered HTTP ${answer.statusCode}.` : answer.error;
  if (status === 'failed') {
    deps.logger.warn(
      { webhookId: endpoint.id, deliveryId: delivery.id, attempt },
      `webhook delivery given up: ${outcome}`,
    );
    return;
  }
  throw new Error(outcome ?? 'The endpoint could not be reached.');
}

async function post(
  url: string,
  request: { body: string; headers: Record<string, string>; timeoutMs: number },
): Promise<{ statusCode: number | null; error: string | null; durationMs: number }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect is an answer, not a success: following it could lead anywhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    // Only the status matters; the body is dropped so the connection is freed.
    await response.body?.cancel().catch(() => undefined);
    return { statusCode: response.status, error: null, durationMs: elapsed() };
  } catch (error) {
    return { statusCode: null, error: describeRequestError(error, request.timeoutMs), durationMs: elapsed() };
  }
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `No answer within ${timeoutMs / 1000} s.`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return `Could not connect (${cause.code}).`;
  return `Could not connect (${error instanceof Error ? error.message : String(error)}).`;
}
