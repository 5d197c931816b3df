import { z } from 'zod';

/** The event every endpoint can be sent on demand, to check it receives and verifies deliveries. */
export const webhookTestEventType = 'webhook.test';

/** An exact event name (`conversation.created`), a family (`conversation.*`) or everything (`*`). */
export const webhookEventTypeSchema = z
  .string()
  .trim()
  .regex(
    /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.(\*|[a-z][a-z0-9_]*))$/,
    'must be an event name such as conversation.created, a family such as conversation.*, or *',
  );

// The scheme (http or https only) is checked by the server, which answers webhook.invalid_url.
const webhookUrl = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');
const eventTypes = z
  .array(webhookEventTypeSchema)
  .min(1, 'choose at least one event type')
  .max(100, 'must list at most 100 event types');
const description = z.string().trim().max(500, 'must be at most 500 characters');

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookBodySchema = z.object({ url: webhookUrl, eventTypes, description: description.default('') });
export const webhookUpdateBodySchema = z
  .object({
    url: webhookUrl.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one of url, eventTypes, description, enabled',
  });

/** Returned once, on creation: the only time the signing secret leaves the server. */
export const createdWebhookSchema = z.object({ webhook: webhookSchema, secret: z.string() });

export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  /** The HTTP status answered, or null when there was no answer (see error). */
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: z.string(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  attempts: z.array(webhookAttemptSchema),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** Keyset paging: the `nextBefore` of the previous page. */
  before: z.string().min(1).optional(),
});

/**
 * What an endpoint receives, as the JSON body of a POST. Headers: `Rapport-Event` (the type),
 * `Rapport-Delivery` (the same on every retry of one delivery) and `Rapport-Signature`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint's secret>`.
 * `id` is the event's id: the same event is never delivered to one endpoint as two deliveries,
 * but a retry after a lost answer can arrive twice, so receivers deduplicate on it.
 */
export const webhookPayloadSchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  accountId: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
