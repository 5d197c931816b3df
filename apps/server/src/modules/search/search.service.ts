import type { SearchResults } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import { hydrateConversations } from '../conversations/conversations.repository.ts';
import { toCustomers } from '../customers/customers.repository.ts';
import { searchErrors } from './search.errors.ts';
import { searchConversationRows, searchCustomerRows } from './search.repository.ts';
import { parseSearchQuery } from './search.rules.ts';

export interface SearchDeps {
  db: Kysely<Database>;
}

/**
 * Searches the caller's account: conversations by number, subject, message and note text, and
 * customers by name and identity. Advocates search only the cases they raised, and no customers.
 */
export async function searchDesk(
  deps: SearchDeps,
  caller: Caller,
  input: { q: string; limit: number },
): Promise<SearchResults> {
  const query = parseSearchQuery(input.q);
  if (!query) throw searchErrors.queryTooShort();
  const isAdvocate = caller.role === 'advocate';
  const [conversationRows, customerRows] = await Promise.all([
    searchConversationRows(deps.db, {
      accountId: caller.accountId,
      query,
      raisedByUserId: isAdvocate ? caller.userId : undefined,
      limit: input.limit,
    }),
    isAdvocate ? [] : searchCustomerRows(deps.db, { accountId: caller.accountId, query, limit: input.limit }),
  ]);
  const [conversations, customers] = await Promise.all([
    hydrateConversations(deps.db, caller.accountId, conversationRows),
    toCustomers(deps.db, caller.accountId, customerRows),
  ]);
  return { conversations, customers };
}
