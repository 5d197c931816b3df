import type { Attachment, Conversation, Message, OwnershipEvent, Priority, PriorityChange } from '@rapport/contracts';
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { readJson, toCount, writeJson } from '../../storage/dialect.ts';
import type {
  ConversationRow,
  ConversationTable,
  MessageRow,
  OwnershipEventTable,
  PriorityChangeTable,
} from './conversations.tables.ts';

/** The next per-account conversation number; the counter row is created on first use. */
export async function nextConversationNumber(db: Executor, input: { accountId: string }): Promise<number> {
  const row = await db
    .insertInto('account_counters')
    .values({ account_id: input.accountId, name: 'conversation_number', value: 1 })
    .onConflict((conflict) =>
      conflict.columns(['account_id', 'name']).doUpdateSet((eb) => ({ value: eb('account_counters.value', '+', 1) })),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertConversation(db: Executor, row: ConversationRow): Promise<void> {
  await db.insertInto('conversations').values(row).execute();
}

export async function findConversationRow(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.conversationId)
    .executeTakeFirst();
}

/**
 * Applies changes only if the conversation is still at `expectedVersion`, bumping the version;
 * returns false when someone else changed it first (the optimistic lock of every ownership move).
 */
export async function updateConversationIfVersion(
  db: Executor,
  input: {
    accountId: string;
    conversationId: string;
    expectedVersion: number;
    changes: Partial<Omit<ConversationTable, 'id' | 'account_id' | 'version'>>;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set((eb) => ({ ...input.changes, version: eb('version', '+', 1) }))
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.conversationId)
    .where('version', '=', input.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Changes that are not ownership moves (subject, priority, last message time) skip the version. */
export async function updateConversationRow(
  db: Executor,
  input: {
    accountId: string;
    conversationId: string;
    changes: Partial<Omit<ConversationTable, 'id' | 'account_id' | 'version' | 'owner_user_id' | 'owner_team_id'>>;
  },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set(input.changes)
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.conversationId)
    .execute();
}

export async function replaceConversationTags(
  db: Executor,
  input: { accountId: string; conversationId: string; tags: string[] },
): Promise<void> {
  await db
    .deleteFrom('conversation_tags')
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .execute();
  const unique = [...new Set(input.tags.map((tag) => tag.toLowerCase()))];
  if (unique.length === 0) return;
  await db
    .insertInto('conversation_tags')
    .values(unique.map((tag) => ({ account_id: input.accountId, conversation_id: input.conversationId, tag })))
    .execute();
}

/** Display names of the people and teams a batch of rows mentions, in two reads. */
export async function namesByIds(
  db: Executor,
  input: { accountId: string; userIds: (string | null)[]; teamIds?: (string | null)[] },
): Promise<(id: string | null) => { id: string; name: string } | null> {
  const userIds = [...new Set(input.userIds.filter((id): id is string => !!id))];
  const teamIds = [...new Set((input.teamIds ?? []).filter((id): id is string => !!id))];
  const [users, teams] = await Promise.all([
    userIds.length
      ? db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('account_id', '=', input.accountId)
          .where('id', 'in', userIds)
          .execute()
      : [],
    teamIds.length
      ? db
          .selectFrom('teams')
          .select(['id', 'name'])
          .where('account_id', '=', input.accountId)
          .where('id', 'in', teamIds)
          .execute()
      : [],
  ]);
  const names = new Map([...users, ...teams].map((row) => [row.id, row.name]));
  return (id) => (id ? { id, name: names.get(id) ?? 'Former user' } : null);
}

/** Turns rows into the API shape with names, tags and any pending handoff, in a few batched reads. */
export async function hydrateConversations(
  db: Executor,
  accountId: string,
  rows: ConversationRow[],
): Promise<Conversation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const customerIds = [...new Set(rows.map((row) => row.customer_id))];
  const [ref, customers, tags, handoffs] = await Promise.all([
    namesByIds(db, {
      accountId,
      userIds: rows.flatMap((row) => [row.owner_user_id, row.raised_by_user_id]),
      teamIds: rows.map((row) => row.owner_team_id),
    }),
    db
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('account_id', '=', accountId)
      .where('id', 'in', customerIds)
      .execute(),
    db
      .selectFrom('conversation_tags')
      .select(['conversation_id', 'tag'])
      .where('account_id', '=', accountId)
      .where('conversation_id', 'in', ids)
      .orderBy('tag')
      .execute(),
    db
      .selectFrom('handoffs')
      .select(['id', 'conversation_id', 'to_user_id', 'to_team_id'])
      .where('account_id', '=', accountId)
      .where('conversation_id', 'in', ids)
      .where('status', '=', 'pending')
      .execute(),
  ]);
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  return rows.map((row) => {
    const pending = handoffs.find((h) => h.conversation_id === row.id);
    return {
      id: row.id,
      number: Number(row.number),
      inboxId: row.inbox_id,
      customer: { id: row.customer_id, name: customerName.get(row.customer_id) ?? null },
      subject: row.subject,
      status: row.status,
      priority: row.priority,
      channel: row.channel,
      owner: ref(row.owner_user_id),
      team: ref(row.owner_team_id),
      version: Number(row.version),
      raisedBy: ref(row.raised_by_user_id),
      contactReason: row.contact_reason,
      tags: tags.filter((t) => t.conversation_id === row.id).map((t) => t.tag),
      abuse: row.abuse_flagged_at
        ? { flaggedAt: row.abuse_flagged_at, flaggedBy: row.abuse_flagged_by, reason: row.abuse_reason ?? '' }
        : null,
      reopenCount: Number(row.reopen_count),
      unownedMs: Number(row.unowned_ms),
      unownedSince: row.unowned_since,
      lastMessageAt: row.last_message_at,
      firstHumanResponseAt: row.first_human_response_at,
      resolvedAt: row.resolved_at,
      createdAt: row.created_at,
      pendingHandoff: pending ? { id: pending.id, toUserId: pending.to_user_id, toTeamId: pending.to_team_id } : null,
    };
  });
}

export interface ConversationFilter {
  accountId: string;
  statuses?: readonly string[] | undefined;
  ownerUserId?: string | null | undefined;
  teamIds?: string[] | undefined;
  inboxId?: string | undefined;
  customerId?: string | undefined;
  tag?: string | undefined;
  channel?: string | undefined;
  raisedByUserId?: string | undefined;
  /** Conversations with a pending handoff addressed to this user or to one of these teams. */
  handoffsFor?: { userId: string; teamIds: string[] } | undefined;
  after?: { lastMessageAt: string; id: string } | undefined;
  limit: number;
}

function filteredConversations(db: Executor, filter: Omit<ConversationFilter, 'limit' | 'after'>) {
  let query = db.selectFrom('conversations').where('conversations.account_id', '=', filter.accountId);
  if (filter.statuses)
    query = query.where('conversations.status', 'in', filter.statuses as ConversationRow['status'][]);
  if (filter.ownerUserId === null) query = query.where('conversations.owner_user_id', 'is', null);
  else if (filter.ownerUserId) query = query.where('conversations.owner_user_id', '=', filter.ownerUserId);
  if (filter.teamIds)
    query = query.where('conversations.owner_team_id', 'in', filter.teamIds.length ? filter.teamIds : ['']);
  if (filter.inboxId) query = query.where('conversations.inbox_id', '=', filter.inboxId);
  if (filter.customerId) query = query.where('conversations.customer_id', '=', filter.customerId);
  if (filter.channel) query = query.where('conversations.channel', '=', filter.channel as ConversationRow['channel']);
  if (filter.raisedByUserId) query = query.where('conversations.raised_by_user_id', '=', filter.raisedByUserId);
  if (filter.tag) {
    const tag = filter.tag.toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('conversation_tags')
          .select(sql`1`.as('one'))
          .whereRef('conversation_tags.conversation_id', '=', 'conversations.id')
          .where('conversation_tags.account_id', '=', filter.accountId)
          .where('conversation_tags.tag', '=', tag),
      ),
    );
  }
  if (filter.handoffsFor) {
    const { userId, teamIds } = filter.handoffsFor;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('handoffs')
          .select(sql`1`.as('one'))
          .whereRef('handoffs.conversation_id', '=', 'conversations.id')
          .where('handoffs.account_id', '=', filter.accountId)
          .where('handoffs.status', '=', 'pending')
          .where((inner) =>
            teamIds.length > 0
              ? inner.or([inner('handoffs.to_user_id', '=', userId), inner('handoffs.to_team_id', 'in', teamIds)])
              : inner('handoffs.to_user_id', '=', userId),
          ),
      ),
    );
  }
  return query;
}

