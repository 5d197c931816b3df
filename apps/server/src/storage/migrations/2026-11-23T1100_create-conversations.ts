import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, json } = columnTypes(db);

  // Who can take new work, and how much; last_assigned_at breaks ties round-robin.
  await db.schema
    .alterTable('users')
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo('offline'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(8))
    .execute();
  await db.schema.alterTable('users').addColumn('last_assigned_at', timestamp).execute();
  await db.schema.alterTable('inboxes').addColumn('handoff_message_template', 'text').execute();

  // Per-account sequences, such as the conversation number people say aloud.
  await db.schema
    .createTable('account_counters')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_counters_pk', ['account_id', 'name'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('name', 'text')
    .addColumn('language', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('attributes', json, (c) => c.notNull())
    .addColumn('merged_into_id', 'text', (c) => c.references('customers.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_account').on('customers').columns(['account_id', 'id']).execute();

  await db.schema
    .createTable('customer_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_identities_unique')
    .on('customer_identities')
    .columns(['account_id', 'channel', 'value'])
    .unique()
    .execute();
  await db.schema
    .createIndex('customer_identities_customer')
    .on('customer_identities')
    .columns(['account_id', 'customer_id'])
    .execute();

  await db.schema
    .createTable('customer_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customer_notes_customer')
    .on('customer_notes')
    .columns(['account_id', 'customer_id', 'id'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull().references('inboxes.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('owner_team_id', 'text', (c) => c.references('teams.id'))
    // Optimistic concurrency: every ownership change checks and bumps it in the same UPDATE.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('raised_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('contact_reason', 'text')
    .addColumn('abuse_flagged_at', timestamp)
    .addColumn('abuse_flagged_by', 'text', (c) => c.references('users.id'))
    .addColumn('abuse_reason', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unowned_since', timestamp)
    .addColumn('unowned_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', timestamp, (c) => c.notNull())
    .addColumn('last_inbound_at', timestamp)
    .addColumn('first_human_response_at', timestamp)
    .addColumn('resolved_at', timestamp)
    .addColumn('closed_at', timestamp)
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversations_number')
    .on('conversations')
    .columns(['account_id', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('conversations_list')
    .on('conversations')
    .columns(['account_id', 'status', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_owner')
    .on('conversations')
    .columns(['account_id', 'owner_user_id', 'status', 'last_message_at'])
    .execute();
  await db.schema
    .createIndex('conversations_team')
    .on('conversations')
    .columns(['account_id', 'owner_team_id', 'status', 'last_message_at'])
    .execute();
  await db.schema
    .createIndex('conversations_customer')
    .on('conversations')
    .columns(['account_id', 'customer_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('conversations_raised_by')
    .on('conversations')
    .columns(['account_id', 'raised_by_user_id'])
    .execute();

  await db.schema
    .createTable('conversation_tags')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_tags_pk', ['conversation_id', 'tag'])
    .execute();
  await db.schema.createIndex('conversation_tags_tag').on('conversation_tags').columns(['account_id', 'tag']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('author_customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('attachments', json, (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('messages_conversation')
    .on('messages')
    .columns(['account_id', 'conversation_id', 'id'])
    .execute();
  // A redelivered message (same channel and external id) is stored once; NULLs never collide.
  await db.schema
    .createIndex('messages_external')
    .on('messages')
    .columns(['account_id', 'channel', 'external_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('ownership_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('to_team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('reason', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ownership_events_conversation')
    .on('ownership_events')
    .columns(['account_id', 'conversation_id', 'id'])
    .execute();

  await db.schema
    .createTable('handoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('from_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('to_team_id', 'text', (c) => c.references('teams.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decline_reason', 'text')
    .addColumn('answered_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('answered_at', timestamp)
    .addColumn('receiver_reminded_at', timestamp)
    .addColumn('sender_reminded_at', timestamp)
    .execute();
  await db.schema
    .createIndex('handoffs_conversation')
    .on('handoffs')
    .columns(['account_id', 'conversation_id', 'status'])
    .execute();
  await db.schema
    .createIndex('handoffs_receiver')
    .on('handoffs')
    .columns(['account_id', 'status', 'to_user_id'])
    .execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source_event_id', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('read_at', timestamp)
    .execute();
  await db.schema
    .createIndex('notifications_user')
    .on('notifications')
    .columns(['account_id', 'user_id', 'id'])
    .execute();
  // One notification per user per source event, so a re-dispatched event does not notify twice.
  await db.schema
    .createIndex('notifications_source')
    .on('notifications')
    .columns(['user_id', 'kind', 'source_event_id'])
    .unique()
    .execute();
}
