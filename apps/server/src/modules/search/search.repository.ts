import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../storage/database.ts';
import { type TextIndexedTable, textSearch } from '../../storage/dialect.ts';
import type { ConversationRow } from '../conversations/conversations.tables.ts';
import type { CustomerRow } from '../customers/customers.tables.ts';
import type { ParsedSearch } from './search.rules.ts';

interface Hit {
  id: string;
  at: string;
}

// A conversation usually matches in several of its messages; read this many message hits per
// conversation wanted, so a page still fills after they are folded into conversations.
const messageHitsPerConversation = 4;

/** The newest or best-matching rows of one full-text index, in that order, within one account. */
async function textHits(
  db: Executor,
  input: {
    table: TextIndexedTable;
    alias: string;
    /** What to return per match: the conversation or customer id, and when it happened. */
    select: { id: string; at: string };
    accountId: string;
    query: ParsedSearch;
    limit: number;
    /** A further condition, such as an advocate's own cases. */
    also?: RawBuilder<boolean>;
  },
): Promise<Hit[]> {
  const search = textSearch(db, {
    table: input.table,
    alias: input.alias,
    query: input.query,
    order: input.query.order,
  });
  const { rows } = await sql<Hit>`
    select ${sql.ref(input.select.id)} as id, ${sql.ref(input.select.at)} as at
    from ${search.from}
    where ${search.matches}
      and ${sql.ref(`${input.alias}.account_id`)} = ${input.accountId}
      ${input.also ? sql`and ${input.also}` : sql``}
    order by ${search.orderBy}
    limit ${input.limit}`.execute(db);
  return rows;
}

/** Ids in order of first appearance, at most `limit`. */
function firstUnique(ids: Iterable<string>, limit: number): string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.size >= limit) break;
    seen.add(id);
  }
  return [...seen];
}

const newestFirst = (hits: Hit[]) => [...hits].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

/**
 * Conversations of an account matching a search: by number, subject, or the words of any message or
 * note. One word: newest matching activity first; several: number, then subject matches (those
 * also matching in messages first), then best-matching messages. `raisedByUserId` narrows to the
 * cases an advocate raised.
 */
export async function searchConversationRows(
  db: Executor,
  input: { accountId: string; query: ParsedSearch; raisedByUserId?: string | undefined; limit: number },
): Promise<ConversationRow[]> {
  const { accountId, query, raisedByUserId, limit } = input;
  const byNumber =
    query.number === null
      ? []
      : await db
          .selectFrom('conversations')
          .select('id')
          .where('account_id', '=', accountId)
          .where('number', '=', query.number)
          .$if(raisedByUserId !== undefined, (q) => q.where('raised_by_user_id', '=', raisedByUserId as string))
          .execute();
  let subjectHits: Hit[] = [];
  let messageHits: Hit[] = [];
  if (query.words.length > 0) {
    [subjectHits, messageHits] = await Promise.all([
      textHits(db, {
        table: 'conversations',
        alias: 'c',
        select: { id: 'c.id', at: 'c.last_message_at' },
        accountId,
        query,
        limit,
        ...(raisedByUserId !== undefined ? { also: sql<boolean>`c.raised_by_user_id = ${raisedByUserId}` } : {}),
      }),
      textHits(db, {
        table: 'messages',
        alias: 'm',
        select: { id: 'm.conversation_id', at: 'm.created_at' },
        accountId,
        query,
        limit: limit * messageHitsPerConversation,
        ...(raisedByUserId !== undefined
          ? {
              also: sql<boolean>`m.conversation_id in (select id from conversations
                where account_id = ${accountId} and raised_by_user_id = ${raisedByUserId})`,
            }
          : {}),
      }),
    ]);
  }
  let ordered: string[];
  if (query.order === 'recency') {
    ordered = newestFirst([...subjectHits, ...messageHits]).map((hit) => hit.id);
  } else {
    const inMessages = new Set(messageHits.map((hit) => hit.id));
    const subjectIds = subjectHits.map((hit) => hit.id);
    ordered = [
      ...subjectIds.filter((id) => inMessages.has(id)),
      ...subjectIds.filter((id) => !inMessages.has(id)),
      ...messageHits.map((hit) => hit.id),
    ];
  }
  const ids = firstUnique([...byNumber.map((row) => row.id), ...ordered], limit);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('conversations')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is ConversationRow => row !== undefined);
}

/**
 * Customers of an account (not merged away) whose name or an identity value (email, phone,
 * handle) matches; "fern@" finds fern@example.test. Name matches come before identity matches
 * when ranking; one word lists the newest customers first.
 */
export async function searchCustomerRows(
  db: Executor,
  input: { accountId: string; query: ParsedSearch; limit: number },
): Promise<CustomerRow[]> {
  const { accountId, query, limit } = input;
  if (query.words.length === 0) return [];
  const [nameHits, identityHits] = await Promise.all([
    textHits(db, {
      table: 'customers',
      alias: 'c',
      select: { id: 'c.id', at: 'c.created_at' },
      accountId,
      query,
      limit,
      also: sql<boolean>`c.merged_into_id is null`,
    }),
    // Identities of a merged customer move to the customer it was merged into.
    textHits(db, {
      table: 'customer_identities',
      alias: 'ci',
      select: { id: 'ci.customer_id', at: 'ci.created_at' },
      accountId,
      query,
      limit,
    }),
  ]);
  const ordered =
    query.order === 'recency' ? newestFirst([...nameHits, ...identityHits]) : [...nameHits, ...identityHits];
  const ids = firstUnique(
    ordered.map((hit) => hit.id),
    limit,
  );
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .where('merged_into_id', 'is', null)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is CustomerRow => row !== undefined);
}