/** Newest activity first, keyset-paged on (last_message_at, id) so deep pages stay fast. */
export async function listConversationRows(db: Executor, filter: ConversationFilter): Promise<ConversationRow[]> {
  let query = filteredConversations(db, filter).selectAll('conversations');
  if (filter.after) {
    const { lastMessageAt, id } = filter.after;
    query = query.where((eb) =>
      eb.or([
        eb('conversations.last_message_at', '<', lastMessageAt),
        eb.and([eb('conversations.last_message_at', '=', lastMessageAt), eb('conversations.id', '<', id)]),
      ]),
    );
  }
  return query
    .orderBy('conversations.last_message_at', 'desc')
    .orderBy('conversations.id', 'desc')
    .limit(filter.limit)
    .execute();
}

export async function countConversationRows(
  db: Executor,
  filter: Omit<ConversationFilter, 'limit' | 'after'>,
): Promise<number> {
  const row = await filteredConversations(db, filter)
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return toCount(row.count);
}

function toMessage(row: MessageRow & { author_name: string | null }): Message {
  const authorId = row.author_user_id ?? row.author_customer_id;
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction,
    authorType: row.author_type,
    author: authorId ? { id: authorId, name: row.author_name } : null,
    channel: row.channel,
    body: row.body,
    externalId: row.external_id,
    attachments: readJson<Attachment[]>(row.attachments, []),
    createdAt: row.created_at,
  };
}

