import type { Handoff, HandoffStatus } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { namesByIds } from './conversations.repository.ts';
import type { HandoffRow } from './conversations.tables.ts';

export async function insertHandoff(db: Executor, row: HandoffRow): Promise<void> {
  await db.insertInto('handoffs').values(row).execute();
}

export async function findHandoffRow(
  db: Executor,
  input: { accountId: string; handoffId: string },
): Promise<HandoffRow | undefined> {
  return db
    .selectFrom('handoffs')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.handoffId)
    .executeTakeFirst();
}

export async function findPendingHandoff(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<HandoffRow | undefined> {
  return db
    .selectFrom('handoffs')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** Answers a handoff only if it is still pending; false when someone answered it first. */
export async function answerHandoff(
  db: Executor,
  input: {
    accountId: string;
    handoffId: string;
    status: Exclude<HandoffStatus, 'pending'>;
    answeredByUserId: string | null;
    declineReason?: string | null;
    at: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('handoffs')
    .set({
      status: input.status,
      answered_by_user_id: input.answeredByUserId,
      decline_reason: input.declineReason ?? null,
      answered_at: input.at,
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.handoffId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function cancelPendingHandoffs(
  db: Executor,
  input: { accountId: string; conversationId: string; at: string },
): Promise<void> {
  await db
    .updateTable('handoffs')
    .set({ status: 'cancelled', answered_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .where('status', '=', 'pending')
    .execute();
}

export async function markHandoffReminded(
  db: Executor,
  input: { accountId: string; handoffId: string; who: 'receiver' | 'sender'; at: string },
): Promise<void> {
  await db
    .updateTable('handoffs')
    .set(input.who === 'receiver' ? { receiver_reminded_at: input.at } : { sender_reminded_at: input.at })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.handoffId)
    .execute();
}

export async function listHandoffs(
  db: Executor,
  input: { accountId: string; conversationId?: string; handoffIds?: string[] },
): Promise<Handoff[]> {
  let query = db.selectFrom('handoffs').selectAll().where('account_id', '=', input.accountId).orderBy('id');
  if (input.conversationId) query = query.where('conversation_id', '=', input.conversationId);
  if (input.handoffIds) query = query.where('id', 'in', input.handoffIds);
  const rows = await query.execute();
  const ref = await namesByIds(db, {
    accountId: input.accountId,
    userIds: rows.flatMap((r) => [r.from_user_id, r.to_user_id]),
    teamIds: rows.map((r) => r.to_team_id),
  });
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    from: ref(row.from_user_id) ?? { id: row.from_user_id, name: 'Former user' },
    toUser: ref(row.to_user_id),
    toTeam: ref(row.to_team_id),
    note: row.note,
    status: row.status,
    declineReason: row.decline_reason,
    createdAt: row.created_at,
    answeredAt: row.answered_at,
  }));
}
