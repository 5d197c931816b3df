import type { Executor } from '../../storage/database.ts';
import type { CoachDismissalRow, CoachPhraseRow } from './coach.tables.ts';

export async function listPhraseRows(db: Executor, input: { accountId: string }): Promise<CoachPhraseRow[]> {
  return db
    .selectFrom('coach_phrases')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .orderBy('phrase')
    .orderBy('id')
    .execute();
}

export async function findPhraseRow(db: Executor, input: { accountId: string; id: string }) {
  return db
    .selectFrom('coach_phrases')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.id)
    .executeTakeFirst();
}

export async function insertPhraseRow(db: Executor, row: CoachPhraseRow): Promise<void> {
  await db.insertInto('coach_phrases').values(row).execute();
}

export async function insertDismissalRow(db: Executor, row: CoachDismissalRow): Promise<void> {
  await db.insertInto('coach_dismissals').values(row).execute();
}

/** Dismissals of the account counted per rule and reason; there is deliberately no per-user variant. */
export async function countDismissals(db: Executor, input: { accountId: string }) {
  return db
    .selectFrom('coach_dismissals')
    .select(['rule_id', 'reason'])
    .select((eb) => eb.fn.countAll().as('count'))
    .where('account_id', '=', input.accountId)
    .groupBy(['rule_id', 'reason'])
    .execute();
}

/** The latest messages to and from the customer (notes left out), oldest first. */
export async function recentConversationMessages(
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

export async function findCustomerContext(db: Executor, input: { accountId: string; customerId: string }) {
  return db
    .selectFrom('customers')
    .select(['name', 'time_zone'])
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.customerId)
    .executeTakeFirst();
}

export async function findInboxTimeZone(db: Executor, input: { accountId: string; inboxId: string }) {
  const row = await db
    .selectFrom('inboxes')
    .select('time_zone')
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.inboxId)
    .executeTakeFirst();
  return row?.time_zone;
}
