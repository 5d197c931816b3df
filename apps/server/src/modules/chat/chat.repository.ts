import type { Attachment, WidgetMessage } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { readJson } from '../../storage/dialect.ts';
import type { ConversationRow } from '../conversations/conversations.tables.ts';
import type { InboxRow } from '../inboxes/inboxes.tables.ts';
import { clientIdOf, firstName } from './chat.rules.ts';
import type { WidgetSettingsRow } from './chat.tables.ts';

/**
 * Unscoped on purpose: the widget is public and knows only the inbox id the site pasted; the
 * inbox's row names the account every later query is scoped to.
 */
export async function findInboxForWidget(db: Executor, input: { inboxId: string }): Promise<InboxRow | undefined> {
  return db.selectFrom('inboxes').selectAll().where('id', '=', input.inboxId).executeTakeFirst();
}

export async function findWidgetSettings(
  db: Executor,
  input: { accountId: string; inboxId: string },
): Promise<WidgetSettingsRow | undefined> {
  return db
    .selectFrom('widget_settings')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('inbox_id', '=', input.inboxId)
    .executeTakeFirst();
}

export async function upsertWidgetSecret(
  db: Executor,
  input: { accountId: string; inboxId: string; secret: string; at: string; replace: boolean },
): Promise<void> {
  await db
    .insertInto('widget_settings')
    .values({
      inbox_id: input.inboxId,
      account_id: input.accountId,
      secret: input.secret,
      created_at: input.at,
      updated_at: input.at,
    })
    .onConflict((conflict) =>
      input.replace
        ? conflict.column('inbox_id').doUpdateSet({ secret: input.secret, updated_at: input.at })
        : conflict.column('inbox_id').doNothing(),
    )
    .execute();
}

/** The visitor's chat conversations in an inbox, newest first. */
export async function listVisitorConversations(
  db: Executor,
  input: { accountId: string; customerId: string; inboxId: string },
): Promise<ConversationRow[]> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('customer_id', '=', input.customerId)
    .where('inbox_id', '=', input.inboxId)
    .where('channel', '=', 'chat')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * What a visitor may read of their conversations: their messages and the team's answers, never
 * internal notes; oldest first, after a message id when resuming.
 */
export async function listVisitorMessages(
  db: Executor,
  input: {
    accountId: string;
    /** Files are fetched through the widget's own route for this inbox. */
    inboxId: string;
    conversationIds: string[];
    afterId?: string | undefined;
    messageIds?: string[];
    limit: number;
  },
): Promise<WidgetMessage[]> {
  if (input.conversationIds.length === 0) return [];
  let query = db
    .selectFrom('messages')
    .leftJoin('users', (join) =>
      join.onRef('users.id', '=', 'messages.author_user_id').onRef('users.account_id', '=', 'messages.account_id'),
    )
    .select([
      'messages.id',
      'messages.conversation_id',
      'messages.direction',
      'messages.author_type',
      'messages.body',
      'messages.external_id',
      'messages.attachments',
      'messages.created_at',
      'users.name as author_name',
    ])
    .where('messages.account_id', '=', input.accountId)
    .where('messages.conversation_id', 'in', input.conversationIds)
    .where('messages.direction', '!=', 'note')
    .limit(input.limit);
  // Resuming reads forward from the last message received; a fresh page shows the newest ones.
  const newest = !input.afterId && !input.messageIds;
  query = query.orderBy('messages.id', newest ? 'desc' : 'asc');
  if (input.afterId) query = query.where('messages.id', '>', input.afterId);
  if (input.messageIds) query = query.where('messages.id', 'in', input.messageIds);
  const rows = await query.execute();
  if (newest) rows.reverse();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    clientId: row.direction === 'inbound' ? clientIdOf(row.external_id) : null,
    direction: row.direction === 'inbound' ? 'inbound' : 'outbound',
    authorType: row.author_type,
    authorName: row.direction === 'inbound' ? null : firstName(row.author_name),
    body: row.body,
    attachments: readJson<Attachment[]>(row.attachments, []).map((attachment) => ({
      ...attachment,
      url: `/api/v1/widget/inboxes/${input.inboxId}/attachments/${attachment.id}`,
    })),
    createdAt: row.created_at,
  }));
}
