import type { ChannelKind } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../../transport/http/error-responses.ts';
import type { ConversationsDeps } from '../../conversations/conversations.service.ts';
import { channelErrors } from '../channels.errors.ts';
import { findChannelForWebhook, type LoadedChannel } from '../channels.repository.ts';
import {
  type InboundItem,
  parseApiMessage,
  parseTelegramUpdate,
  parseWhatsappWebhook,
  verifyApiSignature,
  verifyTelegramSecret,
  verifyWhatsappSignature,
} from './messaging.rules.ts';
import { receiveMessagingItems } from './messaging.service.ts';

const params = z.object({ channelId: z.string().min(1).max(100) });
const received = z.object({ stored: z.number().int(), duplicates: z.number().int() });
const errors = errorResponses(400, 401, 404);

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/**
 * Inbound webhooks of the messaging channels. They are public (the provider has no session) and
 * trust nothing before the channel's signature check passes: a bad signature stores nothing.
 */
export function messagingRoutes(deps: ConversationsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // Signatures are over the exact bytes received, so keep them before parsing JSON.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      request.rawBody = body as Buffer;
      if ((body as Buffer).length === 0) return done(null, {});
      try {
        done(null, JSON.parse((body as Buffer).toString('utf8')));
      } catch {
        done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    });

    async function channelFor(kind: ChannelKind, channelId: string): Promise<LoadedChannel> {
      const channel = await findChannelForWebhook(deps.db, { channelId, kind });
      if (!channel) throw channelErrors.notFound();
      return channel;
    }

    async function store(channel: LoadedChannel, items: InboundItem[]) {
      return receiveMessagingItems(deps, { channel, items });
    }

    app.post(
      '/api/v1/channels/api/:channelId/messages',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'API channel: a customer message from your system (signed with the channel secret)',
          params,
          response: { 200: received, ...errors },
        },
      },
      async (request) => {
        const channel = await channelFor('api', request.params.channelId);
        const ok = verifyApiSignature({
          header: request.headers['rapport-signature'] as string | undefined,
          raw: request.rawBody ?? Buffer.alloc(0),
          secret: channel.secrets.secret ?? '',
          nowMs: deps.clock.now().getTime(),
        });
        if (!ok || !channel.secrets.secret) throw channelErrors.badSignature();
        const items = parseApiMessage(request.body);
        if ('error' in items) throw channelErrors.badPayload(items.error);
        return store(channel, items);
      },
    );

    app.post(
      '/api/v1/channels/telegram/:channelId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'Telegram Bot API webhook updates',
          params,
          response: { 200: received, ...errors },
        },
      },
      async (request) => {
        const channel = await channelFor('telegram', request.params.channelId);
        const header = request.headers['x-telegram-bot-api-secret-token'] as string | undefined;
        if (!channel.secrets.webhookSecret || !verifyTelegramSecret(header, channel.secrets.webhookSecret))
          throw channelErrors.badSignature();
        // Updates Rapport does not handle (a bot added to a group, a poll) are acknowledged and dropped.
        return store(channel, parseTelegramUpdate(request.body));
      },
    );

    app.get(
      '/api/v1/channels/whatsapp/:channelId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: "WhatsApp Cloud API webhook verification (answers Meta's hub.challenge)",
          params,
          querystring: z.object({
            'hub.mode': z.string().optional(),
            'hub.verify_token': z.string().optional(),
            'hub.challenge': z.string().max(200).optional(),
          }),
          response: { 200: z.string(), ...errors },
        },
      },
      async (request, reply) => {
        const channel = await channelFor('whatsapp', request.params.channelId);
        const query = request.query;
        if (
          query['hub.mode'] !== 'subscribe' ||
          !channel.secrets.verifyToken ||
          query['hub.verify_token'] !== channel.secrets.verifyToken
        )
          throw channelErrors.badSignature();
        return reply.type('text/plain').send(query['hub.challenge'] ?? '');
      },
    );

    app.post(
      '/api/v1/channels/whatsapp/:channelId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['channels'],
          summary: 'WhatsApp Cloud API webhook notifications',
          params,
          response: { 200: received, ...errors },
        },
      },
      async (request) => {
        const channel = await channelFor('whatsapp', request.params.channelId);
        const header = request.headers['x-hub-signature-256'] as string | undefined;
        if (
          !channel.secrets.appSecret ||
          !verifyWhatsappSignature(header, request.rawBody ?? Buffer.alloc(0), channel.secrets.appSecret)
        )
          throw channelErrors.badSignature();
        // Status updates (sent, delivered, read) carry no messages and store nothing.
        return store(channel, parseWhatsappWebhook(request.body));
      },
    );
  };
}
