import type { Kysely } from 'kysely';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  // What the conversation's wait quote adds to its facts: the wait promised (business time), the
  // wait it actually had to its first human response (business time, from the quote) and
  // whether the quote was kept. Null without a quote, or while nobody has answered; `rapport
  // analytics rebuild` fills them for existing conversations.
  await db.schema.alterTable('conversation_facts').addColumn('quoted_wait_ms', 'bigint').execute();
  await db.schema.alterTable('conversation_facts').addColumn('quote_actual_ms', 'bigint').execute();
  await db.schema.alterTable('conversation_facts').addColumn('quote_kept', 'integer').execute();
}
