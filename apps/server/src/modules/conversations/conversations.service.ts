import { conversationFrustration } from '@rapport/coach';
import type {
  Channel,
  Conversation,
  ConversationListQuery,
  ConversationStatus,
  IdentityKind,
  Message,
  MessageDirection,
  Priority,
} from '@rapport/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { JobQueue } from '../../jobs/queue.ts';
import { appError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { type RecordEvent, withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { attachUploads } from '../attachments/attachments.repository.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { assignWaitingConversations, autoAssign, changeOwner, teamIdsOf } from './assignment.service.ts';
import { conversationErrors } from './conversations.errors.ts';
import { canActAsOwner, canSeeConversation, isWorker } from './conversations.policy.ts';
import {
  type ConversationFilter,
  countConversationRows,
  findConversationRow,
  hydrateConversations,
  insertConversation,
  insertMessage,
  insertPriorityChange,
  listConversationRows,
  listMessages,
  listOwnershipEvents,
  listPriorityChanges,
  nextConversationNumber,
  raisePriorityIfStill,
  recentExchange,
  replaceConversationTags,
  setMessageAttachments,
  updateConversationIfVersion,
  updateConversationRow,
} from './conversations.repository.ts';
import {
  activeStatuses,
  canTransition,
  decodeCursor,
  encodeCursor,
  isActive,
  priorityAfterFrustration,
  statusAfterCustomerMessage,
  unownedMsAt,
} from './conversations.rules.ts';
import type { ConversationRow } from './conversations.tables.ts';
import { cancelPendingHandoffs } from './handoffs.repository.ts';

export interface ConversationsDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  jobs: JobQueue;
}

/** The conversation if this caller may see it; another account's or another advocate's is "not found". */
export async function getVisibleConversationRow(
  db: Executor,
  caller: Caller,
  conversationId: string,
): Promise<ConversationRow> {
  const row = await findConversationRow(db, { accountId: caller.accountId, conversationId });
  if (!row || !canSeeConversation(caller, row)) throw conversationErrors.notFound();
  return row;
}

async function hydrateOne(db: Executor, row: ConversationRow): Promise<Conversation> {
  const [conversation] = await hydrateConversations(db, row.account_id, [row]);
  if (!conversation) throw conversationErrors.notFound();
  return conversation;
}

export async function getConversation(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const row = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return { conversation: await hydrateOne(deps.db, row) };
}

function messageEventPayload(conversation: ConversationRow, messageId: string, direction: MessageDirection) {
  return { conversationId: conversation.id, messageId, direction, raisedByUserId: conversation.raised_by_user_id };
}

/** How many of the latest messages the frustration reading looks at (it keeps the customer's last 5). */
const FRUSTRATION_WINDOW = 40;

/**
 * Issue 7: a customer message that reads as frustrated raises the conversation's priority one step
 * (never down, never past high). Runs in the transaction that stored the message, on every path a
 * customer message takes (new conversation, reply by any channel); the unique message id on the
 * change row makes it once per message, and the conditional update one step per raise.
 */
async function raisePriorityIfFrustrated(
  trx: Executor,
  record: RecordEvent,
  input: { conversation: ConversationRow; messageId: string; at: string; now: Date },
): Promise<void> {
  const { conversation, at } = input;
  if (!priorityAfterFrustration(conversation.priority, true)) return;
  const messages = await recentExchange(trx, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    limit: FRUSTRATION_WINDOW,
  });
  const reading = conversationFrustration(
    messages.map((m) => ({ direction: m.direction, body: m.body, at: m.created_at })),
    input.now,
  );
  const to = priorityAfterFrustration(conversation.priority, reading.level === 'frustrated');
  if (!to) return;
  const raised = await raisePriorityIfStill(trx, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    from: conversation.priority,
    to,
    at,
  });
  if (!raised) return;
  const cues = reading.cues.slice(0, 3);
  await insertPriorityChange(trx, {
    id: newId(),
    account_id: conversation.account_id,
    conversation_id: conversation.id,
    from_priority: conversation.priority,
    to_priority: to,
    cause: 'frustration',
    message_id: input.messageId,
    cues: JSON.stringify(cues),
    actor_user_id: null,
    created_at: at,
  });
  await record({
    accountId: conversation.account_id,
    name: 'conversation.priority_raised',
    payload: {
      conversationId: conversation.id,
      messageId: input.messageId,
      from: conversation.priority,
      to,
      cause: 'frustration',
      cues,
      raisedByUserId: conversation.raised_by_user_id,
    },
    at,
  });
}

