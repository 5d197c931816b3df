import type { Notification } from '@rapport/contracts';
import { newId } from '../../platform/ids.ts';
import type { Executor } from '../../storage/database.ts';

/** One row per user; a second insert for the same source event and kind is ignored. */
export async function insertNotifications(
  db: Executor,
  input: {
    accountId: string;
    userIds: string[];
    kind: string;
    conversationId: string | null;
    body: string;
    sourceEventId: string;
    at: string;
  },
): Promise<void> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return;
  await db
    .insertInto('notifications')
    .values(
      userIds.map((userId) => ({
        id: newId(),
        account_id: input.accountId,
        user_id: userId,
        kind: input.kind,
        conversation_id: input.conversationId,
        body: input.body,
        source_event_id: input.sourceEventId,
        created_at: input.at,
        read_at: null,
      })),
    )
    .onConflict((conflict) => conflict.columns(['user_id', 'kind', 'source_event_id']).doNothing())
    .execute();
}

export async function listNotifications(
  db: Executor,
  input: { accountId: string; userId: string; unreadOnly: boolean; limit: number },
): Promise<Notification[]> {
  let query = db
    .selectFrom('notifications')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .orderBy('id', 'desc')
    .limit(input.limit);
  if (input.unreadOnly) query = query.where('read_at', 'is', null);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    conversationId: row.conversation_id,
    body: row.body,
    createdAt: row.created_at,
    readAt: row.read_at,
  }));
}

export async function markNotificationRead(
  db: Executor,
  input: { accountId: string; userId: string; notificationId: string; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('user_id', '=', input.userId)
    .where('id', '=', input.notificationId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
