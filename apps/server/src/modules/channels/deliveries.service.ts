import type { ChannelKind } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobContext, type JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DurableListener } from '../../platform/events/dispatcher.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Database, Executor } from '../../storage/database.ts';
import type { BlobStore } from '../attachments/blob-store.ts';
import { insertNotifications } from '../notifications/notifications.repository.ts';
import { findChannel, findInboxChannel, findThread, type LoadedChannel } from './channels.repository.ts';
import type { ChannelThreadRow, MessageDeliveryRow } from './channels.tables.ts';

export interface DeliveriesDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  jobs: JobQueue;
  events: Pick<EventBus, 'publish'>;
  blobs: BlobStore;
  /** One sender per channel kind; each returns the provider's id of what it sent. */
  drivers: Partial<Record<ChannelKind, ChannelDriver>>;
}

/** What a driver gets to send one outbound message. */
export interface OutboundMessage {
  accountId: string;
  messageId: string;
  conversationId: string;
  conversationNumber: number;
  subject: string;
  body: string;
  authorType: string;
  authorName: string | null;
  attachments: { id: string; name: string; contentType: string; storageKey: string }[];
  channel: LoadedChannel;
  thread: ChannelThreadRow;
}

export interface ChannelDriver {
  send(message: OutboundMessage): Promise<{ providerMessageId: string | null }>;
}

/** A failure retrying cannot fix (a refused address, a missing setting): recorded at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export const deliverMessageJob = defineJob({
  name: 'channels.deliver',
  payload: z.object({ accountId: z.string(), messageId: z.string() }),
  // About two hours of retries (30 s doubling eight times) before a reply is given up as failed.
  retryLimit: 8,
  retryDelaySeconds: 30,
  handler: async () => {
    throw new Error('channels.deliver needs deliveriesJobs(deps)');
  },
});

/**
 * The outbox of customer channels: every committed outbound message (an agent's reply, a system
 * message such as an acknowledgement or a handoff notice) on a conversation that lives in a channel
 * gets a delivery row and a deliver job. Dedupe on the message id makes a re-dispatch harmless.
 */
export function deliveriesListener(deps: Pick<DeliveriesDeps, 'db' | 'clock' | 'jobs'>): DurableListener {
  return {
    name: 'channel-deliveries',
    handles: (name) => name === 'message.created',
    async handle(event) {
      const payload = event.payload as { conversationId?: string; messageId?: string; direction?: string };
      if (payload.direction !== 'outbound' || !payload.messageId || !payload.conversationId) return;
      const queued = await queueDelivery(deps, {
        accountId: event.accountId,
        conversationId: payload.conversationId,
        messageId: payload.messageId,
      });
      if (queued)
        await deps.jobs.enqueue(
          deliverMessageJob,
          { accountId: event.accountId, messageId: payload.messageId },
          { accountId: event.accountId, dedupeKey: `deliver:${payload.messageId}` },
        );
    },
  };
}

/** The channel thread of a conversation; an email conversation started by hand gets one now. */
async function threadFor(
  db: Kysely<Database>,
  input: { accountId: string; conversationId: string; at: string },
): Promise<ChannelThreadRow | undefined> {
  const thread = await findThread(db, input);
  if (thread) return thread;
  const conversation = await db
    .selectFrom('conversations')
    .select(['channel', 'inbox_id', 'customer_id'])
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
  if (conversation?.channel !== 'email') return undefined;
  const channel = await findInboxChannel(db, {
    accountId: input.accountId,
    inboxId: conversation.inbox_id,
    kind: 'email',
  });
  const identity = await db
    .selectFrom('customer_identities')
    .select('value')
    .where('account_id', '=', input.accountId)
    .where('customer_id', '=', conversation.customer_id)
    .where('channel', '=', 'email')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!channel || !identity) return undefined;
  const { randomBytes } = await import('node:crypto');
  await db
    .insertInto('channel_threads')
    .values({
      conversation_id: input.conversationId,
      account_id: input.accountId,
      channel_id: channel.id,
      kind: 'email',
      reply_token: randomBytes(12).toString('hex'),
      peer: identity.value,
      created_at: input.at,
    })
    .onConflict((c) => c.column('conversation_id').doNothing())
    .execute();
  return findThread(db, input);
}