/** Freeing capacity can let waiting conversations move; run after the change has committed. */
async function afterCapacityFreed(
  deps: ConversationsDeps,
  accountId: string,
  ownerUserId: string | null,
): Promise<void> {
  if (!ownerUserId) return;
  await assignWaitingConversations(deps, {
    accountId,
    teamIds: await teamIdsOf(deps.db, { accountId, userId: ownerUserId }),
  });
}

export interface CreateConversationInput {
  inboxId: string;
  customer: { id: string } | { identity: { kind: IdentityKind; value: string }; name?: string | undefined };
  subject?: string | undefined;
  channel: Channel;
  message: { body: string; externalId?: string | undefined };
  priority?: Priority | undefined;
  tags?: string[] | undefined;
  /** Raised by an employee on the customer's behalf; always so for advocates. */
  raisedOnBehalf?: boolean | undefined;
}

function subjectFrom(body: string): string {
  const firstLine =
    body
      .split('\n')
      .find((line) => line.trim().length > 0)
      ?.trim() ?? '';
  return firstLine.length > 80 ? `${firstLine.slice(0, 77)}…` : firstLine || 'New conversation';
}

/**
 * Opens a conversation with its first message (or, for a case raised on a customer's behalf,
 * the raiser's note), owned by the inbox's team and assigned at once when someone can take it.
 * A repeated request with the same message external id returns the conversation already made.
 */
