import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  // One quote per conversation: what the customer was promised at first contact, and how it ended.
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('sample_size', 'integer', (c) => c.notNull())
    .addColumn('wait_ms', 'bigint', (c) => c.notNull())
    .addColumn('quoted_at', timestamp, (c) => c.notNull())
    .addColumn('back_at', timestamp)
    .addColumn('due_at', timestamp, (c) => c.notNull())
    .addColumn('lapse_at', timestamp, (c) => c.notNull())
    .addColumn('first_response_at', timestamp)
    // 1 kept, 0 missed, null not yet answered.
    .addColumn('kept', 'integer')
    .addColumn('lapse_notified_at', timestamp)
    .addColumn('revised_wait_ms', 'bigint')
    .addColumn('revised_due_at', timestamp)
    .execute();
  await db.schema
    .createIndex('quotes_conversation')
    .on('quotes')
    .columns(['account_id', 'conversation_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('quotes_inbox_time')
    .on('quotes')
    .columns(['account_id', 'inbox_id', 'quoted_at'])
    .execute();

  // The chat widget of an inbox: the secret that signs site user ids.
  await db.schema
    .createTable('widget_settings')
    .addColumn('inbox_id', 'text', (c) => c.primaryKey().references('inboxes.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();

  // Quote history reads an inbox's recent conversations of one channel.
  await db.schema
    .createIndex('conversations_inbox_channel_created')
    .on('conversations')
    .columns(['account_id', 'inbox_id', 'channel', 'created_at'])
    .execute();
}
