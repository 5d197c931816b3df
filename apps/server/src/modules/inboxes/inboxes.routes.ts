import { inboxBodySchema, inboxSchema, inboxUpdateBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import { createInbox, getInbox, type InboxesDeps, listAccountInboxes, updateInbox } from './inboxes.service.ts';

const errors = commonErrors;
const idParams = z.object({ id: z.string().min(1) });
const inboxBody = z.object({ inbox: inboxSchema });

export function inboxesRoutes(deps: InboxesDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/inboxes',
      {
        config: { access: 'signed_in' },
        schema: {
          tags: ['inboxes'],
          summary: 'Inboxes of your account',
          response: { 200: z.object({ inboxes: z.array(inboxSchema) }), ...errors },
        },
      },
      async (request) => listAccountInboxes(deps, callerOf(request)),
    );

    app.get(
      '/api/v1/inboxes/:id',
      {
        config: { access: 'signed_in' },
        schema: { tags: ['inboxes'], summary: 'One inbox', params: idParams, response: { 200: inboxBody, ...errors } },
      },
      async (request) => getInbox(deps, callerOf(request), { inboxId: request.params.id }),
    );

    app.post(
      '/api/v1/inboxes',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['inboxes'],
          summary: 'Create an inbox with its team, time zone and business hours',
          body: inboxBodySchema,
          response: { 201: inboxBody, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createInbox(deps, callerOf(request), request.body)),
    );

    app.patch(
      '/api/v1/inboxes/:id',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['inboxes'],
          summary: 'Change an inbox',
          params: idParams,
          body: inboxUpdateBodySchema,
          response: { 200: inboxBody, ...errors },
        },
      },
      async (request) => updateInbox(deps, callerOf(request), { inboxId: request.params.id, ...request.body }),
    );
  };
}