export async function createConversation(
  deps: ConversationsDeps,
  caller: Caller,
  input: CreateConversationInput,
): Promise<{ conversation: Conversation; created: boolean }> {
  const found = await findInbox(deps.db, { accountId: caller.accountId, inboxId: input.inboxId });
  if (!found) throw conversationErrors.inboxNotFound();
  const teamId = found.inbox.teamId;
  if (!teamId) throw conversationErrors.inboxWithoutTeam();
  const onBehalf = caller.role === 'advocate' || input.raisedOnBehalf === true;
  const at = deps.clock.now().toISOString();

  const result = await withEvents(deps, async (trx, record) => {
    if (input.message.externalId) {
      const existing = await trx
        .selectFrom('messages')
        .select('conversation_id')
        .where('account_id', '=', caller.accountId)
        .where('channel', '=', input.channel)
        .where('external_id', '=', input.message.externalId)
        .executeTakeFirst();
      if (existing) return { conversationId: existing.conversation_id, created: false };
    }
    let customerId: string;
    if ('id' in input.customer) {
      const customer = await findCustomerRow(trx, { accountId: caller.accountId, customerId: input.customer.id });
      if (!customer) throw conversationErrors.customerNotFound();
      customerId = customer.merged_into_id ?? customer.id;
    } else {
      ({ customerId } = await findOrCreateCustomer(trx, record, {
        accountId: caller.accountId,
        identity: input.customer.identity,
        name: input.customer.name,
        at,
      }));
    }
    const conversation: ConversationRow = {
      id: newId(),
      account_id: caller.accountId,
      number: await nextConversationNumber(trx, { accountId: caller.accountId }),
      inbox_id: input.inboxId,
      customer_id: customerId,
      subject: input.subject ?? subjectFrom(input.message.body),
      status: 'open',
      priority: input.priority ?? 'normal',
      channel: input.channel,
      owner_user_id: null,
      owner_team_id: teamId,
      version: 1,
      raised_by_user_id: onBehalf ? caller.userId : null,
      contact_reason: null,
      abuse_flagged_at: null,
      abuse_flagged_by: null,
      abuse_reason: null,
      reopen_count: 0,
      unowned_since: at,
      unowned_ms: 0,
      last_message_at: at,
      last_inbound_at: onBehalf ? null : at,
      first_human_response_at: null,
      resolved_at: null,
      closed_at: null,
      created_at: at,
      updated_at: at,
    };
    await insertConversation(trx, conversation);
    const { messageId } = await insertMessage(trx, {
      id: newId(),
      account_id: caller.accountId,
      conversation_id: conversation.id,
      direction: onBehalf ? 'note' : 'inbound',
      author_type: onBehalf ? 'user' : 'customer',
      author_user_id: onBehalf ? caller.userId : null,
      author_customer_id: onBehalf ? null : customerId,
      channel: input.channel,
      body: input.message.body,
      external_id: input.message.externalId ?? null,
      attachments: [],
      created_at: at,
    });
    if (input.tags?.length)
      await replaceConversationTags(trx, {
        accountId: caller.accountId,
        conversationId: conversation.id,
        tags: input.tags,
      });
    await record({
      accountId: caller.accountId,
      name: 'conversation.created',
      payload: {
        conversationId: conversation.id,
        number: conversation.number,
        teamId,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
    await record({
      accountId: caller.accountId,
      name: 'message.created',
      payload: messageEventPayload(conversation, messageId, onBehalf ? 'note' : 'inbound'),
      at,
    });
    if (!onBehalf) await raisePriorityIfFrustrated(trx, record, { conversation, messageId, at, now: new Date(at) });
    await autoAssign(trx, record, { conversation, at, preferPreviousOwner: true });
    return { conversationId: conversation.id, created: true };
  });
  const row = await findConversationRow(deps.db, {
    accountId: caller.accountId,
    conversationId: result.conversationId,
  });
  if (!row) throw conversationErrors.notFound();
  return { conversation: await hydrateOne(deps.db, row), created: result.created };
}

export interface AddMessageInput {
  conversationId: string;
  direction: MessageDirection;
  body: string;
  channel?: Channel | undefined;
  externalId?: string | undefined;
  /** Uploads by the caller (see modules/attachments) sent with this message. */
  attachmentIds?: string[] | undefined;
}

/**
 * Adds a message. A customer message reopens a resolved conversation (counted as a reopen) and
 * brings a waiting one back to open; an agent's first reply records the first human response.
 */
export async function addMessage(
  deps: ConversationsDeps,
  caller: Caller,
  input: AddMessageInput,
): Promise<{ message: Message; duplicate: boolean }> {
  const at = deps.clock.now().toISOString();
  if (caller.role === 'advocate' && input.direction !== 'note') {
    throw appError(
      'forbidden',
      'conversation.advocate_notes_only',
      'Advocates add internal notes; the owner answers the customer.',
    );
  }
  const { messageId, duplicate } = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    const channel = input.channel ?? conversation.channel;
    if (input.externalId) {
      const existing = await trx
        .selectFrom('messages')
        .select('id')
        .where('account_id', '=', caller.accountId)
        .where('channel', '=', channel)
        .where('external_id', '=', input.externalId)
        .executeTakeFirst();
      if (existing) return { messageId: existing.id, duplicate: true };
    }
    if (conversation.status === 'closed') throw conversationErrors.closed();
    const fromCustomer = input.direction === 'inbound';
    const inserted = await insertMessage(trx, {
      id: newId(),
      account_id: caller.accountId,
      conversation_id: conversation.id,
      direction: input.direction,
      author_type: fromCustomer ? 'customer' : 'user',
      author_user_id: fromCustomer ? null : caller.userId,
      author_customer_id: fromCustomer ? conversation.customer_id : null,
      channel,
      body: input.body,
      external_id: input.externalId ?? null,
      attachments: [],
      created_at: at,
    });
    if (input.attachmentIds?.length) {
      const attachments = await attachUploads(trx, {
        accountId: caller.accountId,
        attachmentIds: input.attachmentIds,
        conversationId: conversation.id,
        messageId: inserted.messageId,
        uploadedBy: { userId: caller.userId },
      });
      await setMessageAttachments(trx, { accountId: caller.accountId, messageId: inserted.messageId, attachments });
    }
    const changes: Parameters<typeof updateConversationRow>[1]['changes'] = { last_message_at: at, updated_at: at };
    if (fromCustomer) {
      changes.last_inbound_at = at;
      const next = statusAfterCustomerMessage(conversation.status);
      if ('status' in next && next.status !== conversation.status) {
        changes.status = next.status;
        if (next.reopened) {
          changes.reopen_count = Number(conversation.reopen_count) + 1;
          changes.resolved_at = null;
        }
      }
    } else if (input.direction === 'outbound' && !conversation.first_human_response_at) {
      changes.first_human_response_at = at;
    }
    await updateConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id, changes });
    await record({
      accountId: caller.accountId,
      name: 'message.created',
      payload: messageEventPayload(conversation, inserted.messageId, input.direction),
      at,
    });
    if (fromCustomer) {
      await raisePriorityIfFrustrated(trx, record, {
        conversation,
        messageId: inserted.messageId,
        at,
        now: new Date(at),
      });
    }
    if (changes.status) {
      await record({
        accountId: caller.accountId,
        name: changes.reopen_count !== undefined ? 'conversation.reopened' : 'conversation.status_changed',
        payload: {
          conversationId: conversation.id,
          from: conversation.status,
          to: changes.status,
          raisedByUserId: conversation.raised_by_user_id,
        },
        at,
      });
      if (!conversation.owner_user_id) {
        const fresh = await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id });
        if (fresh) await autoAssign(trx, record, { conversation: fresh, at, preferPreviousOwner: true });
      }
    }
    return inserted;
  });
  const [message] = await listMessages(deps.db, {
    accountId: caller.accountId,
    conversationId: input.conversationId,
    messageIds: [messageId],
    includeNotes: true,
  });
  if (!message) throw conversationErrors.notFound();
  return { message, duplicate };
}

