import { randomBytes } from 'node:crypto';
import type { Channel, ChannelKind } from '@rapport/contracts';
import {
  type ConversationsDeps,
  receiveCustomerMessage,
  resolveChannelCustomer,
} from '../../conversations/conversations.service.ts';
import type { LoadedChannel } from '../channels.repository.ts';
import { type ChannelDriver, PermanentDeliveryError } from '../deliveries.service.ts';
import { type InboundItem, signApiBody } from './messaging.rules.ts';

const conversationChannel: Record<ChannelKind, Channel> = {
  email: 'email',
  api: 'api',
  telegram: 'social',
  whatsapp: 'social',
};

/**
 * Stores what a messaging provider sent: each item once (by provider message id), in the open
 * conversation with that chat or number, else a new one. Returns how many were new.
 */
export async function receiveMessagingItems(
  deps: ConversationsDeps,
  input: { channel: LoadedChannel; items: InboundItem[] },
): Promise<{ stored: number; duplicates: number }> {
  const { channel } = input;
  let stored = 0;
  let duplicates = 0;
  for (const item of input.items) {
    const { customerId } = await resolveChannelCustomer(deps, {
      accountId: channel.accountId,
      identity: item.identity,
      name: item.name,
    });
    const open = await deps.db
      .selectFrom('channel_threads')
      .innerJoin('conversations', 'conversations.id', 'channel_threads.conversation_id')
      .select('conversations.id')
      .where('channel_threads.account_id', '=', channel.accountId)
      .where('channel_threads.channel_id', '=', channel.id)
      .where('channel_threads.peer', '=', item.peer)
      .where('conversations.status', '!=', 'closed')
      .orderBy('conversations.last_message_at', 'desc')
      .executeTakeFirst();
    const at = deps.clock.now().toISOString();
    const result = await receiveCustomerMessage(deps, {
      accountId: channel.accountId,
      inboxId: channel.inboxId,
      channel: conversationChannel[channel.kind],
      customerId,
      conversationId: open?.id,
      body: item.text,
      externalId: `${channel.kind}:${item.providerMessageId}`,
      async alsoInTransaction(trx, { conversationId }) {
        await trx
          .insertInto('channel_threads')
          .values({
            conversation_id: conversationId,
            account_id: channel.accountId,
            channel_id: channel.id,
            kind: channel.kind,
            reply_token: randomBytes(12).toString('hex'),
            peer: item.peer,
            created_at: at,
          })
          .onConflict((c) => c.column('conversation_id').doNothing())
          .execute();
      },
    });
    if (result.duplicate) duplicates += 1;
    else stored += 1;
  }
  return { stored, duplicates };
}

async function post(url: string, init: { headers: Record<string, string>; body: string }) {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body,
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`could not reach ${new URL(url).host}: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => '');
  // A 4xx is the provider refusing this message (a bad number, a revoked token): retrying won't help.
  if (response.status >= 400 && response.status < 500 && response.status !== 429)
    throw new PermanentDeliveryError(`${new URL(url).host} refused it (${response.status}): ${text.slice(0, 200)}`);
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}`);
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Reply senders for the messaging channels, against configurable provider hosts. */
export function messagingDrivers(config: { telegramApiUrl: string; whatsappApiUrl: string; now?: () => number }) {
  const now = config.now ?? Date.now;
  const api: ChannelDriver = {
    async send(message) {
      const settings = message.channel.settings as { outboundUrl?: string | null };
      const secret = message.channel.secrets.secret;
      if (!settings.outboundUrl || !secret) throw new PermanentDeliveryError('the API channel has no outbound URL');
      const body = JSON.stringify({
        id: message.messageId,
        conversationId: message.conversationId,
        conversationKey: message.thread.peer,
        author: message.authorName,
        text: message.body,
      });
      await post(settings.outboundUrl, {
        headers: { 'Rapport-Signature': signApiBody(secret, body, now()), 'Rapport-Delivery': message.messageId },
        body,
      });
      return { providerMessageId: message.messageId };
    },
  };
  const telegram: ChannelDriver = {
    async send(message) {
      const token = message.channel.secrets.botToken;
      if (!token) throw new PermanentDeliveryError('the Telegram channel has no bot token');
      const answer = await post(`${config.telegramApiUrl.replace(/\/$/, '')}/bot${token}/sendMessage`, {
        headers: {},
        body: JSON.stringify({ chat_id: message.thread.peer, text: message.body }),
      });
      const result = answer.result as { message_id?: number } | undefined;
      return { providerMessageId: result?.message_id ? `${message.thread.peer}:${result.message_id}` : null };
    },
  };
  const whatsapp: ChannelDriver = {
    async send(message) {
      const settings = message.channel.settings as { phoneNumberId?: string };
      const token = message.channel.secrets.accessToken;
      if (!token || !settings.phoneNumberId)
        throw new PermanentDeliveryError('the WhatsApp channel is not fully set up');
      const answer = await post(`${config.whatsappApiUrl.replace(/\/$/, '')}/${settings.phoneNumberId}/messages`, {
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: message.thread.peer,
          type: 'text',
          text: { preview_url: false, body: message.body },
        }),
      });
      const sent = (answer.messages as { id?: string }[] | undefined)?.[0]?.id;
      return { providerMessageId: sent ?? null };
    },
  };
  return { api, telegram, whatsapp };
}
