import { createHmac } from 'node:crypto';
import type { WebhookPayload } from '@rapport/contracts';

/** Whether an endpoint subscribed to these types wants this event: exact, `family.*`, or `*`. */
export function matchesEventType(patterns: readonly string[], eventType: string): boolean {
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.endsWith('.*')) return eventType.startsWith(pattern.slice(0, -1));
    return pattern === eventType;
  });
}

/**
 * Only http and https; anything else (file:, javascript:, no scheme) is refused, and so are
 * credentials in the URL, which fetch refuses to send and the endpoint list would show.
 */
export function isAllowedEndpointUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const isHttp = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    return isHttp && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/**
 * `Rapport-Signature`: the timestamp and the hex HMAC-SHA256 of `<t>.<raw body>`, keyed with the
 * endpoint's secret. The timestamp is signed too, so a receiver can refuse old replays.
 */
export function signatureHeader(input: { secret: string; timestamp: number; body: string }): string {
  const digest = createHmac('sha256', input.secret).update(`${input.timestamp}.${input.body}`).digest('hex');
  return `t=${input.timestamp},v1=${digest}`;
}

export function webhookBody(delivery: {
  eventId: string;
  eventType: string;
  occurredAt: string;
  accountId: string;
  data: Record<string, unknown>;
}): WebhookPayload {
  return {
    id: delivery.eventId,
    type: delivery.eventType,
    occurredAt: delivery.occurredAt,
    accountId: delivery.accountId,
    data: delivery.data,
  };
}

export function isSuccessStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/**
 * Nine attempts over about two hours: the first at once, then retries after 30 s, 1, 2, 4, 8, 16,
 * 32 and 64 minutes (twice as long each time, as the job queue schedules them; pg-boss adds up to
 * as much again as jitter). Long enough to ride out a deploy or a short outage of the receiver.
 */
export const deliveryRetryPolicy = { retryLimit: 8, retryDelaySeconds: 30 } as const;

/** Seconds to wait before each retry under a policy; the queue's backoff, spelled out. */
export function retryDelaysSeconds(policy: { retryLimit: number; retryDelaySeconds: number }): number[] {
  return Array.from({ length: policy.retryLimit }, (_, index) => policy.retryDelaySeconds * 2 ** index);
}

/** An endpoint that does not answer in time counts as a failed attempt. */
export const deliveryTimeoutMs = 10_000;