export async function getMessages(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return {
    messages: await listMessages(deps.db, {
      accountId: caller.accountId,
      conversationId: conversation.id,
      includeNotes: true,
    }),
  };
}

export async function getOwnershipHistory(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return {
    events: await listOwnershipEvents(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
  };
}

/** Priority changes Rapport made on its own, oldest first, with their reasons. */
export async function getPriorityChanges(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  input: { conversationId: string },
) {
  const conversation = await getVisibleConversationRow(deps.db, caller, input.conversationId);
  return {
    changes: await listPriorityChanges(deps.db, { accountId: caller.accountId, conversationId: conversation.id }),
  };
}

/** Moves a conversation between statuses along the allowed transitions; only its owner or an admin. */
export async function changeStatus(
  deps: ConversationsDeps,
  caller: Caller,
  input: { conversationId: string; status: ConversationStatus },
): Promise<{ conversation: Conversation }> {
  const at = deps.clock.now().toISOString();
  const { row, freedOwner } = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!canActAsOwner(caller, conversation)) throw conversationErrors.notOwner();
    if (conversation.status === input.status) return { row: conversation, freedOwner: null };
    if (!canTransition(conversation.status, input.status))
      throw conversationErrors.invalidTransition(conversation.status, input.status);
    const reopening = conversation.status === 'resolved' && input.status === 'open';
    const changes: Parameters<typeof updateConversationRow>[1]['changes'] = { status: input.status, updated_at: at };
    if (input.status === 'resolved') changes.resolved_at = at;
    if (input.status === 'closed') changes.closed_at = at;
    if (reopening) {
      changes.reopen_count = Number(conversation.reopen_count) + 1;
      changes.resolved_at = null;
    }
    // A conversation that stops being active also stops accruing unowned time.
    if (!isActive(input.status) && conversation.unowned_since) {
      changes.unowned_ms = unownedMsAt(
        { unownedMs: Number(conversation.unowned_ms), unownedSince: conversation.unowned_since },
        at,
      );
      changes.unowned_since = null;
    }
    if (reopening && !conversation.owner_user_id) changes.unowned_since = at;
    await updateConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id, changes });
    if (!isActive(input.status))
      await cancelPendingHandoffs(trx, { accountId: caller.accountId, conversationId: conversation.id, at });
    const payload = {
      conversationId: conversation.id,
      from: conversation.status,
      to: input.status,
      raisedByUserId: conversation.raised_by_user_id,
      actorUserId: caller.userId,
    };
    await record({ accountId: caller.accountId, name: 'conversation.status_changed', payload, at });
    if (input.status === 'resolved')
      await record({ accountId: caller.accountId, name: 'conversation.resolved', payload, at });
    if (input.status === 'closed')
      await record({ accountId: caller.accountId, name: 'conversation.closed', payload, at });
    if (reopening) await record({ accountId: caller.accountId, name: 'conversation.reopened', payload, at });
    const updated = await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id });
    const freed = isActive(conversation.status) && !isActive(input.status) ? conversation.owner_user_id : null;
    return { row: updated ?? conversation, freedOwner: freed };
  });
  await afterCapacityFreed(deps, caller.accountId, freedOwner);
  return { conversation: await hydrateOne(deps.db, row) };
}

