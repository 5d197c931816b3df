import type { Readable } from 'node:stream';
import type {
  Attachment,
  WidgetConversation,
  WidgetInbox,
  WidgetMessage,
  WidgetSendBody,
  WidgetSendResult,
  WidgetSession,
  WidgetSessionBody,
  WidgetSettings,
} from '@rapport/contracts';
import { businessHoursSchema, defaultBusinessHours, widgetMessageMaxLength } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { JobQueue } from '../../jobs/queue.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { withEvents } from '../../platform/events/with-events.ts';
import { newId, newSecret } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { readJson } from '../../storage/dialect.ts';
import { attachmentErrors } from '../attachments/attachments.errors.ts';
import { attachUploads, findAttachment, toAttachment } from '../attachments/attachments.repository.ts';
import { storeUpload } from '../attachments/attachments.service.ts';
import type { BlobStore } from '../attachments/blob-store.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { setMessageAttachments } from '../conversations/conversations.repository.ts';
import { addMessage, createConversation } from '../conversations/conversations.service.ts';
import {
  findCustomerIdByIdentity,
  findCustomerRow,
  insertIdentity,
  updateCustomerRow,
} from '../customers/customers.repository.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { inboxErrors } from '../inboxes/inboxes.errors.ts';
import { isWithinBusinessHours, nextOpening } from '../inboxes/inboxes.rules.ts';
import { findQuoteOfConversation } from '../quotes/quotes.repository.ts';
import { issueQuote, previewQuote, quoteKeptRate, toWidgetQuote } from '../quotes/quotes.service.ts';
import { chatErrors } from './chat.errors.ts';
import {
  findInboxForWidget,
  findWidgetSettings,
  listVisitorConversations,
  listVisitorMessages,
  upsertWidgetSecret,
} from './chat.repository.ts';
import { embedSnippet, isValidUserSignature, visitorKey, widgetExternalId } from './chat.rules.ts';

export interface ChatDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  jobs: JobQueue;
  publicUrl: string;
  attachments: { blobs: BlobStore; maxBytes: number };
}

// A chat is no place for very large files; the account-wide limit applies when it is lower.
const WIDGET_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const widgetAttachmentLimit = (deps: Pick<ChatDeps, 'attachments'>) =>
  Math.min(deps.attachments.maxBytes, WIDGET_ATTACHMENT_MAX_BYTES);

/** A widget visitor: the inbox they write to and, once they have written, the customer they are. */
export interface Visitor {
  accountId: string;
  inboxId: string;
  /** SHA-256 of the visitor id: the value of their `chat_visitor` identity. */
  key: string;
  customerId: string | null;
}

const HISTORY_LIMIT = 200;

/** The chat channel brings customers' messages in as an integration would, acting for no person. */
function channelCaller(accountId: string): Caller {
  return { accountId, userId: 'channel:chat', role: 'agent', via: 'channel' };
}

async function getWidgetInboxRow(db: Executor, inboxId: string) {
  const inbox = await findInboxForWidget(db, { inboxId });
  if (!inbox) throw chatErrors.inboxNotFound();
  return inbox;
}

/** The customer a customer id now stands for, following merges. */
async function currentCustomerId(db: Executor, accountId: string, customerId: string): Promise<string | null> {
  let row = await findCustomerRow(db, { accountId, customerId });
  for (let hops = 0; row?.merged_into_id && hops < 20; hops++) {
    row = await findCustomerRow(db, { accountId, customerId: row.merged_into_id });
  }
  return row?.id ?? null;
}

/** Who a visitor id is in an inbox's account. An unknown id is a visitor who has not written yet. */
export async function resolveVisitor(db: Executor, input: { inboxId: string; visitorId: string }): Promise<Visitor> {
  const inbox = await getWidgetInboxRow(db, input.inboxId);
  const key = visitorKey(input.visitorId);
  const customerId = await findCustomerIdByIdentity(db, {
    accountId: inbox.account_id,
    kind: 'chat_visitor',
    value: key,
  });
  return {
    accountId: inbox.account_id,
    inboxId: inbox.id,
    key,
    customerId: customerId ? await currentCustomerId(db, inbox.account_id, customerId) : null,
  };
}

