import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('priority_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
    .addColumn('from_priority', 'text', (c) => c.notNull())
    .addColumn('to_priority', 'text', (c) => c.notNull())
    // 'frustration': raised by Rapport when a customer message read as frustrated.
    .addColumn('cause', 'text', (c) => c.notNull())
    // The customer message that caused it; unique, so one message raises the priority at most once.
    .addColumn('message_id', 'text', (c) => c.references('messages.id'))
    // The cues behind it, a JSON array of short labels (["repeat contact", "waiting 3 days"]).
    .addColumn('cues', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('priority_changes_conversation')
    .on('priority_changes')
    .columns(['account_id', 'conversation_id', 'id'])
    .execute();
  await db.schema
    .createIndex('priority_changes_message')
    .on('priority_changes')
    .columns(['account_id', 'message_id'])
    .unique()
    .execute();
}
