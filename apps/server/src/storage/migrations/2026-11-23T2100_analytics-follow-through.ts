import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const { json } = columnTypes(db);
  // What follow-through adds to a conversation's facts: answered surveys, promises kept or
  // broken, recovery tasks closed and goodwill exceptions granted. Null until recomputed
  // (`rapport analytics rebuild` fills it for existing conversations).
  await db.schema.alterTable('conversation_facts').addColumn('follow_through', json).execute();
  // The facts of one conversation read its surveys and recovery tasks.
  await db.schema
    .createIndex('surveys_conversation')
    .on('surveys')
    .columns(['account_id', 'conversation_id'])
    .execute();
  await db.schema
    .createIndex('recovery_tasks_conversation')
    .on('recovery_tasks')
    .columns(['account_id', 'conversation_id'])
    .execute();

  // Monthly rollups: the daily rows of each month merged per combination of dimensions, so a
  // long range reads a dozen months instead of hundreds of days. Kept by the same day job.
  await db.schema
    .createTable('analytics_monthly')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('data', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_monthly_pk', [
      'account_id',
      'month',
      'inbox_id',
      'team_id',
      'channel',
      'agent_id',
    ])
    .execute();
}
