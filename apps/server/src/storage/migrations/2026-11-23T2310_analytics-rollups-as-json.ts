import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * PostgreSQL: rollup documents become `json` (kept as written) instead of `jsonb`. Rapport never
 * queries inside them; it reads them whole, and turning jsonb back into text cost most of a
 * year-long report at a million conversations (a year of monthly rows: 160 ms as jsonb, 26 ms as
 * json). SQLite stores them as text already.
 */
// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  if (engineOf(db) !== 'postgres') return;
  for (const table of ['analytics_daily', 'analytics_monthly'])
    await sql`alter table ${sql.table(table)} alter column data type json using data::json`.execute(db);
}