/** What the widget shows before anyone writes: is the team in, what would a customer be quoted, how often quotes hold. */
export async function getWidgetInbox(
  deps: Pick<ChatDeps, 'db' | 'clock' | 'attachments'>,
  input: { inboxId: string },
): Promise<WidgetInbox> {
  const row = await getWidgetInboxRow(deps.db, input.inboxId);
  const parsed = businessHoursSchema.safeParse(readJson(row.business_hours, defaultBusinessHours));
  const hours = parsed.success ? parsed.data : defaultBusinessHours;
  const now = deps.clock.now();
  const open = isWithinBusinessHours(hours, row.time_zone, now);
  const back = open ? undefined : nextOpening(hours, row.time_zone, now.getTime());
  const [quote, keptRate] = await Promise.all([
    previewQuote(deps, { accountId: row.account_id, inboxId: row.id, channel: 'chat' }),
    quoteKeptRate(deps, { accountId: row.account_id, inboxId: row.id }),
  ]);
  return {
    id: row.id,
    name: row.name,
    open,
    backAt: back === undefined ? null : new Date(back).toISOString(),
    quote: toWidgetQuote(quote),
    keptRate,
    limits: { messageLength: widgetMessageMaxLength, attachmentBytes: widgetAttachmentLimit(deps) },
  };
}

async function widgetConversation(db: Executor, accountId: string, conversation: { id: string; status: string }) {
  const quote = await findQuoteOfConversation(db, { accountId, conversationId: conversation.id });
  return { id: conversation.id, status: conversation.status, quote: quote ? toWidgetQuote(quote) : null };
}

/** The visitor's conversations in this inbox: ids for reading messages, and the one a new message goes to. */
export async function visitorConversations(db: Executor, visitor: Visitor) {
  if (!visitor.customerId) return { ids: [] as string[], current: undefined };
  const rows = await listVisitorConversations(db, {
    accountId: visitor.accountId,
    customerId: visitor.customerId,
    inboxId: visitor.inboxId,
  });
  return { ids: rows.map((row) => row.id), current: rows[0] };
}

/**
 * Opens (or reopens) the widget for a visitor: checks a signed user id if the site gave one and
 * attaches the visitor to that customer; otherwise the visitor stays anonymous until they write.
 * A name, email, language or time zone given is kept on the customer when there is one.
 */
export async function startWidgetSession(
  deps: ChatDeps,
  input: { inboxId: string; visitorId: string; body: WidgetSessionBody },
): Promise<WidgetSession> {
  let visitor = await resolveVisitor(deps.db, input);
  const at = deps.clock.now().toISOString();
  let verified = false;
  if (input.body.user) {
    const settings = await findWidgetSettings(deps.db, { accountId: visitor.accountId, inboxId: visitor.inboxId });
    verified =
      settings !== undefined && isValidUserSignature(settings.secret, input.body.user.id, input.body.user.signature);
    if (verified) {
      const user = input.body.user;
      await withEvents(deps, async (trx, record) => {
        const { customerId } = await findOrCreateCustomer(trx, record, {
          accountId: visitor.accountId,
          identity: { kind: 'site_user', value: user.id },
          name: input.body.name,
          at,
        });
        // The visitor id now stands for this known customer; an earlier anonymous customer keeps
        // its conversations (merging is a person's decision).
        const moved = await trx
          .updateTable('customer_identities')
          .set({ customer_id: customerId })
          .where('account_id', '=', visitor.accountId)
          .where('channel', '=', 'chat_visitor')
          .where('value', '=', visitor.key)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) {
          await insertIdentity(trx, {
            id: newId(),
            accountId: visitor.accountId,
            customerId,
            kind: 'chat_visitor',
            value: visitor.key,
            at,
          });
        }
      });
      visitor = await resolveVisitor(deps.db, input);
    }
  }
  if (visitor.customerId) await keepCustomerDetails(deps, visitor, input.body, at);
  const [{ ids, current }, inbox] = await Promise.all([
    visitorConversations(deps.db, visitor),
    getWidgetInbox(deps, { inboxId: visitor.inboxId }),
  ]);
  const customer = visitor.customerId
    ? await deps.db
        .selectFrom('customers')
        .select('name')
        .where('account_id', '=', visitor.accountId)
        .where('id', '=', visitor.customerId)
        .executeTakeFirst()
    : undefined;
  const email = visitor.customerId
    ? await deps.db
        .selectFrom('customer_identities')
        .select('value')
        .where('account_id', '=', visitor.accountId)
        .where('customer_id', '=', visitor.customerId)
        .where('channel', '=', 'email')
        .executeTakeFirst()
    : undefined;
  return {
    verified,
    customer: { name: customer?.name ?? null, email: email?.value ?? null },
    conversation: current ? await widgetConversation(deps.db, visitor.accountId, current) : null,
    messages: await listVisitorMessages(deps.db, {
      accountId: visitor.accountId,
      inboxId: visitor.inboxId,
      conversationIds: ids,
      limit: HISTORY_LIMIT,
    }),
    inbox,
  };
}

