import { inboxChannelSchema, saveChannelBodySchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { commonErrors } from '../../transport/http/error-responses.ts';
import { type ChannelsDeps, listInboxChannels, saveInboxChannel } from './channels.service.ts';

const idParams = z.object({ id: z.string().min(1) });

/** Admins set up how an inbox is reached: email addresses, IMAP polling, SMTP out, messaging channels. */
export function channelsRoutes(deps: ChannelsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v1/inboxes/:id/channels',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['channels'],
          summary: "An inbox's channels (secrets are never returned, only which are set)",
          params: idParams,
          response: { 200: z.object({ channels: z.array(inboxChannelSchema) }), ...commonErrors },
        },
      },
      async (request) => listInboxChannels(deps, callerOf(request), { inboxId: request.params.id }),
    );

    app.put(
      '/api/v1/inboxes/:id/channels',
      {
        config: { access: ['admin'] },
        schema: {
          tags: ['channels'],
          summary: 'Set up or change one channel of an inbox',
          params: idParams,
          body: saveChannelBodySchema,
          response: { 200: z.object({ channel: inboxChannelSchema }), ...commonErrors },
        },
      },
      async (request) =>
        saveInboxChannel(deps, callerOf(request), {
          inboxId: request.params.id,
          kind: request.body.kind,
          settings: request.body.settings,
        }),
    );
  };
}
