import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, json } = columnTypes(db);
  await db.schema
    .createTable('inbox_channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('settings', json, (c) => c.notNull())
    .addColumn('secrets', json, (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addUniqueConstraint('inbox_channels_inbox_kind', ['inbox_id', 'kind'])
    .execute();
  await db.schema.createIndex('inbox_channels_account').on('inbox_channels').columns(['account_id', 'kind']).execute();

  // Looked up by address at SMTP RCPT time, before any account is known: unique across accounts.
  await db.schema
    .createTable('inbox_addresses')
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('inbox_channels.id'))
    .execute();

  await db.schema
    .createTable('channel_threads')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey().references('conversations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('channel_id', 'text', (c) => c.notNull().references('inbox_channels.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reply_token', 'text', (c) => c.notNull().unique())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('channel_threads_peer')
    .on('channel_threads')
    .columns(['account_id', 'channel_id', 'peer'])
    .execute();

  await db.schema
    .createTable('email_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('message_id_header', 'text')
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('quoted_text', 'text')
    .addColumn('html', 'text')
    .addColumn('remote_images', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('email_messages_header')
    .on('email_messages')
    .columns(['account_id', 'message_id_header'])
    .execute();
  await db.schema
    .createIndex('email_messages_sender')
    .on('email_messages')
    .columns(['account_id', 'from_address', 'created_at'])
    .execute();

  await db.schema
    .createTable('message_deliveries')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('channel_kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('provider_message_id', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_deliveries_provider')
    .on('message_deliveries')
    .columns(['account_id', 'provider_message_id'])
    .execute();

  await db.schema
    .createTable('imap_mailbox_state')
    .addColumn('channel_id', 'text', (c) => c.primaryKey().references('inbox_channels.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
}
