import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp } = columnTypes(db);
  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('conversation_id', 'text', (c) => c.references('conversations.id'))
    .addColumn('message_id', 'text', (c) => c.references('messages.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('content_id', 'text')
    .addColumn('uploaded_by_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('uploaded_by_customer_id', 'text', (c) => c.references('customers.id'))
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_message').on('attachments').columns(['account_id', 'message_id']).execute();
}