export async function updateConversation(
  deps: ConversationsDeps,
  caller: Caller,
  input: {
    conversationId: string;
    subject?: string | undefined;
    priority?: Priority | undefined;
    contactReason?: string | null | undefined;
    tags?: string[] | undefined;
  },
): Promise<{ conversation: Conversation }> {
  const at = deps.clock.now().toISOString();
  const row = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!isWorker(caller)) throw conversationErrors.notOwner();
    await updateConversationRow(trx, {
      accountId: caller.accountId,
      conversationId: conversation.id,
      changes: {
        updated_at: at,
        ...(input.subject !== undefined ? { subject: input.subject } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.contactReason !== undefined ? { contact_reason: input.contactReason } : {}),
      },
    });
    if (input.tags)
      await replaceConversationTags(trx, {
        accountId: caller.accountId,
        conversationId: conversation.id,
        tags: input.tags,
      });
    await record({
      accountId: caller.accountId,
      name: 'conversation.updated',
      payload: { conversationId: conversation.id, raisedByUserId: conversation.raised_by_user_id },
      at,
    });
    return (
      (await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id })) ?? conversation
    );
  });
  return { conversation: await hydrateOne(deps.db, row) };
}

/** Takes an unowned conversation. Two agents claiming at once: exactly one wins, the other is told who. */
export async function claimConversation(
  deps: ConversationsDeps,
  caller: Caller,
  input: { conversationId: string },
): Promise<{ conversation: Conversation }> {
  const at = deps.clock.now().toISOString();
  // Thrown when another claim committed first; caught below to name the winner.
  const lostClaim = new Error('claim lost');
  const ownerName = async (db: Executor, userId: string | null) =>
    (userId &&
      (
        await db
          .selectFrom('users')
          .select('name')
          .where('account_id', '=', caller.accountId)
          .where('id', '=', userId)
          .executeTakeFirst()
      )?.name) ||
    'Someone else';
  const row = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!isActive(conversation.status)) throw conversationErrors.invalidTransition(conversation.status, 'claimed');
    if (conversation.owner_user_id === caller.userId) return conversation;
    if (conversation.owner_user_id)
      throw conversationErrors.alreadyOwned(await ownerName(trx, conversation.owner_user_id));
    await changeOwner(trx, record, {
      conversation,
      toUserId: caller.userId,
      kind: 'claimed',
      actorUserId: caller.userId,
      at,
      onConflict: () => lostClaim,
    });
    return (
      (await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id })) ?? conversation
    );
  }).catch(async (error: unknown) => {
    if (error !== lostClaim) throw error;
    // Lost the race: say who won, read after the winner committed.
    const now = await findConversationRow(deps.db, {
      accountId: caller.accountId,
      conversationId: input.conversationId,
    });
    throw conversationErrors.alreadyOwned(await ownerName(deps.db, now?.owner_user_id ?? null));
  });
  return { conversation: await hydrateOne(deps.db, row) };
}

/** An admin moves ownership directly, with a reason that is kept; pending handoffs are cancelled. */
export async function reassignConversation(
  deps: ConversationsDeps,
  caller: Caller,
  input: { conversationId: string; userId: string; reason: string },
): Promise<{ conversation: Conversation }> {
  const at = deps.clock.now().toISOString();
  const row = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!isActive(conversation.status)) throw conversationErrors.invalidTransition(conversation.status, 'reassigned');
    const target = await trx
      .selectFrom('users')
      .select('id')
      .where('account_id', '=', caller.accountId)
      .where('id', '=', input.userId)
      .where('deactivated_at', 'is', null)
      .where('role', 'in', ['agent', 'admin'])
      .executeTakeFirst();
    if (!target) throw conversationErrors.userNotAvailable();
    if (conversation.owner_user_id === target.id) return conversation;
    await cancelPendingHandoffs(trx, { accountId: caller.accountId, conversationId: conversation.id, at });
    await changeOwner(trx, record, {
      conversation,
      toUserId: target.id,
      kind: 'reassigned',
      actorUserId: caller.userId,
      reason: input.reason,
      at,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'conversation.reassigned',
      subjectType: 'conversation',
      subjectId: conversation.id,
      data: { from: conversation.owner_user_id, to: target.id, reason: input.reason },
      at,
    });
    return (
      (await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id })) ?? conversation
    );
  });
  return { conversation: await hydrateOne(deps.db, row) };
}