/**
 * Keeps what the visitor told us. An email already known as another customer is not attached (a
 * visitor could otherwise claim someone's history); the team gets a note to merge if it is the
 * same person.
 */
async function keepCustomerDetails(
  deps: ChatDeps,
  visitor: Visitor,
  details: {
    name?: string | undefined;
    email?: string | undefined;
    language?: string | undefined;
    timeZone?: string | undefined;
  },
  at: string,
): Promise<void> {
  const customerId = visitor.customerId;
  if (!customerId) return;
  await withEvents(deps, async (trx, record) => {
    const row = await findCustomerRow(trx, { accountId: visitor.accountId, customerId });
    if (!row) return;
    const changes: Parameters<typeof updateCustomerRow>[1]['changes'] = {};
    if (details.name && details.name !== row.name) changes.name = details.name;
    if (details.language && !row.language) changes.language = details.language;
    if (details.timeZone && !row.time_zone && isTimeZone(details.timeZone)) changes.time_zone = details.timeZone;
    if (Object.keys(changes).length > 0) {
      await updateCustomerRow(trx, { accountId: visitor.accountId, customerId, changes, at });
      await record({ accountId: visitor.accountId, name: 'customer.updated', payload: { customerId }, at });
    }
    if (!details.email) return;
    const email = details.email.trim().toLowerCase();
    const owner = await findCustomerIdByIdentity(trx, { accountId: visitor.accountId, kind: 'email', value: email });
    if (owner === customerId) return;
    if (!owner) {
      await insertIdentity(trx, {
        id: newId(),
        accountId: visitor.accountId,
        customerId,
        kind: 'email',
        value: email,
        at,
      });
      await record({ accountId: visitor.accountId, name: 'customer.updated', payload: { customerId }, at });
      return;
    }
    const { current } = await visitorConversations(trx, visitor);
    if (!current) return;
    const { messageId } = await trx
      .insertInto('messages')
      .values({
        id: newId(),
        account_id: visitor.accountId,
        conversation_id: current.id,
        direction: 'note',
        author_type: 'system',
        author_user_id: null,
        author_customer_id: null,
        channel: 'chat',
        body: `The visitor left the email ${email}, which belongs to another customer. If it is the same person, merge the two customers.`,
        external_id: null,
        attachments: '[]',
        created_at: at,
      })
      .returning('id as messageId')
      .executeTakeFirstOrThrow();
    await record({
      accountId: visitor.accountId,
      name: 'message.created',
      payload: { conversationId: current.id, messageId, direction: 'note', raisedByUserId: null },
      at,
    });
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Name and email, given when the visitor chooses to ("leave your email and we'll reply there"). */
export async function updateWidgetContact(
  deps: ChatDeps,
  input: { inboxId: string; visitorId: string; name?: string | undefined; email?: string | undefined },
): Promise<{ customer: { name: string | null; email: string | null } }> {
  const visitor = await resolveVisitor(deps.db, input);
  if (!visitor.customerId) throw chatErrors.noConversation();
  await keepCustomerDetails(deps, visitor, input, deps.clock.now().toISOString());
  const row = await findCustomerRow(deps.db, { accountId: visitor.accountId, customerId: visitor.customerId });
  const email = await deps.db
    .selectFrom('customer_identities')
    .select('value')
    .where('account_id', '=', visitor.accountId)
    .where('customer_id', '=', visitor.customerId)
    .where('channel', '=', 'email')
    .executeTakeFirst();
  return { customer: { name: row?.name ?? null, email: email?.value ?? null } };
}

export async function listWidgetMessages(
  deps: Pick<ChatDeps, 'db'>,
  input: { inboxId: string; visitorId: string; after?: string | undefined },
): Promise<{ messages: WidgetMessage[] }> {
  const visitor = await resolveVisitor(deps.db, input);
  const { ids } = await visitorConversations(deps.db, visitor);
  return {
    messages: await listVisitorMessages(deps.db, {
      accountId: visitor.accountId,
      inboxId: visitor.inboxId,
      conversationIds: ids,
      afterId: input.after,
      limit: input.after ? 500 : HISTORY_LIMIT,
    }),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? '');
  const code = (error as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(text);
}

/**
 * A visitor's message: the first opens a conversation (and the customer, known by the visitor id)
 * and is quoted; later ones join the visitor's current conversation. The frame's client id makes a
 * retried send (after a lost connection) arrive once.
 */
export async function sendWidgetMessage(
  deps: ChatDeps,
  input: {
    inboxId: string;
    visitorId: string;
    body: WidgetSendBody;
    language?: string | undefined;
    timeZone?: string | undefined;
  },
): Promise<WidgetSendResult> {
  const visitor = await resolveVisitor(deps.db, input);
  const externalId = widgetExternalId(visitor.key, input.body.clientId);
  const caller = channelCaller(visitor.accountId);
  const existing = () =>
    deps.db
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('account_id', '=', visitor.accountId)
      .where('channel', '=', 'chat')
      .where('external_id', '=', externalId)
      .executeTakeFirst();
  const answer = async (found: { id: string; conversation_id: string }, duplicate: boolean) => {
    const [message] = await listVisitorMessages(deps.db, {
      accountId: visitor.accountId,
      inboxId: visitor.inboxId,
      conversationIds: [found.conversation_id],
      messageIds: [found.id],
      limit: 1,
    });
    const conversation = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status'])
      .where('account_id', '=', visitor.accountId)
      .where('id', '=', found.conversation_id)
      .executeTakeFirstOrThrow();
    if (!message) throw chatErrors.noConversation();
    return {
      message,
      conversation: (await widgetConversation(deps.db, visitor.accountId, conversation)) as WidgetConversation,
      duplicate,
    };
  };
  const already = await existing();
  if (already) return answer(already, true);

  const { current } = await visitorConversations(deps.db, visitor);
  const attachmentIds = input.body.attachmentIds ?? [];
  if (attachmentIds.length > 0) await checkUnsentUploads(deps.db, visitor, attachmentIds);
  try {
    if (current && current.status !== 'closed') {
      const { message, duplicate } = await addMessage(deps, caller, {
        conversationId: current.id,
        direction: 'inbound',
        body: input.body.body,
        channel: 'chat',
        externalId,
        attachmentIds: input.body.attachmentIds,
      });
      // A copy of the same send that committed first (checked again inside the transaction).
      return answer({ id: message.id, conversation_id: current.id }, duplicate);
    }
    const { conversation, created: opened } = await createConversation(deps, caller, {
      inboxId: visitor.inboxId,
      customer: visitor.customerId
        ? { id: visitor.customerId }
        : { identity: { kind: 'chat_visitor', value: visitor.key } },
      channel: 'chat',
      message: { body: input.body.body, externalId },
    });
    if (!opened) {
      const stored = await existing();
      if (stored) return answer(stored, true);
    }
    if (attachmentIds.length > 0) {
      // The first message's files join it once it exists (opening a conversation takes no files).
      await deps.db.transaction().execute(async (trx) => {
        const first = await trx
          .selectFrom('messages')
          .select(['id', 'author_customer_id'])
          .where('account_id', '=', visitor.accountId)
          .where('channel', '=', 'chat')
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow();
        const attachments = await attachUploads(trx, {
          accountId: visitor.accountId,
          attachmentIds,
          conversationId: conversation.id,
          messageId: first.id,
          uploadedBy: { customerId: first.author_customer_id ?? '' },
        });
        await setMessageAttachments(trx, { accountId: visitor.accountId, messageId: first.id, attachments });
      });
    }
    await issueQuote(deps, { accountId: visitor.accountId, conversationId: conversation.id });
    const created = await resolveVisitor(deps.db, input);
    if (created.customerId) {
      await keepCustomerDetails(
        deps,
        created,
        { language: input.language, timeZone: input.timeZone },
        conversation.createdAt,
      );
    }
    const stored = await existing();
    if (!stored) throw chatErrors.noConversation();
    return answer(stored, false);
  } catch (error) {
    // The same send arrived twice at once (a retry racing the original): the other one stored it.
    if (!isUniqueViolation(error)) throw error;
    const stored = await existing();
    if (!stored) throw error;
    return answer(stored, true);
  }
}

/** Files named in a send must be this visitor's own uploads, not sent yet: checked before anything is stored. */
async function checkUnsentUploads(db: Executor, visitor: Visitor, attachmentIds: string[]): Promise<void> {
  const ids = [...new Set(attachmentIds)];
  const mine = visitor.customerId
    ? await db
        .selectFrom('attachments')
        .select('id')
        .where('account_id', '=', visitor.accountId)
        .where('id', 'in', ids)
        .where('uploaded_by_customer_id', '=', visitor.customerId)
        .where('message_id', 'is', null)
        .execute()
    : [];
  if (mine.length !== ids.length) throw attachmentErrors.unavailable();
}

/** Makes the visitor a customer if they are not one yet (their first upload can come before their first message). */
async function ensureCustomer(deps: ChatDeps, input: { inboxId: string; visitorId: string }): Promise<Visitor> {
  const visitor = await resolveVisitor(deps.db, input);
  if (visitor.customerId) return visitor;
  await withEvents(deps, async (trx, record) => {
    await findOrCreateCustomer(trx, record, {
      accountId: visitor.accountId,
      identity: { kind: 'chat_visitor', value: visitor.key },
      at: deps.clock.now().toISOString(),
    });
  });
  return resolveVisitor(deps.db, input);
}

const widgetFileUrl = (inboxId: string, attachmentId: string) =>
  `/api/v1/widget/inboxes/${inboxId}/attachments/${attachmentId}`;

/** A file the visitor is about to send, within the widget's size limit and the accepted types. */
export async function uploadWidgetAttachment(
  deps: ChatDeps,
  input: { inboxId: string; visitorId: string; name: string | undefined; contentType: string; source: Readable },
): Promise<{ attachment: Attachment }> {
  const visitor = await ensureCustomer(deps, input);
  const attachment = await storeUpload(
    {
      db: deps.db,
      clock: deps.clock,
      jobs: deps.jobs,
      blobs: deps.attachments.blobs,
      maxBytes: widgetAttachmentLimit(deps),
    },
    {
      accountId: visitor.accountId,
      uploadedBy: { customerId: visitor.customerId ?? '' },
      name: input.name,
      contentType: input.contentType,
      source: input.source,
    },
  );
  return { attachment: { ...attachment, url: widgetFileUrl(visitor.inboxId, attachment.id) } };
}

/**
 * A file the visitor may open: one on a message of their own conversations that they can see
 * (never an internal note's), or their own upload not sent yet. Anything else is "not found".
 */
export async function openWidgetAttachment(
  deps: ChatDeps,
  input: { inboxId: string; visitorId: string; attachmentId: string },
): Promise<{ attachment: Attachment; content: Readable }> {
  const visitor = await resolveVisitor(deps.db, input);
  const row = visitor.customerId
    ? await findAttachment(deps.db, { accountId: visitor.accountId, attachmentId: input.attachmentId })
    : undefined;
  if (!row || !visitor.customerId) throw attachmentErrors.notFound();
  if (row.message_id) {
    const { ids } = await visitorConversations(deps.db, visitor);
    const message = await deps.db
      .selectFrom('messages')
      .select(['direction', 'conversation_id'])
      .where('account_id', '=', visitor.accountId)
      .where('id', '=', row.message_id)
      .executeTakeFirst();
    if (!message || message.direction === 'note' || !ids.includes(message.conversation_id))
      throw attachmentErrors.notFound();
  } else if (row.uploaded_by_customer_id !== visitor.customerId) {
    throw attachmentErrors.notFound();
  }
  return {
    attachment: { ...toAttachment(row), url: widgetFileUrl(visitor.inboxId, row.id) },
    content: await deps.attachments.blobs.read(row.storage_key),
  };
}

/** The inbox's widget settings for an admin; the secret is made on first use. */
export async function getWidgetSettings(
  deps: Pick<ChatDeps, 'db' | 'clock' | 'publicUrl'>,
  caller: Caller,
  input: { inboxId: string; rotate?: boolean },
): Promise<{ widget: WidgetSettings }> {
  const inbox = await findInboxForWidget(deps.db, { inboxId: input.inboxId });
  if (!inbox || inbox.account_id !== caller.accountId) throw inboxErrors.notFound();
  const at = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await upsertWidgetSecret(trx, {
      accountId: caller.accountId,
      inboxId: inbox.id,
      secret: newSecret('wsec_'),
      at,
      replace: input.rotate === true,
    });
    if (input.rotate) {
      await insertAuditEntry(trx, {
        accountId: caller.accountId,
        actorUserId: caller.userId,
        action: 'inbox.widget_secret_replaced',
        subjectType: 'inbox',
        subjectId: inbox.id,
        data: {},
        at,
      });
    }
  });
  const settings = await findWidgetSettings(deps.db, { accountId: caller.accountId, inboxId: inbox.id });
  if (!settings) throw inboxErrors.notFound();
  return {
    widget: { inboxId: inbox.id, secret: settings.secret, snippet: embedSnippet(deps.publicUrl, inbox.id) },
  };
}
