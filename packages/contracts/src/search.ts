import { z } from 'zod';
import { conversationSchema, customerSchema } from './conversations.ts';

/** Shortest search the server accepts, in letters or digits (a conversation number may be shorter). */
export const searchMinimumLength = 2;

export const searchQuerySchema = z.object({
  /** Words from messages, notes, subjects, customer names and identities; or a number such as #1042. */
  q: z.string().max(200, 'must be at most 200 characters').default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

/**
 * One word (type-ahead) answers newest activity first; two or more words answer best match first.
 * Advocates get only the conversations they raised, and no customers.
 */
export const searchResultsSchema = z.object({
  conversations: z.array(conversationSchema),
  customers: z.array(customerSchema),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