/**
 * An agent flags an abusive contact, with a reason. Flagged conversations are left out of that
 * agent's quality measures; the agent then hands it on with a handoff, without penalty.
 */
export async function flagAbusive(
  deps: ConversationsDeps,
  caller: Caller,
  input: { conversationId: string; reason: string },
): Promise<{ conversation: Conversation }> {
  const at = deps.clock.now().toISOString();
  const row = await withEvents(deps, async (trx, record) => {
    const conversation = await getVisibleConversationRow(trx, caller, input.conversationId);
    if (!canActAsOwner(caller, conversation)) throw conversationErrors.notOwner();
    if (conversation.abuse_flagged_at) throw conversationErrors.alreadyFlagged();
    const updated = await updateConversationIfVersion(trx, {
      accountId: caller.accountId,
      conversationId: conversation.id,
      expectedVersion: Number(conversation.version),
      changes: { abuse_flagged_at: at, abuse_flagged_by: caller.userId, abuse_reason: input.reason, updated_at: at },
    });
    if (!updated) throw conversationErrors.changed();
    await record({
      accountId: caller.accountId,
      name: 'conversation.flagged_abusive',
      payload: {
        conversationId: conversation.id,
        flaggedBy: caller.userId,
        raisedByUserId: conversation.raised_by_user_id,
      },
      at,
    });
    return (
      (await findConversationRow(trx, { accountId: caller.accountId, conversationId: conversation.id })) ?? conversation
    );
  });
  return { conversation: await hydrateOne(deps.db, row) };
}

type ViewQuery = Omit<ConversationListQuery, 'cursor' | 'limit'>;

/** Turns a view (mine, team, unowned…) and filters into one storage filter for this caller. */
async function viewFilter(
  db: Executor,
  caller: Caller,
  query: ViewQuery,
): Promise<Omit<ConversationFilter, 'limit' | 'after'>> {
  const statuses = query.status === 'active' ? activeStatuses : query.status ? [query.status] : undefined;
  const base = {
    accountId: caller.accountId,
    statuses,
    ownerUserId: query.ownerId,
    teamIds: query.teamId ? [query.teamId] : undefined,
    inboxId: query.inboxId,
    customerId: query.customerId,
    tag: query.tag,
    channel: query.channel,
    // Advocates only ever see the cases they raised, whatever view they ask for.
    raisedByUserId: caller.role === 'advocate' ? caller.userId : undefined,
  };
  const myTeams = () => teamIdsOf(db, { accountId: caller.accountId, userId: caller.userId });
  switch (query.view) {
    case 'mine':
      return { ...base, ownerUserId: caller.userId, statuses: statuses ?? activeStatuses };
    case 'team':
      return {
        ...base,
        teamIds: query.teamId ? [query.teamId] : await myTeams(),
        statuses: statuses ?? activeStatuses,
      };
    case 'unowned':
      return { ...base, ownerUserId: null, statuses: statuses ?? activeStatuses };
    case 'waiting_on_us':
      return { ...base, statuses: ['waiting_on_us'] };
    case 'handoffs_for_me':
      return { ...base, handoffsFor: { userId: caller.userId, teamIds: await myTeams() } };
    case 'raised_by_me':
      return { ...base, raisedByUserId: caller.userId };
    default:
      return base;
  }
}