/** Records the delivery as queued; false when the conversation is not in a deliverable channel. */
export async function queueDelivery(
  deps: Pick<DeliveriesDeps, 'db' | 'clock'>,
  input: { accountId: string; conversationId: string; messageId: string },
): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const thread = await threadFor(deps.db, { ...input, at });
  if (!thread) return false;
  await deps.db
    .insertInto('message_deliveries')
    .values({
      message_id: input.messageId,
      account_id: input.accountId,
      conversation_id: input.conversationId,
      channel_kind: thread.kind,
      state: 'queued',
      reason: null,
      attempts: 0,
      provider_message_id: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((c) => c.column('message_id').doNothing())
    .execute();
  return true;
}

async function updateDelivery(
  db: Executor,
  input: {
    accountId: string;
    messageId: string;
    changes: Partial<Omit<MessageDeliveryRow, 'message_id' | 'account_id'>>;
  },
) {
  await db
    .updateTable('message_deliveries')
    .set(input.changes)
    .where('account_id', '=', input.accountId)
    .where('message_id', '=', input.messageId)
    .execute();
}

/** Marks a delivery failed and tells the conversation's owner, in one transaction with its event. */
async function failDelivery(
  deps: Pick<DeliveriesDeps, 'db' | 'clock' | 'events'>,
  input: { accountId: string; delivery: MessageDeliveryRow; reason: string; attempts?: number },
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await withEvents(deps, async (trx, record) => {
    await trx
      .updateTable('message_deliveries')
      .set({
        state: 'failed',
        reason: input.reason,
        updated_at: at,
        ...(input.attempts ? { attempts: input.attempts } : {}),
      })
      .where('account_id', '=', input.accountId)
      .where('message_id', '=', input.delivery.message_id)
      .execute();
    const conversation = await trx
      .selectFrom('conversations')
      .select(['owner_user_id', 'number', 'raised_by_user_id'])
      .where('account_id', '=', input.accountId)
      .where('id', '=', input.delivery.conversation_id)
      .executeTakeFirst();
    const event = await record({
      accountId: input.accountId,
      name: 'message.delivery_failed',
      payload: {
        conversationId: input.delivery.conversation_id,
        messageId: input.delivery.message_id,
        reason: input.reason,
        raisedByUserId: conversation?.raised_by_user_id ?? null,
      },
      at,
    });
    if (conversation?.owner_user_id)
      await insertNotifications(trx, {
        accountId: input.accountId,
        userIds: [conversation.owner_user_id],
        kind: 'message.delivery_failed',
        conversationId: input.delivery.conversation_id,
        body: `A reply in conversation ${conversation.number} was not delivered: ${input.reason}`,
        sourceEventId: event.id,
        at,
      });
  });
}

/** A bounce (DSN) for a message we sent: its delivery becomes failed and the owner is told. */
export async function markDeliveryBounced(
  deps: Pick<DeliveriesDeps, 'db' | 'clock' | 'events'>,
  input: { accountId: string; providerMessageId: string; reason: string },
): Promise<{ messageId: string } | undefined> {
  const delivery = await deps.db
    .selectFrom('message_deliveries')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('provider_message_id', '=', input.providerMessageId)
    .executeTakeFirst();
  if (!delivery) return undefined;
  if (delivery.state !== 'failed')
    await failDelivery(deps, { accountId: input.accountId, delivery, reason: `bounced: ${input.reason}` });
  return { messageId: delivery.message_id };
}

async function loadOutbound(
  deps: Pick<DeliveriesDeps, 'db'>,
  input: { accountId: string; messageId: string; thread: ChannelThreadRow },
): Promise<OutboundMessage | undefined> {
  const message = await deps.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .leftJoin('users', 'users.id', 'messages.author_user_id')
    .select([
      'messages.id',
      'messages.body',
      'messages.author_type',
      'messages.conversation_id',
      'conversations.number',
      'conversations.subject',
      'users.name as author_name',
    ])
    .where('messages.account_id', '=', input.accountId)
    .where('messages.id', '=', input.messageId)
    .executeTakeFirst();
  if (!message) return undefined;
  const channel = await findChannel(deps.db, { accountId: input.accountId, channelId: input.thread.channel_id });
  if (!channel) return undefined;
  const attachments = await deps.db
    .selectFrom('attachments')
    .select(['id', 'name', 'content_type', 'storage_key'])
    .where('account_id', '=', input.accountId)
    .where('message_id', '=', input.messageId)
    .execute();
  return {
    accountId: input.accountId,
    messageId: message.id,
    conversationId: message.conversation_id,
    conversationNumber: Number(message.number),
    subject: message.subject,
    body: message.body,
    authorType: message.author_type,
    authorName: message.author_name ?? null,
    attachments: attachments.map((a) => ({
      id: a.id,
      name: a.name,
      contentType: a.content_type,
      storageKey: a.storage_key,
    })),
    channel,
    thread: input.thread,
  };
}

/** Sends one queued delivery; re-running it after success does nothing. */
export async function deliverMessage(
  deps: DeliveriesDeps,
  input: { accountId: string; messageId: string },
  context: Pick<JobContext, 'isLastAttempt'>,
): Promise<void> {
  const delivery = await deps.db
    .selectFrom('message_deliveries')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('message_id', '=', input.messageId)
    .executeTakeFirst();
  if (delivery?.state !== 'queued') return;
  const attempts = Number(delivery.attempts) + 1;
  const at = () => deps.clock.now().toISOString();
  await updateDelivery(deps.db, { ...input, changes: { attempts, updated_at: at() } });
  const thread = await findThread(deps.db, { accountId: input.accountId, conversationId: delivery.conversation_id });
  const outbound = thread && (await loadOutbound(deps, { ...input, thread }));
  const driver = deps.drivers[delivery.channel_kind];
  try {
    if (!outbound) throw new PermanentDeliveryError('the conversation has no channel to answer in');
    if (!driver) throw new PermanentDeliveryError(`sending to ${delivery.channel_kind} is not set up on this server`);
    const { providerMessageId } = await driver.send(outbound);
    const sentAt = at();
    // The event lets the agent's timeline turn "Sending…" into "Sent" live.
    await withEvents(deps, async (trx, record) => {
      await updateDelivery(trx, {
        ...input,
        changes: { state: 'sent', reason: null, provider_message_id: providerMessageId, updated_at: sentAt },
      });
      await record({
        accountId: input.accountId,
        name: 'message.delivered',
        payload: {
          conversationId: delivery.conversation_id,
          messageId: input.messageId,
          channel: delivery.channel_kind,
        },
        at: sentAt,
      });
    });
    deps.logger.info({ messageId: input.messageId, channel: delivery.channel_kind, attempts }, 'message delivered');
  } catch (error) {
    const reason = (error as Error).message.slice(0, 300);
    if (error instanceof PermanentDeliveryError || context.isLastAttempt) {
      deps.logger.warn({ messageId: input.messageId, channel: delivery.channel_kind, reason }, 'message not delivered');
      await failDelivery(deps, { accountId: input.accountId, delivery, reason, attempts });
      return;
    }
    // Still queued: the job queue retries with backoff; the reason shows why it is waiting.
    await updateDelivery(deps.db, { ...input, changes: { reason, updated_at: at() } });
    throw error;
  }
}

/** Job definitions of channel deliveries, bound to their dependencies. */
export function deliveriesJobs(deps: DeliveriesDeps) {
  return [
    {
      ...deliverMessageJob,
      handler: (payload: z.infer<typeof deliverMessageJob.payload>, context: JobContext) =>
        deliverMessage(deps, payload, context),
    },
  ];
}
