import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { findNewestTextMatches, type TextIndexedTable } from '../../storage/dialect.ts';
import type { ConversationRow } from '../conversations/conversations.tables.ts';
import type { CustomerRow } from '../customers/customers.tables.ts';
import type { ParsedSearch, SearchHit } from './search.rules.ts';

// Enough of a long message to rank it; scoring a whole 100 kB email would only cost time.
export const textForRanking = 2_000;

/** The newest matches of one full-text index within one account, with the text that matched. */
async function textHits(
  db: Executor,
  input: {
    table: TextIndexedTable;
    alias: string;
    /** Per match: the conversation or customer id, when, and the matched column. */
    select: { id: string; at: string; text: string };
    accountId: string;
    query: ParsedSearch;
    limit: number;
    /** Fewer matches that will do, when all of them would cost more (PostgreSQL; see dialect). */
    enough?: number;
    /** A further condition, such as an advocate's own cases. */
    also?: RawBuilder<boolean> | undefined;
  },
): Promise<SearchHit[]> {
  if (input.query.words.length === 0 || input.limit <= 0) return [];
  const account = sql<boolean>`${sql.ref(`${input.alias}.account_id`)} = ${input.accountId}`;
  return findNewestTextMatches<SearchHit>(db, {
    table: input.table,
    alias: input.alias,
    query: input.query,
    select: sql`${sql.ref(input.select.id)} as id, ${sql.ref(input.select.at)} as at,
      substr(${sql.ref(input.select.text)}, 1, ${textForRanking}) as text`,
    where: input.also ? sql<boolean>`${account} and ${input.also}` : account,
    limit: input.limit,
    enough: input.enough,
    // Ranked searches read a window of matches and filter them (rankHits), so they may ask broadly.
    broaden: input.query.order === 'relevance',
  });
}

/**
 * What matches a search among an account's conversations: the one with that number, and the
 * newest subjects and messages (notes included) holding every word. `raisedByUserId` narrows
 * to the cases an advocate raised.
 */
export async function findConversationHits(
  db: Executor,
  input: {
    accountId: string;
    query: ParsedSearch;
    raisedByUserId?: string | undefined;
    subjects: number;
    messages: number;
  },
): Promise<{ numbered: string[]; subjects: SearchHit[]; messages: SearchHit[] }> {
  const { accountId, query, raisedByUserId } = input;
  const [numbered, subjects, messages] = await Promise.all([
    query.number === null
      ? []
      : db
          .selectFrom('conversations')
          .select('id')
          .where('account_id', '=', accountId)
          .where('number', '=', query.number)
          .$if(raisedByUserId !== undefined, (q) => q.where('raised_by_user_id', '=', raisedByUserId as string))
          .execute(),
    textHits(db, {
      table: 'conversations',
      alias: 'c',
      select: { id: 'c.id', at: 'c.last_message_at', text: 'c.subject' },
      accountId,
      query,
      limit: input.subjects,
      // A page of conversations needs a fraction of what is read for ranking or folding.
      enough: Math.ceil(input.subjects / 4),
      also: raisedByUserId === undefined ? undefined : sql<boolean>`c.raised_by_user_id = ${raisedByUserId}`,
    }),
    textHits(db, {
      table: 'messages',
      alias: 'm',
      select: { id: 'm.conversation_id', at: 'm.created_at', text: 'm.body' },
      accountId,
      query,
      limit: input.messages,
      enough: Math.ceil(input.messages / 4),
      also:
        raisedByUserId === undefined
          ? undefined
          : sql<boolean>`m.conversation_id in (select id from conversations
              where account_id = ${accountId} and raised_by_user_id = ${raisedByUserId})`,
    }),
  ]);
  return { numbered: numbered.map((row) => row.id), subjects, messages };
}

/** Customers (not merged away) whose name, or one of whose identities (email, phone, handle), holds every word. */
export async function findCustomerHits(
  db: Executor,
  input: { accountId: string; query: ParsedSearch; limit: number },
): Promise<{ names: SearchHit[]; identities: SearchHit[] }> {
  const [names, identities] = await Promise.all([
    textHits(db, {
      table: 'customers',
      alias: 'c',
      select: { id: 'c.id', at: 'c.created_at', text: 'c.name' },
      accountId: input.accountId,
      query: input.query,
      limit: input.limit,
      also: sql<boolean>`c.merged_into_id is null`,
    }),
    // A merged customer's identities move to the customer it was merged into.
    textHits(db, {
      table: 'customer_identities',
      alias: 'ci',
      select: { id: 'ci.customer_id', at: 'ci.created_at', text: 'ci.value' },
      accountId: input.accountId,
      query: input.query,
      limit: input.limit,
    }),
  ]);
  return { names, identities };
}

/** These conversations of the account, in the order of `ids`. */
export async function findConversationRowsInOrder(
  db: Executor,
  input: { accountId: string; ids: string[] },
): Promise<ConversationRow[]> {
  if (input.ids.length === 0) return [];
  const rows = await db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', 'in', input.ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.ids.map((id) => byId.get(id)).filter((row): row is ConversationRow => row !== undefined);
}

/** These customers of the account that were not merged away, in the order of `ids`. */
export async function findCustomerRowsInOrder(
  db: Executor,
  input: { accountId: string; ids: string[] },
): Promise<CustomerRow[]> {
  if (input.ids.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', 'in', input.ids)
    .where('merged_into_id', 'is', null)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return input.ids.map((id) => byId.get(id)).filter((row): row is CustomerRow => row !== undefined);
}