/** The inbox views and filters, newest activity first, with an opaque cursor for the next page. */
export async function listConversations(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
  query: ConversationListQuery,
): Promise<{ conversations: Conversation[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !after) {
    throw appError('invalid', 'request.invalid', 'The cursor is not valid; start again from the first page.', {
      fields: { cursor: 'not valid' },
    });
  }
  const filter = await viewFilter(deps.db, caller, query);
  const rows = await listConversationRows(deps.db, { ...filter, after, limit: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    conversations: await hydrateConversations(deps.db, caller.accountId, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.last_message_at, last.id) : null,
  };
}

export const countedViews = ['mine', 'team', 'unowned', 'waiting_on_us', 'handoffs_for_me', 'raised_by_me'] as const;

/** How many conversations each inbox view holds for this caller, for the counts beside the views. */
export async function countConversationViews(
  deps: Pick<ConversationsDeps, 'db'>,
  caller: Caller,
): Promise<Record<(typeof countedViews)[number], number>> {
  const entries = await Promise.all(
    countedViews.map(
      async (view) =>
        [view, await countConversationRows(deps.db, await viewFilter(deps.db, caller, { view }))] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<(typeof countedViews)[number], number>;
}

/**
 * Sends a message to the customer on the desk's behalf (a check-in, a survey): outbound, authored
 * by the system, in the conversation's channel, where channel delivery picks it up. Runs in the
 * caller's transaction; does not change the status or count as a human response.
 */
export async function appendSystemMessage(
  trx: Executor,
  record: RecordEvent,
  input: { conversation: ConversationRow; body: string; at: string },
): Promise<{ messageId: string }> {
  const { conversation, at } = input;
  const { messageId } = await insertMessage(trx, {
    id: newId(),
    account_id: conversation.account_id,
    conversation_id: conversation.id,
    direction: 'outbound',
    author_type: 'system',
    author_user_id: null,
    author_customer_id: null,
    channel: conversation.channel,
    body: input.body,
    external_id: null,
    attachments: [],
    created_at: at,
  });
  await updateConversationRow(trx, {
    accountId: conversation.account_id,
    conversationId: conversation.id,
    changes: { last_message_at: at, updated_at: at },
  });
  await record({
    accountId: conversation.account_id,
    name: 'message.created',
    payload: messageEventPayload(conversation, messageId, 'outbound'),
    at,
  });
  return { messageId };
}

export type { RecordEvent };

/**
 * What a channel (email, a messaging webhook) hands over when a customer writes. There is no
 * signed-in user: the channel acts for the customer, so this is not reachable from HTTP routes
 * that take a Caller and cannot widen what a role may do.
 */
export interface CustomerMessageInput {
  accountId: string;
  inboxId: string;
  channel: Channel;
  customerId: string;
  /** The conversation the channel threaded this into; undefined (or closed) opens a new one. */
  conversationId?: string | undefined;
  subject?: string | undefined;
  body: string;
  /** Message-ID or the provider's message id: a second delivery of the same message is stored once. */
  externalId: string;
  /** Files stored for this customer with storeUpload, sent with this message. */
  attachmentIds?: string[] | undefined;
  /** Runs inside the same transaction once the message exists (e.g. to store email details). */
  alsoInTransaction?: (
    trx: Transaction<Database>,
    stored: { conversationId: string; messageId: string },
  ) => Promise<void>;
}

/** Finds or creates the customer a channel knows by an identity (an address, a chat id). */
export async function resolveChannelCustomer(
  deps: Pick<ConversationsDeps, 'db' | 'clock' | 'events'>,
  input: { accountId: string; identity: { kind: IdentityKind; value: string }; name?: string | undefined },
): Promise<{ customerId: string }> {
  const at = deps.clock.now().toISOString();
  return withEvents(deps, async (trx, record) => {
    const { customerId } = await findOrCreateCustomer(trx, record, { ...input, at });
    return { customerId };
  });
}

/**
 * Stores a customer's message from a channel: joins the given conversation (reopening a resolved
 * one, as for any customer message) or opens a new one with the inbox's team and auto-assignment.
 */
export async function receiveCustomerMessage(
  deps: ConversationsDeps,
  input: CustomerMessageInput,
): Promise<{ conversationId: string; messageId: string; created: boolean; duplicate: boolean }> {
  const at = deps.clock.now().toISOString();
  const { accountId } = input;
  return withEvents(deps, async (trx, record) => {
    const existing = await trx
      .selectFrom('messages')
      .select(['id', 'conversation_id'])
      .where('account_id', '=', accountId)
      .where('channel', '=', input.channel)
      .where('external_id', '=', input.externalId)
      .executeTakeFirst();
    if (existing)
      return { conversationId: existing.conversation_id, messageId: existing.id, created: false, duplicate: true };
    let conversation = input.conversationId
      ? await findConversationRow(trx, { accountId, conversationId: input.conversationId })
      : undefined;
    if (conversation?.status === 'closed') conversation = undefined;
    const created = !conversation;
    if (!conversation) {
      const found = await findInbox(trx, { accountId, inboxId: input.inboxId });
      if (!found) throw conversationErrors.inboxNotFound();
      const teamId = found.inbox.teamId;
      if (!teamId) throw conversationErrors.inboxWithoutTeam();
      conversation = {
        id: newId(),
        account_id: accountId,
        number: await nextConversationNumber(trx, { accountId }),
        inbox_id: input.inboxId,
        customer_id: input.customerId,
        subject: input.subject?.trim().slice(0, 300) || subjectFrom(input.body),
        status: 'open',
        priority: 'normal',
        channel: input.channel,
        owner_user_id: null,
        owner_team_id: teamId,
        version: 1,
        raised_by_user_id: null,
        contact_reason: null,
        abuse_flagged_at: null,
        abuse_flagged_by: null,
        abuse_reason: null,
        reopen_count: 0,
        unowned_since: at,
        unowned_ms: 0,
        last_message_at: at,
        last_inbound_at: at,
        first_human_response_at: null,
        resolved_at: null,
        closed_at: null,
        created_at: at,
        updated_at: at,
      };
      await insertConversation(trx, conversation);
      await record({
        accountId,
        name: 'conversation.created',
        payload: { conversationId: conversation.id, number: conversation.number, teamId, raisedByUserId: null },
        at,
      });
    }
    const { messageId } = await insertMessage(trx, {
      id: newId(),
      account_id: accountId,
      conversation_id: conversation.id,
      direction: 'inbound',
      author_type: 'customer',
      author_user_id: null,
      author_customer_id: input.customerId,
      channel: input.channel,
      body: input.body,
      external_id: input.externalId,
      attachments: [],
      created_at: at,
    });
    if (input.attachmentIds?.length) {
      const attachments = await attachUploads(trx, {
        accountId,
        attachmentIds: input.attachmentIds,
        conversationId: conversation.id,
        messageId,
        uploadedBy: { customerId: input.customerId },
      });
      await setMessageAttachments(trx, { accountId, messageId, attachments });
    }
    await input.alsoInTransaction?.(trx, { conversationId: conversation.id, messageId });
    let statusChanged = false;
    if (!created) {
      const changes: Parameters<typeof updateConversationRow>[1]['changes'] = {
        last_message_at: at,
        last_inbound_at: at,
        updated_at: at,
      };
      const statusChange = statusAfterCustomerMessage(conversation.status);
      if ('status' in statusChange && statusChange.status !== conversation.status) {
        statusChanged = true;
        changes.status = statusChange.status;
        if (statusChange.reopened) {
          changes.reopen_count = Number(conversation.reopen_count) + 1;
          changes.resolved_at = null;
        }
      }
      await updateConversationRow(trx, { accountId, conversationId: conversation.id, changes });
      if (changes.status)
        await record({
          accountId,
          name: changes.reopen_count !== undefined ? 'conversation.reopened' : 'conversation.status_changed',
          payload: {
            conversationId: conversation.id,
            from: conversation.status,
            to: changes.status,
            raisedByUserId: conversation.raised_by_user_id,
          },
          at,
        });
    }
    await record({
      accountId,
      name: 'message.created',
      payload: messageEventPayload(conversation, messageId, 'inbound'),
      at,
    });
    await raisePriorityIfFrustrated(trx, record, { conversation, messageId, at, now: new Date(at) });
    if (created) {
      await autoAssign(trx, record, { conversation, at, preferPreviousOwner: true });
    } else if (!conversation.owner_user_id && statusChanged) {
      const fresh = await findConversationRow(trx, { accountId, conversationId: conversation.id });
      if (fresh) await autoAssign(trx, record, { conversation: fresh, at, preferPreviousOwner: true });
    }
    return { conversationId: conversation.id, messageId, created, duplicate: false };
  });
}

/**
 * A message Rapport itself sends the customer (an acknowledgement, a check-in). It is an outbound
 * message like an agent's, so the channel delivers it, but it does not count as a human response.
 */
export async function addSystemMessage(
  deps: ConversationsDeps,
  input: { accountId: string; conversationId: string; body: string },
): Promise<{ messageId: string }> {
  const at = deps.clock.now().toISOString();
  return withEvents(deps, async (trx, record) => {
    const conversation = await findConversationRow(trx, {
      accountId: input.accountId,
      conversationId: input.conversationId,
    });
    if (!conversation) throw conversationErrors.notFound();
    return appendSystemMessage(trx, record, { conversation, body: input.body, at });
  });
}
