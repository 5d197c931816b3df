import type { SearchResults } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import { hydrateConversations } from '../conversations/conversations.repository.ts';
import { toCustomers } from '../customers/customers.repository.ts';
import { searchErrors } from './search.errors.ts';
import {
  findConversationHits,
  findConversationRowsInOrder,
  findCustomerHits,
  findCustomerRowsInOrder,
  textForRanking,
} from './search.repository.ts';
import { parseSearchQuery, rankHits, rankingWindow } from './search.rules.ts';

export interface SearchDeps {
  db: Kysely<Database>;
}

// A conversation usually matches in several of its messages: read this many message matches per
// conversation wanted, so a page still fills once they are folded into conversations.
const messagesPerConversation = 4;

/**
 * Searches the caller's account: conversations by number, subject, message and note text, and
 * customers by name and identity. One word answers newest first; several, best match first among
 * the newest matches. Advocates search only the cases they raised, and no customers.
 */
export async function searchDesk(
  deps: SearchDeps,
  caller: Caller,
  input: { q: string; limit: number },
): Promise<SearchResults> {
  const query = parseSearchQuery(input.q);
  if (!query) throw searchErrors.queryTooShort();
  const { accountId } = caller;
  const isAdvocate = caller.role === 'advocate';
  const ranked = query.order === 'relevance';
  const [conversationHits, customerHits] = await Promise.all([
    findConversationHits(deps.db, {
      accountId,
      query,
      raisedByUserId: isAdvocate ? caller.userId : undefined,
      subjects: ranked ? rankingWindow : input.limit,
      messages: ranked ? rankingWindow : input.limit * messagesPerConversation,
    }),
    isAdvocate
      ? { names: [], identities: [] }
      : findCustomerHits(deps.db, { accountId, query, limit: ranked ? rankingWindow : input.limit }),
  ]);
  const conversationIds = rankHits(
    [
      { hits: conversationHits.subjects, bonus: 1 },
      { hits: conversationHits.messages, bonus: 0 },
    ],
    query,
    input.limit,
    conversationHits.numbered,
    textForRanking,
  );
  const customerIds = rankHits(
    [
      { hits: customerHits.names, bonus: 1 },
      { hits: customerHits.identities, bonus: 0 },
    ],
    query,
    input.limit,
    [],
    textForRanking,
  );
  const [conversationRows, customerRows] = await Promise.all([
    findConversationRowsInOrder(deps.db, { accountId, ids: conversationIds }),
    findCustomerRowsInOrder(deps.db, { accountId, ids: customerIds }),
  ]);
  const [conversations, customers] = await Promise.all([
    hydrateConversations(deps.db, accountId, conversationRows),
    toCustomers(deps.db, accountId, customerRows),
  ]);
  return { conversations, customers };
}
