import type { Kysely } from 'kysely';

/**
 * Found with the bench at 1,000,000 conversations: one person's quality page read every rollup
 * row of its range (all people's) to keep its own; by person and day it reads only its own.
 */
// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('analytics_daily_agent')
    .on('analytics_daily')
    .columns(['account_id', 'agent_id', 'day'])
    .execute();
}
