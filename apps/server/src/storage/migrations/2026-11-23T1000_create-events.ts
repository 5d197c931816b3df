import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, json } = columnTypes(db);
  // The outbox: every domain event, written in the transaction of the change it describes.
  // Realtime clients catch up from it after a reconnect; durable listeners are fed from it.
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('dispatched_at', timestamp)
    .execute();
  await db.schema.createIndex('events_account_id').on('events').columns(['account_id', 'id']).execute();
  await db.schema.createIndex('events_undispatched').on('events').columns(['dispatched_at', 'id']).execute();
}
