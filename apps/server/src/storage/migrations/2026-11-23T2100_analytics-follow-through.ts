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
}
