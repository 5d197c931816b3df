import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * Found with the bench at 1,000,000 conversations (bench/results/latest.md); the indexes of
 * 2026-11-23T1200_create-search, rebuilt for how search now reads them (newest first, ranked in
 * application code, see `textMatchQueries` in storage/dialect.ts).
 *
 * SQLite: the FTS5 tables again, with prefix='2 3 4' — typing ahead "th" or "flig" reads one
 * stored doclist instead of merging the doclists of every word so begun (0.6 s → under 1 ms for
 * "th") — and columnsize=0, since nothing uses bm25 and its per-row sizes cost a write per row.
 * The triggers of 1200 stay: they name the tables, which keep their names.
 *
 * PostgreSQL: the search documents become stored generated columns `search_vector` with GIN
 * indexes, replacing the expression indexes. A newest-first walk tests each row against the
 * query, and recomputing to_tsvector per row made a one-word search take a second at 200,000
 * conversations.
 */
// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const indexed = [
    { table: 'messages', column: 'body', document: sql`to_tsvector('simple', body)` },
    { table: 'conversations', column: 'subject', document: sql`to_tsvector('simple', subject)` },
    { table: 'customers', column: 'name', document: sql`to_tsvector('simple', name)` },
    {
      table: 'customer_identities',
      column: 'value',
      // The default parser keeps a whole email address as one token; "fern@" must find it.
      document: sql`to_tsvector('simple', translate(value, '@.+-_', '     '))`,
    },
  ] as const;

  if (engineOf(db) === 'postgres') {
    for (const { table, document } of indexed) {
      await sql`drop index if exists ${sql.raw(`${table}_search`)}`.execute(db);
      await sql`alter table ${sql.table(table)} add column search_vector tsvector
        generated always as (${document}) stored`.execute(db);
      await sql`create index ${sql.raw(`${table}_search`)} on ${sql.table(table)} using gin (search_vector)`.execute(
        db,
      );
    }
    return;
  }

  for (const { table, column } of indexed) {
    const fts = sql.table(`${table}_fts`);
    await sql`drop table if exists ${fts}`.execute(db);
    await sql`create virtual table ${fts} using fts5(${sql.raw(column)}, content=${sql.lit(table)},
      content_rowid='rowid', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4', columnsize=0)`.execute(db);
    await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
  }
}
