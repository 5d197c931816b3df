import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { EmailChannelSettings } from '@rapport/contracts';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { isAppError } from '../../../platform/app-error.ts';
import type { Logger } from '../../../platform/logger.ts';
import type { Executor } from '../../../storage/database.ts';
import { storeUpload } from '../../attachments/attachments.service.ts';
import type { BlobStore } from '../../attachments/blob-store.ts';
import {
  addSystemMessage,
  type ConversationsDeps,
  receiveCustomerMessage,
  resolveChannelCustomer,
} from '../../conversations/conversations.service.ts';
import { normalizeIdentity } from '../../customers/customers.rules.ts';
import { findInbox } from '../../inboxes/inboxes.repository.ts';
import { acknowledgementText, type QuoteProvider } from '../acknowledgement.rules.ts';
import { findChannel, findChannelByAddress, findThreadByToken, type LoadedChannel } from '../channels.repository.ts';
import { markDeliveryBounced } from '../deliveries.service.ts';
import {
  bounceDetails,
  chooseThread,
  forwardedBody,
  forwardedSender,
  isAutomatic,
  isBounce,
  isOverSenderLimit,
  normaliseAddress,
  normaliseSubject,
  referencedIds,
  replyTokenOf,
  splitQuoted,
  stripBrackets,
} from './email.rules.ts';
import { sanitizeEmailHtml } from './email-html.rules.ts';

export interface EmailIngestDeps extends ConversationsDeps {
  logger: Logger;
  blobs: BlobStore;
  maxAttachmentBytes: number;
  senderLimitPerHour: number;
  quotes: QuoteProvider;
}

export type IngestOutcome =
  | {
      outcome: 'stored';
      conversationId: string;
      messageId: string;
      created: boolean;
      duplicate: boolean;
      threadedBy: 'reply_token' | 'references' | 'subject' | 'new';
      acknowledged: boolean;
    }
  | { outcome: 'bounce'; failedMessageId: string | undefined }
  | { outcome: 'refused'; code: RefusalCode; reason: string };

export type RefusalCode = 'unreadable' | 'unknown_recipient' | 'no_sender' | 'loop' | 'rate_limited';

/** Where a recipient address leads: an inbox's channel, or (for reply+token@) one conversation. */
export interface EmailRoute {
  channel: LoadedChannel<'email'>;
  conversationId?: string | undefined;
}

/**
 * Which inbox (and conversation, for a reply address) an address belongs to; undefined for an
 * unknown recipient, which the SMTP listener refuses at RCPT time.
 */
export async function routeRecipient(db: Executor, address: string): Promise<EmailRoute | undefined> {
  const normalised = normaliseAddress(address);
  const token = replyTokenOf(normalised);
  if (token) {
    const thread = await findThreadByToken(db, { token });
    if (thread?.kind !== 'email') return undefined;
    const channel = await findChannel(db, { accountId: thread.account_id, channelId: thread.channel_id });
    return channel ? { channel: channel as LoadedChannel<'email'>, conversationId: thread.conversation_id } : undefined;
  }
  const channel = await findChannelByAddress(db, { address: normalised });
  return channel ? { channel } : undefined;
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) =>
    entry.value
      .filter((item) => item.address)
      .map((item) => ({ address: normaliseAddress(item.address ?? ''), name: item.name ?? '' })),
  );
}

/** The text of a DSN's machine-readable parts, where the bounced Message-ID and the reason are. */
function dsnText(parsed: ParsedMail): string {
  const parts = parsed.attachments
    .filter((a) => /delivery-status|rfc822/i.test(a.contentType))
    .map((a) => a.content.toString('utf8').slice(0, 64 * 1024));
  return [...parts, parsed.text ?? ''].join('\n');
}

/** The Content-Type header as written: `multipart/report; report-type=delivery-status`. */
function contentTypeText(parsed: ParsedMail): string {
  const value = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (!value || typeof value !== 'object') return String(value ?? '');
  const params = Object.entries(value.params ?? {}).map(([key, v]) => `; ${key}=${v}`);
  return `${value.value ?? ''}${params.join('')}`;
}

