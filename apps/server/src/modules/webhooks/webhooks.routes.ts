import {
  createdWebhookSchema,
  webhookBodySchema,
  webhookDeliveriesQuerySchema,
  webhookDeliverySchema,
  webhookSchema,
  webhookUpdateBodySchema,
} from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  sendTestWebhook,
  updateWebhook,
  type WebhooksDeps,
} from './webhooks.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const webhookBody = z.object({ webhook: webhookSchema });

export function webhooksRoutes(deps: WebhooksDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/webhooks',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Webhook endpoints of your account (secrets are never listed)',
          response: { 200: z.object({ webhooks: z.array(webhookSchema) }), ...errors },
        },
      },
      async (request) => listWebhooks(deps, callerOf(request)),
    );

    app.post(
      '/api/v1/webhooks',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Register an endpoint; the answer shows its signing secret, once',
          body: webhookBodySchema,
          response: { 201: createdWebhookSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createWebhook(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/v1/webhooks/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Change, disable or enable an endpoint',
          params: idParams,
          body: webhookUpdateBodySchema,
          response: { 200: webhookBody, ...errors },
        },
      },
      async (request) => updateWebhook(deps, callerOf(request), { webhookId: request.params.id, ...request.body }),
    );

    app.delete(
      '/api/v1/webhooks/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Delete an endpoint and its delivery history',
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await deleteWebhook(deps, callerOf(request), { webhookId: request.params.id });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/v1/webhooks/:id/deliveries',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Deliveries to an endpoint, newest first, each with its attempts',
          params: idParams,
          querystring: webhookDeliveriesQuerySchema,
          response: {
            200: z.object({ deliveries: z.array(webhookDeliverySchema), nextBefore: z.string().nullable() }),
            ...errors,
          },
        },
      },
      async (request) =>
        listWebhookDeliveries(deps, callerOf(request), { webhookId: request.params.id, ...request.query }),
    );

    app.post(
      '/api/v1/webhooks/:id/test',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['webhooks'],
          summary: 'Send a webhook.test event to this endpoint',
          params: idParams,
          response: { 202: z.object({ delivery: webhookDeliverySchema }), ...errors },
        },
      },
      async (request, reply) =>
        reply.status(202).send(await sendTestWebhook(deps, callerOf(request), { webhookId: request.params.id })),
    );
  };
}