/**
 * Stores a message once: a redelivery with the same channel and external id is ignored and the
 * stored message is returned with `duplicate: true`.
 */
export async function insertMessage(
  db: Executor,
  row: Omit<MessageRow, 'attachments'> & { attachments: Attachment[] },
): Promise<{ messageId: string; duplicate: boolean }> {
  if (row.external_id) {
    const existing = await db
      .selectFrom('messages')
      .select('id')
      .where('account_id', '=', row.account_id)
      .where('channel', '=', row.channel)
      .where('external_id', '=', row.external_id)
      .executeTakeFirst();
    if (existing) return { messageId: existing.id, duplicate: true };
  }
  await db
    .insertInto('messages')
    .values({ ...row, attachments: writeJson(row.attachments) })
    .execute();
  return { messageId: row.id, duplicate: false };
}

export async function setMessageAttachments(
  db: Executor,
  input: { accountId: string; messageId: string; attachments: Attachment[] },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ attachments: writeJson(input.attachments) })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.messageId)
    .execute();
}

export async function findMessageByExternalId(
  db: Executor,
  input: { accountId: string; channel: string; externalId: string },
): Promise<{ id: string; conversation_id: string } | undefined> {
  return db
    .selectFrom('messages')
    .select(['id', 'conversation_id'])
    .where('account_id', '=', input.accountId)
    .where('channel', '=', input.channel as MessageRow['channel'])
    .where('external_id', '=', input.externalId)
    .executeTakeFirst();
}

export async function listMessages(
  db: Executor,
  input: { accountId: string; conversationId: string; messageIds?: string[]; includeNotes: boolean },
): Promise<Message[]> {
  let query = db
    .selectFrom('messages')
    .leftJoin('users', (join) =>
      join.onRef('users.id', '=', 'messages.author_user_id').onRef('users.account_id', '=', 'messages.account_id'),
    )
    .leftJoin('customers', (join) =>
      join
        .onRef('customers.id', '=', 'messages.author_customer_id')
        .onRef('customers.account_id', '=', 'messages.account_id'),
    )
    .selectAll('messages')
    .select((eb) => eb.fn.coalesce('users.name', 'customers.name').as('author_name'))
    .where('messages.account_id', '=', input.accountId)
    .where('messages.conversation_id', '=', input.conversationId)
    .orderBy('messages.id');
  if (input.messageIds) query = query.where('messages.id', 'in', input.messageIds);
  if (!input.includeNotes) query = query.where('messages.direction', '!=', 'note');
  const rows = await query.execute();
  const messages = rows.map(toMessage);
  return withChannelDetails(db, input.accountId, messages);
}

