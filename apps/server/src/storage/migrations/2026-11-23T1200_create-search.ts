import { type Kysely, sql } from 'kysely';
import { engineOf } from '../dialect.ts';

/**
 * Full-text search over message bodies (notes included), conversation subjects, customer names and
 * identity values. The documents and their tokenizing must stay exactly as `textSearch` in
 * storage/dialect.ts queries them: PostgreSQL only uses an expression index when the query repeats
 * the expression word for word.
 *
 * SQLite: one external-content FTS5 table per column, sharing the row's rowid, kept in step by
 * triggers (only on changes of the indexed column: conversations are updated on every message).
 * unicode61 splits on anything that is not a letter or digit, so "fern@example.test" is found by
 * "fern" and diacritics are folded ("muller" finds "Müller"). Rapport never runs VACUUM, which may
 * renumber rowids of tables without an INTEGER PRIMARY KEY; after a manual VACUUM, rebuild with
 * `insert into messages_fts(messages_fts) values ('rebuild')` (and the same for the other three).
 *
 * PostgreSQL: GIN indexes over to_tsvector('simple', …): no stemming or stop words, like FTS5, so
 * both engines find the same words. Identity values get '@.+-_' turned into spaces first, because
 * the default parser keeps a whole email address as one token and "fern@" would never find it.
 */
// Frozen: never edit after it has shipped; add a new migration instead.
// biome-ignore lint/suspicious/noExplicitAny: migrations are typed against any schema on purpose
export async function up(db: Kysely<any>): Promise<void> {
  const indexed = [
    { table: 'messages', column: 'body' },
    { table: 'conversations', column: 'subject' },
    { table: 'customers', column: 'name' },
    { table: 'customer_identities', column: 'value' },
  ] as const;

  if (engineOf(db) === 'postgres') {
    await sql`create index messages_search on messages using gin (to_tsvector('simple', body))`.execute(db);
    await sql`create index conversations_search on conversations using gin (to_tsvector('simple', subject))`.execute(
      db,
    );
    await sql`create index customers_search on customers using gin (to_tsvector('simple', name))`.execute(db);
    await sql`create index customer_identities_search on customer_identities
      using gin (to_tsvector('simple', translate(value, '@.+-_', '     ')))`.execute(db);
    return;
  }

  for (const { table, column } of indexed) {
    const fts = sql.table(`${table}_fts`);
    const name = (suffix: string) => sql.raw(`${table}_fts_after_${suffix}`);
    const source = sql.table(table);
    const col = sql.raw(column);
    await sql`create virtual table ${fts} using fts5(${col}, content=${sql.lit(table)}, content_rowid='rowid',
      tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`create trigger ${name('insert')} after insert on ${source} begin
      insert into ${fts}(rowid, ${col}) values (new.rowid, new.${col});
    end`.execute(db);
    await sql`create trigger ${name('delete')} after delete on ${source} begin
      insert into ${fts}(${fts}, rowid, ${col}) values ('delete', old.rowid, old.${col});
    end`.execute(db);
    await sql`create trigger ${name('update')} after update of ${col} on ${source} begin
      insert into ${fts}(${fts}, rowid, ${col}) values ('delete', old.rowid, old.${col});
      insert into ${fts}(rowid, ${col}) values (new.rowid, new.${col});
    end`.execute(db);
    // Rows written before this migration.
    await sql`insert into ${fts}(${fts}) values ('rebuild')`.execute(db);
  }
}
