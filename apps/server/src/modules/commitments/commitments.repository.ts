import type { Commitment, CommitmentStatus } from '@rapport/contracts';
import { sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import type { CommitmentRow, CommitmentTable } from './commitments.tables.ts';

export async function insertCommitment(db: Executor, row: CommitmentTable): Promise<void> {
  await db.insertInto('commitments').values(row).execute();
}

export async function findCommitmentRow(
  db: Executor,
  input: { accountId: string; commitmentId: string },
): Promise<CommitmentRow | undefined> {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.commitmentId)
    .executeTakeFirst();
}

/** Ends an open commitment; false when it was no longer open (someone else ended it first). */
export async function closeCommitment(
  db: Executor,
  input: { accountId: string; commitmentId: string; status: CommitmentStatus; at: string; messageId?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('commitments')
    .set({
      status: input.status,
      closed_at: input.at,
      ...(input.messageId ? { renegotiation_message_id: input.messageId } : {}),
    })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.commitmentId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Open commitments follow the conversation's owner: a handoff, a claim or a reassignment gives
 * them to the new owner; a return to the team queue leaves them with the team (no owner).
 */
export async function carryOpenCommitments(
  db: Executor,
  input: { accountId: string; conversationId: string; toUserId: string | null },
): Promise<number> {
  const result = await db
    .updateTable('commitments')
    .set({ owner_user_id: input.toUserId })
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Records a reminder as sent; false when it had been sent already (a job that ran twice). */
export async function markReminderSent(
  db: Executor,
  input: { accountId: string; commitmentId: string; minutesBefore: number; at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('commitment_reminders')
    .values({
      account_id: input.accountId,
      commitment_id: input.commitmentId,
      minutes_before: input.minutesBefore,
      sent_at: input.at,
    })
    .onConflict((conflict) => conflict.columns(['commitment_id', 'minutes_before']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface CommitmentFilter {
  accountId: string;
  commitmentIds?: string[];
  conversationId?: string;
  customerId?: string;
  ownerUserId?: string;
  status?: CommitmentStatus;
  dueBefore?: string;
  limit?: number;
}

/** Commitments with their people and conversation number; open ones soonest due first, then newest. */
export async function listCommitments(db: Executor, filter: CommitmentFilter): Promise<Commitment[]> {
  let query = db
    .selectFrom('commitments as c')
    .innerJoin('conversations as v', (join) =>
      join.onRef('v.id', '=', 'c.conversation_id').onRef('v.account_id', '=', 'c.account_id'),
    )
    .leftJoin('users as o', 'o.id', 'c.owner_user_id')
    .leftJoin('users as b', 'b.id', 'c.created_by_user_id')
    .leftJoin('commitments as r', (join) => join.onRef('r.replaces_id', '=', 'c.id'))
    .select([
      'c.id',
      'c.conversation_id',
      'c.customer_id',
      'c.what',
      'c.due_at',
      'c.status',
      'c.source',
      'c.replaces_id',
      'c.renegotiation_message_id',
      'c.closed_at',
      'c.created_at',
      'c.owner_user_id',
      'c.created_by_user_id',
      'v.number',
      'o.name as owner_name',
      'b.name as created_by_name',
      'r.id as replaced_by_id',
    ])
    .where('c.account_id', '=', filter.accountId);
  if (filter.commitmentIds) query = query.where('c.id', 'in', filter.commitmentIds);
  if (filter.conversationId) query = query.where('c.conversation_id', '=', filter.conversationId);
  if (filter.customerId) query = query.where('c.customer_id', '=', filter.customerId);
  if (filter.ownerUserId) query = query.where('c.owner_user_id', '=', filter.ownerUserId);
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.dueBefore) query = query.where('c.due_at', '<', filter.dueBefore);
  const rows = await query
    .orderBy(sql`case when c.status = 'open' then 0 else 1 end`)
    .orderBy('c.due_at')
    .orderBy('c.id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    conversationNumber: Number(row.number),
    customerId: row.customer_id,
    what: row.what,
    dueAt: row.due_at,
    status: row.status,
    source: row.source,
    owner: row.owner_user_id ? { id: row.owner_user_id, name: row.owner_name ?? '' } : null,
    createdBy: row.created_by_user_id ? { id: row.created_by_user_id, name: row.created_by_name ?? '' } : null,
    replacesId: row.replaces_id,
    renegotiationMessageId: row.renegotiation_message_id,
    replacedById: row.replaced_by_id ?? null,
    closedAt: row.closed_at,
    createdAt: row.created_at,
  }));
}