function header(parsed: ParsedMail) {
  return (name: string) => {
    const value = parsed.headers.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string' || Array.isArray(value)) return value as string | string[];
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object' && 'value' in value) return { value: String((value as { value: unknown }).value) };
    return String(value);
  };
}

/**
 * Takes one raw email for the given recipients through the pipeline: parse, refuse what must not
 * be stored (unknown recipient, our own mail, a storm), turn bounces into failed deliveries, find
 * the customer, thread it, keep its attachments and sanitised HTML, and acknowledge a new
 * conversation once when the inbox asks for it. Never throws for a bad message: it says why.
 */
export async function ingestEmail(
  deps: EmailIngestDeps,
  input: { raw: Buffer; recipients: string[]; route?: EmailRoute | undefined },
): Promise<IngestOutcome> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(input.raw, {
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (error) {
    return { outcome: 'refused', code: 'unreadable', reason: `unreadable MIME: ${(error as Error).message}` };
  }
  let route = input.route;
  for (const recipient of input.recipients) {
    if (route?.conversationId) break;
    const found = await routeRecipient(deps.db, recipient);
    if (found && (!route || found.conversationId)) route = found;
  }
  if (!route) return { outcome: 'refused', code: 'unknown_recipient', reason: 'no inbox has this address' };
  const { channel } = route;
  const accountId = channel.accountId;
  const settings = channel.settings as EmailChannelSettings;
  const senders = addressesOf(parsed.from);
  // Spam forges From lines a parser still reads as addresses ('"a@b"@c', 'x@[1086695621]'); one
  // that is no mailbox is nobody to answer, and would fail as a customer identity later.
  const from = senders.find((sender) => !('problem' in normalizeIdentity('email', sender.address)));
  const subject = parsed.subject?.replaceAll(String.fromCharCode(0), '').slice(0, 998);
  const contentType = contentTypeText(parsed);

  if (isBounce({ contentType, from: senders[0]?.address ?? '', subject })) {
    const { originalMessageId, reason } = bounceDetails(dsnText(parsed));
    const failed = originalMessageId
      ? await markDeliveryBounced(deps, { accountId, providerMessageId: originalMessageId, reason })
      : undefined;
    return { outcome: 'bounce', failedMessageId: failed?.messageId };
  }
  if (!from)
    return {
      outcome: 'refused',
      code: 'no_sender',
      reason: senders.length > 0 ? 'the sender address is not a mailbox we could answer' : 'no sender address',
    };
  if (replyTokenOf(from.address) || settings.addresses.includes(from.address))
    return { outcome: 'refused', code: 'loop', reason: 'mail from one of our own addresses (a loop)' };

  const externalId = parsed.messageId
    ? stripBrackets(parsed.messageId).slice(0, 300)
    : `sha256:${createHash('sha256').update(input.raw).digest('hex')}`;
  const already = await deps.db
    .selectFrom('messages')
    .select(['id', 'conversation_id'])
    .where('account_id', '=', accountId)
    .where('channel', '=', 'email')
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (already)
    return {
      outcome: 'stored',
      conversationId: already.conversation_id,
      messageId: already.id,
      created: false,
      duplicate: true,
      threadedBy: 'new',
      acknowledged: false,
    };

  const since = new Date(deps.clock.now().getTime() - 60 * 60 * 1000).toISOString();
  const recent = await deps.db
    .selectFrom('email_messages')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', accountId)
    .where('from_address', '=', from.address)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  if (isOverSenderLimit(Number(recent?.n ?? 0), deps.senderLimitPerHour))
    return {
      outcome: 'refused',
      code: 'rate_limited',
      reason: `sender over ${deps.senderLimitPerHour} messages in an hour`,
    };

  const automatic = isAutomatic(header(parsed), subject);
  // PostgreSQL text cannot hold NUL characters, which broken mail sometimes carries.
  const fullText = (parsed.text ?? '').replaceAll(String.fromCharCode(0), '');

  // An agent forwarding a customer's mail ("Fwd:") opens a conversation for the original sender.
  let customerAddress = from.address;
  let customerName = from.name.replaceAll(String.fromCharCode(0), '').slice(0, 200) || undefined;
  let bodyText = fullText;
  let forwardedByAgent = false;
  const isAgent = await deps.db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('deactivated_at', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', from.address))
    .executeTakeFirst();
  if (isAgent) {
    const original = forwardedSender(subject, fullText);
    if (original && original.address !== from.address) {
      customerAddress = original.address;
      customerName = original.name;
      bodyText = forwardedBody(fullText);
      forwardedByAgent = true;
    }
  }

  const { customerId } = await resolveChannelCustomer(deps, {
    accountId,
    identity: { kind: 'email', value: customerAddress },
    name: customerName,
  });

  // Threading: reply token, then In-Reply-To/References, then one recent same-subject conversation.
  const references = forwardedByAgent ? [] : referencedIds(parsed.inReplyTo, parsed.references);
  const referenceConversationIds: string[] = [];
  if (references.length > 0) {
    const [byEmail, byDelivery] = await Promise.all([
      deps.db
        .selectFrom('email_messages')
        .select(['conversation_id', 'message_id_header'])
        .where('account_id', '=', accountId)
        .where('message_id_header', 'in', references)
        .execute(),
      deps.db
        .selectFrom('message_deliveries')
        .select(['conversation_id', 'provider_message_id'])
        .where('account_id', '=', accountId)
        .where('provider_message_id', 'in', references)
        .execute(),
    ]);
    for (const id of references) {
      const hit =
        byEmail.find((row) => row.message_id_header === id)?.conversation_id ??
        byDelivery.find((row) => row.provider_message_id === id)?.conversation_id;
      if (hit) referenceConversationIds.push(hit);
    }
  }
  const subjectConversationIds: string[] = [];
  const wanted = normaliseSubject(subject);
  if (wanted.length >= 4 && !forwardedByAgent && !route.conversationId && referenceConversationIds.length === 0) {
    const window = new Date(deps.clock.now().getTime() - 14 * 24 * 60 * 60 * 1000).toISOString();
    const candidates = await deps.db
      .selectFrom('conversations')
      .select(['id', 'subject'])
      .where('account_id', '=', accountId)
      .where('customer_id', '=', customerId)
      .where('inbox_id', '=', channel.inboxId)
      .where('channel', '=', 'email')
      .where('status', '!=', 'closed')
      .where('last_message_at', '>=', window)
      .orderBy('last_message_at', 'desc')
      .limit(20)
      .execute();
    subjectConversationIds.push(...candidates.filter((c) => normaliseSubject(c.subject) === wanted).map((c) => c.id));
  }
  const match = chooseThread({
    tokenConversationId: route.conversationId,
    referenceConversationIds,
    subjectConversationIds,
  });

  // Attachments are stored before the message and joined to it in its transaction.
  const attachmentIds: string[] = [];
  const notKept: string[] = [];
  const cidUrls = new Map<string, string>();
  for (const attachment of parsed.attachments.slice(0, 30)) {
    if (/^(message\/delivery-status|text\/rfc822-headers)$/i.test(attachment.contentType)) continue;
    try {
      const stored = await storeUpload(
        { db: deps.db, clock: deps.clock, jobs: deps.jobs, blobs: deps.blobs, maxBytes: deps.maxAttachmentBytes },
        {
          accountId,
          uploadedBy: { customerId },
          name:
            attachment.filename ?? (attachment.contentType === 'message/rfc822' ? 'attached-message.eml' : undefined),
          contentType: attachment.contentType,
          source: Readable.from([attachment.content]),
          contentId: attachment.contentId ? stripBrackets(attachment.contentId).toLowerCase() : undefined,
        },
      );
      attachmentIds.push(stored.id);
      if (attachment.contentId) cidUrls.set(stripBrackets(attachment.contentId).toLowerCase(), stored.url);
    } catch (error) {
      if (!isAppError(error)) throw error;
      notKept.push(`${attachment.filename ?? 'a file'}: ${error.message}`);
    }
  }

  const { visible, quoted } = splitQuoted(bodyText);
  const sanitized = parsed.html
    ? sanitizeEmailHtml(parsed.html.replaceAll(String.fromCharCode(0), ''), { cidUrls })
    : undefined;
  const notice = notKept.length ? `\n\n[Not kept: ${notKept.join('; ')}]` : '';
  const body = `${visible || (attachmentIds.length ? '' : '(no text)')}${notice}`.slice(0, 100_000);
  const at = deps.clock.now().toISOString();

  const stored = await receiveCustomerMessage(deps, {
    accountId,
    inboxId: channel.inboxId,
    channel: 'email',
    customerId,
    conversationId: 'conversationId' in match ? match.conversationId : undefined,
    subject: subject?.replace(/^\s*(fwd?|wg|tr)\s*:\s*/i, ''),
    body,
    externalId,
    attachmentIds,
    async alsoInTransaction(trx, { conversationId, messageId }) {
      await trx
        .insertInto('email_messages')
        .values({
          message_id: messageId,
          account_id: accountId,
          conversation_id: conversationId,
          message_id_header: externalId,
          from_address: from.address,
          subject: subject ?? null,
          quoted_text: quoted ? quoted.slice(0, 200_000) : null,
          html: sanitized ? sanitized.html.slice(0, 1_000_000) : null,
          remote_images: sanitized?.remoteImages ? 1 : 0,
          created_at: at,
        })
        .execute();
      const thread = await trx
        .selectFrom('channel_threads')
        .select('conversation_id')
        .where('account_id', '=', accountId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst();
      if (!thread)
        await trx
          .insertInto('channel_threads')
          .values({
            conversation_id: conversationId,
            account_id: accountId,
            channel_id: channel.id,
            kind: 'email',
            reply_token: randomBytes(12).toString('hex'),
            peer: customerAddress,
            created_at: at,
          })
          .execute();
    },
  });

  let acknowledged = false;
  if (stored.created && !stored.duplicate && settings.acknowledgement && !automatic && !forwardedByAgent) {
    acknowledged = await acknowledge(deps, {
      accountId,
      conversationId: stored.conversationId,
      inboxId: channel.inboxId,
    });
  }
  return {
    outcome: 'stored',
    conversationId: stored.conversationId,
    messageId: stored.messageId,
    created: stored.created,
    duplicate: stored.duplicate,
    threadedBy: match.by,
    acknowledged,
  };
}

/** The one automatic acknowledgement of a new email conversation, with the inbox's honest quote. */
async function acknowledge(
  deps: EmailIngestDeps,
  input: { accountId: string; conversationId: string; inboxId: string },
): Promise<boolean> {
  const inbox = await findInbox(deps.db, { accountId: input.accountId, inboxId: input.inboxId });
  const conversation = await deps.db
    .selectFrom('conversations')
    .innerJoin('customers', 'customers.id', 'conversations.customer_id')
    .select(['conversations.number', 'customers.name'])
    .where('conversations.account_id', '=', input.accountId)
    .where('conversations.id', '=', input.conversationId)
    .executeTakeFirst();
  if (!inbox || !conversation) return false;
  const quote = await deps.quotes.quoteFor({
    accountId: input.accountId,
    inboxId: input.inboxId,
    channel: 'email',
    at: deps.clock.now(),
    conversationId: input.conversationId,
  });
  await addSystemMessage(deps, {
    accountId: input.accountId,
    conversationId: input.conversationId,
    body: acknowledgementText({ customerName: conversation.name, number: Number(conversation.number), quote }),
  });
  return true;
}
