import type { Channel } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { toCount } from '../../storage/dialect.ts';
import type { QuoteRow } from './quotes.tables.ts';

/** Stores a quote; a conversation keeps its first one (a second insert changes nothing). */
export async function insertQuote(db: Executor, row: QuoteRow): Promise<void> {
  await db
    .insertInto('quotes')
    .values(row)
    .onConflict((conflict) => conflict.columns(['account_id', 'conversation_id']).doNothing())
    .execute();
}

export async function findQuoteOfConversation(
  db: Executor,
  input: { accountId: string; conversationId: string },
): Promise<QuoteRow | undefined> {
  return db
    .selectFrom('quotes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', '=', input.conversationId)
    .executeTakeFirst();
}

export async function findQuotesOfConversations(
  db: Executor,
  input: { accountId: string; conversationIds: string[] },
): Promise<QuoteRow[]> {
  if (input.conversationIds.length === 0) return [];
  return db
    .selectFrom('quotes')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('conversation_id', 'in', input.conversationIds)
    .execute();
}

/**
 * Recent conversations of an inbox and channel that customers started: when each arrived and when
 * a person first answered (null while nobody has). Newest first, at most `limit`.
 */
export async function listResponseHistory(
  db: Executor,
  input: { accountId: string; inboxId: string; channel: Channel; since: string; limit: number },
): Promise<{ created_at: string; first_human_response_at: string | null; status: string }[]> {
  return db
    .selectFrom('conversations')
    .select(['created_at', 'first_human_response_at', 'status'])
    .where('account_id', '=', input.accountId)
    .where('inbox_id', '=', input.inboxId)
    .where('channel', '=', input.channel)
    .where('created_at', '>=', input.since)
    .where('raised_by_user_id', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(input.limit)
    .execute();
}

/** Records the first human response on a quote not yet settled; false when it already was. */
export async function settleQuote(
  db: Executor,
  input: { accountId: string; quoteId: string; firstResponseAt: string; kept: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('quotes')
    .set({ first_response_at: input.firstResponseAt, kept: input.kept ? 1 : 0 })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.quoteId)
    .where('first_response_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the honest update as sent; false when another run sent it first. */
export async function markLapseNotified(
  db: Executor,
  input: { accountId: string; quoteId: string; at: string; revisedWaitMs: number; revisedDueAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable('quotes')
    .set({ lapse_notified_at: input.at, revised_wait_ms: input.revisedWaitMs, revised_due_at: input.revisedDueAt })
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.quoteId)
    .where('lapse_notified_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Quotes of an inbox given since `since` whose outcome is known at `now`: answered (kept or not)
 * or already past due without an answer (missed).
 */
export async function countQuoteOutcomes(
  db: Executor,
  input: { accountId: string; inboxId: string; since: string; now: string },
): Promise<{ kept: number; total: number }> {
  const row = await db
    .selectFrom('quotes')
    .select((eb) => [
      eb.fn.countAll().as('total'),
      eb.fn.sum<number>(eb.case().when('kept', '=', 1).then(1).else(0).end()).as('kept'),
    ])
    .where('account_id', '=', input.accountId)
    .where('inbox_id', '=', input.inboxId)
    .where('quoted_at', '>=', input.since)
    .where((eb) => eb.or([eb('kept', 'is not', null), eb('due_at', '<=', input.now)]))
    .executeTakeFirst();
  return { kept: toCount(row?.kept), total: toCount(row?.total) };
}
