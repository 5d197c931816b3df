import {
  type ColumnDataType,
  type Kysely,
  PostgresAdapter,
  type RawBuilder,
  type SelectQueryBuilder,
  sql,
} from 'kysely';

/**
 * The few differences between SQLite and PostgreSQL, in one place. Timestamps are ISO-8601 UTC
 * strings in application code on both engines: SQLite stores the text (which sorts correctly),
 * PostgreSQL stores timestamptz and the pool parses it back to the same string. JSON is written
 * as text on both and read back through readJson.
 */
export type Engine = 'sqlite' | 'postgres';

// biome-ignore lint/suspicious/noExplicitAny: migrations and engine probes work on any schema
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

// biome-ignore lint/suspicious/noExplicitAny: used by migrations, which are typed against any schema
export function columnTypes(db: Kysely<any>): { timestamp: ColumnDataType; json: ColumnDataType } {
  return engineOf(db) === 'postgres'
    ? { timestamp: 'timestamptz', json: 'jsonb' }
    : { timestamp: 'text', json: 'text' };
}

export function readJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

export function writeJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** COUNT(*) comes back as a string from pg (int8) and a number from SQLite. */
export function toCount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

/** Case-insensitive equality that uses the same index-friendly form on both engines. */
export function lowerEquals(column: string, value: string) {
  return sql<boolean>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
}

/**
 * Locks the selected rows until the transaction ends. PostgreSQL needs it against concurrent
 * writers; SQLite has one writer at a time, so the plain select is already safe there.
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any select query
export function forUpdate<Q extends SelectQueryBuilder<any, any, any>>(query: Q, db: Kysely<any>): Q {
  return engineOf(db) === 'postgres' ? (query.forUpdate() as Q) : query;
}

/** Words to look for, already reduced to letters and digits, so no query syntax reaches an engine. */
export interface TextQuery {
  words: readonly string[];
  /** Match the last word as a prefix: the person is still typing it. */
  prefixLast: boolean;
}

/**
 * The tables with a full-text index (migrations 2026-11-23T1200 and T1320) over messages.body,
 * conversations.subject, customers.name and customer_identities.value: on SQLite an FTS5 table
 * named `<table>_fts` sharing the row's rowid; on PostgreSQL a GIN index over the generated column
 * `search_vector`.
 */
export type TextIndexedTable = 'messages' | 'conversations' | 'customers' | 'customer_identities';

/** FTS5 keeps a doclist for every prefix of up to this many characters (migration 2026-11-23T1320). */
export const fts5PrefixLength = 4;

/**
 * FTS5 query text: every word a quoted string (never an operator), implicitly ANDed. A longer
 * prefix makes FTS5 merge the doclists of every word so begun ("account*" over a million
 * messages: 60 ms); `broaden` asks for the stored 4-character prefix instead, which streams, and
 * leaves the caller to drop the extra matches (see `hasLastWord` in modules/search).
 */
export function fts5Query(query: TextQuery, options: { broaden?: boolean } = {}): string {
  const last = query.words.length - 1;
  return query.words
    .map((word, i) => {
      if (!query.prefixLast || i !== last) return `"${word.replaceAll('"', '""')}"`;
      const stem = options.broaden ? [...word].slice(0, fts5PrefixLength).join('') : word;
      return `"${stem.replaceAll('"', '""')}"*`;
    })
    .join(' ');
}

/** to_tsquery text: every word a quoted lexeme, ANDed. */
export function tsQuery(query: TextQuery): string {
  const last = query.words.length - 1;
  return query.words
    .map(
      (word, i) =>
        `'${word.replaceAll('\\', '\\\\').replaceAll("'", "''")}'${query.prefixLast && i === last ? ':*' : ''}`,
    )
    .join(' & ');
}

/** How many of the newest rows PostgreSQL walks before it looks a query up in the GIN index instead. */
const pgRecentRows = 10_000;

export interface TextMatchQueries<Row> {
  /**
   * The newest matches, newest first. SQLite walks the FTS5 index in rowid order (rowids follow
   * insertion) and stops at the LIMIT however many rows match. PostgreSQL tests the account's
   * newest rows one by one, which finds a common word at once.
   */
  newest: RawBuilder<Row>;
  /**
   * PostgreSQL only, when `newest` came back short: every match through the GIN index, then the
   * newest. A GIN index has no order, so a rare word is found this way, and a common one by
   * `newest` — left to itself the planner walks the whole table for a word nobody used.
   */
  all?: RawBuilder<Row>;
}

/**
 * A full-text query over one table that both engines run well. `select` and `where` use `alias`
 * for the table (the caller's account condition goes in `where`); results come newest first.
 */
export function textMatchQueries<Row>(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  input: {
    table: TextIndexedTable;
    alias: string;
    query: TextQuery;
    select: RawBuilder<unknown>;
    where: RawBuilder<boolean>;
    limit: number;
    /**
     * PostgreSQL: this many of the newest matches are enough (default `limit`), so a short
     * answer from the newest rows need not be completed from the index.
     */
    enough?: number;
    /** The caller filters matches itself and accepts a broader last-word prefix (SQLite only). */
    broaden?: boolean;
  },
): TextMatchQueries<Row> {
  const { table, select, where, limit } = input;
  const alias = sql.raw(input.alias);
  const id = sql.ref(`${input.alias}.id`);
  if (engineOf(db) === 'postgres') {
    const matches = sql`${sql.ref(`${input.alias}.search_vector`)} @@ to_tsquery('simple', ${tsQuery(input.query)})`;
    return {
      // Ids are UUIDv7: they sort by creation.
      newest: sql<Row>`select ${select}
        from (select * from ${sql.table(table)} as ${alias} where ${where} order by ${id} desc limit ${pgRecentRows})
          as ${alias}
        where ${matches} order by ${id} desc limit ${limit}`,
      // Materialized, so the planner cannot turn it back into a walk in id order.
      all: sql<Row>`with ${alias} as materialized (select * from ${sql.table(table)} as ${alias}
          where ${matches} and ${where})
        select ${select} from ${alias} order by ${id} desc limit ${limit}`,
    };
  }
  const fts = sql.table(`${table}_fts`);
  return {
    newest: sql<Row>`select ${select}
      from ${fts} join ${sql.table(table)} as ${alias} on ${sql.ref(`${input.alias}.rowid`)} = ${fts}.rowid
      where ${fts} match ${fts5Query(input.query, { broaden: input.broaden === true })} and ${where}
      order by ${fts}.rowid desc limit ${limit}`,
  };
}

/** Runs `textMatchQueries`: the newest matches of one full-text index, newest first. */
export async function findNewestTextMatches<Row>(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema and in transactions
  db: Kysely<any>,
  input: Parameters<typeof textMatchQueries>[1],
): Promise<Row[]> {
  const queries = textMatchQueries<Row>(db, input);
  const { rows } = await queries.newest.execute(db);
  if (!queries.all || rows.length >= Math.min(input.enough ?? input.limit, input.limit)) return rows;
  return (await queries.all.execute(db)).rows;
}
