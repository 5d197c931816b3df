import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.ts';
import { findInbox } from '../inboxes/inboxes.repository.ts';
import { businessHoursSentence, type QuoteProvider } from './acknowledgement.rules.ts';

/**
 * The fallback quote provider: what the inbox's business hours make certain. The quote function
 * computed from real response times (the widget's) replaces it when present.
 */
export function businessHoursQuotes(deps: { db: Kysely<Database> }): QuoteProvider {
  return {
    async quoteFor(input) {
      const found = await findInbox(deps.db, { accountId: input.accountId, inboxId: input.inboxId });
      if (!found) return { sentence: 'A person on our team will read it and answer you here.' };
      return { sentence: businessHoursSentence(found.inbox.businessHours, found.inbox.timeZone, input.at) };
    },
  };
}