/** Adds what channels know of each message: its delivery to the customer, and email details. */
async function withChannelDetails(db: Executor, accountId: string, messages: Message[]): Promise<Message[]> {
  const ids = messages.map((message) => message.id);
  if (ids.length === 0) return messages;
  const [deliveries, emails] = await Promise.all([
    db
      .selectFrom('message_deliveries')
      .select(['message_id', 'state', 'channel_kind', 'reason', 'attempts', 'updated_at'])
      .where('account_id', '=', accountId)
      .where('message_id', 'in', ids)
      .execute(),
    db
      .selectFrom('email_messages')
      .select(['message_id', 'from_address', 'subject', 'quoted_text', 'html', 'remote_images'])
      .where('account_id', '=', accountId)
      .where('message_id', 'in', ids)
      .execute(),
  ]);
  if (deliveries.length === 0 && emails.length === 0) return messages;
  const deliveryOf = new Map(deliveries.map((row) => [row.message_id, row]));
  const emailOf = new Map(emails.map((row) => [row.message_id, row]));
  return messages.map((message) => {
    const delivery = deliveryOf.get(message.id);
    const email = emailOf.get(message.id);
    return {
      ...message,
      ...(delivery
        ? {
            delivery: {
              state: delivery.state,
              channel: delivery.channel_kind,
              reason: delivery.reason,
              attempts: Number(delivery.attempts),
              updatedAt: delivery.updated_at,
            },
          }
        : {}),
      ...(email && message.direction === 'inbound'
        ? {
            email: {
              from: email.from_address,
              subject: email.subject,
              quoted: email.quoted_text,
              html: email.html,
              remoteImages: Number(email.remote_images) === 1,
            },
          }
        : {}),
    };
  });
}

export async function insertOwnershipEvent(db: Executor, row: OwnershipEventTable): Promise<void> {
  await db.insertInto('ownership_events').values(row).execute();
}

export async function listOwnershipEvents(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<OwnershipEvent[]> {
  const rows = await db
    .selectFrom('ownership_events')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .orderBy('id')
    .execute();
  const ref = await namesByIds(db, {
    accountId: input.accountId,
    userIds: rows.flatMap((r) => [r.from_user_id, r.to_user_id, r.actor_user_id]),
    teamIds: rows.map((r) => r.to_team_id),
  });
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    from: ref(row.from_user_id),
    to: ref(row.to_user_id),
    toTeam: ref(row.to_team_id),
    actor: ref(row.actor_user_id),
    reason: row.reason,
    createdAt: row.created_at,
  }));
}

/** The latest customer and agent messages of a conversation (notes left out), oldest first. */
export async function recentExchange(
  db: Executor,
  input: { accountId: string; conversationId: string; limit: number },
) {
  const rows = await db
    .selectFrom('messages')
    .select(['direction', 'body', 'created_at'])
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .where('direction', '!=', 'note')
    .orderBy('id', 'desc')
    .limit(input.limit)
    .execute();
  return rows.reverse();
}

/**
 * Sets the priority only if it still is `from`; false when someone changed it meanwhile, so two
 * messages arriving together raise it one step, not two.
 */
export async function raisePriorityIfStill(
  db: Executor,
  input: { accountId: string; conversationId: string; from: Priority; to: Priority; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ priority: input.to, updated_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.conversationId)
    .where('priority', '=', input.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPriorityChange(db: Executor, row: PriorityChangeTable): Promise<void> {
  await db.insertInto('priority_changes').values(row).execute();
}

function parseCues(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((cue): cue is string => typeof cue === 'string') : [];
  } catch {
    return [];
  }
}

export async function listPriorityChanges(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<PriorityChange[]> {
  const rows = await db
    .selectFrom('priority_changes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    from: row.from_priority,
    to: row.to_priority,
    cause: row.cause,
    messageId: row.message_id,
    cues: parseCues(row.cues),
    createdAt: row.created_at,
  }));
}
