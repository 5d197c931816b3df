import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { timestamp, json } = columnTypes(db);

  // One row per conversation: what analytics needs to know about it, recomputed from the base
  // tables whenever it changes. A read model that `rapport analytics rebuild` can always rebuild,
  // so it carries no foreign keys (the bulk rebuild writes a million rows without checking each).
  await db.schema
    .createTable('conversation_facts')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    // '' when nobody owns it, so it can sit in a key.
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('contact_reason', 'text')
    .addColumn('created_day', 'text', (c) => c.notNull())
    .addColumn('resolved_day', 'text')
    .addColumn('first_response_ms', 'bigint')
    .addColumn('resolution_ms', 'bigint')
    .addColumn('resolution_business_ms', 'bigint')
    .addColumn('reopened', 'integer', (c) => c.notNull())
    .addColumn('transfers', 'integer', (c) => c.notNull())
    .addColumn('unowned_ms', 'bigint')
    .addColumn('repeat_contact', 'integer', (c) => c.notNull())
    .addColumn('computed_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('conversation_facts_created')
    .on('conversation_facts')
    .columns(['account_id', 'created_day'])
    .execute();
  await db.schema
    .createIndex('conversation_facts_resolved')
    .on('conversation_facts')
    .columns(['account_id', 'resolved_day'])
    .execute();

  // Daily rollups: per account, day and combination of dimensions, every metric's count, sum and
  // duration histogram as one JSON document. Dashboard queries read only these rows.
  await db.schema
    .createTable('analytics_daily')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('data', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_daily_pk', ['account_id', 'day', 'inbox_id', 'team_id', 'channel', 'agent_id'])
    .execute();

  // Days whose rollups must be recomputed; the stamp tells a recompute whether the day was
  // marked again while it ran.
  await db.schema
    .createTable('analytics_dirty_days')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('stamp', 'text', (c) => c.notNull())
    .addColumn('marked_at', timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_dirty_days_pk', ['account_id', 'day'])
    .execute();
}
