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

export type TextIndexedTable = 'messages' | 'conversations' | 'customers' | 'customer_identities';

/**
 * What each full-text index covers (migration 2026-11-23T1200_create-search): on SQLite an FTS5
 * table named `<table>_fts` sharing the row's rowid; on PostgreSQL a GIN index over this very
 * expression, which is only used when a query repeats it word for word.
 */
const textDocuments: Record<
  TextIndexedTable,
  { column: string; pg: (ref: RawBuilder<unknown>) => RawBuilder<unknown> }
> = {
  messages: { column: 'body', pg: (ref) => sql`to_tsvector('simple', ${ref})` },
  conversations: { column: 'subject', pg: (ref) => sql`to_tsvector('simple', ${ref})` },
  customers: { column: 'name', pg: (ref) => sql`to_tsvector('simple', ${ref})` },
  customer_identities: {
    column: 'value',
    pg: (ref) => sql`to_tsvector('simple', translate(${ref}, '@.+-_', '     '))`,
  },
};

/** FTS5 query text: every word a quoted string (never an operator), implicitly ANDed. */
export function fts5Query(query: TextQuery): string {
  const last = query.words.length - 1;
  return query.words
    .map((word, i) => `"${word.replaceAll('"', '""')}"${query.prefixLast && i === last ? '*' : ''}`)
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

export interface TextSearch {
  /** The FROM clause: the table under its alias, joined to its FTS5 index on SQLite. */
  from: RawBuilder<unknown>;
  matches: RawBuilder<boolean>;
  /**
   * ORDER BY for `relevance` (best match first: bm25 / ts_rank) or `recency` (newest row first).
   * Ranking needs every match scored, which is slow for a short prefix over a big index; recency
   * lets SQLite walk the index newest-first and stop at the LIMIT (rowids follow insertion order).
   */
  orderBy: RawBuilder<unknown>;
}

/**
 * The pieces of a full-text query over one table, so a repository writes a single query for both
 * engines: `select … from ${from} where ${matches} and alias.account_id = … order by ${orderBy}`.
 */
export function textSearch(
  // biome-ignore lint/suspicious/noExplicitAny: works on any schema
  db: Kysely<any>,
  input: { table: TextIndexedTable; alias: string; query: TextQuery; order: 'relevance' | 'recency' },
): TextSearch {
  const { table, alias } = input;
  const document = textDocuments[table];
  if (engineOf(db) === 'postgres') {
    const vector = document.pg(sql.ref(`${alias}.${document.column}`));
    const query = sql`to_tsquery('simple', ${tsQuery(input.query)})`;
    return {
      from: sql`${sql.table(table)} as ${sql.raw(alias)}`,
      matches: sql<boolean>`${vector} @@ ${query}`,
      orderBy:
        input.order === 'relevance'
          ? sql`ts_rank(${vector}, ${query}) desc, ${sql.ref(`${alias}.id`)} desc`
          : sql`${sql.ref(`${alias}.id`)} desc`,
    };
  }
  const fts = sql.table(`${table}_fts`);
  return {
    from: sql`${fts} join ${sql.table(table)} as ${sql.raw(alias)} on ${sql.ref(`${alias}.rowid`)} = ${fts}.rowid`,
    matches: sql<boolean>`${fts} match ${fts5Query(input.query)}`,
    orderBy: input.order === 'relevance' ? sql`${fts}.rank` : sql`${fts}.rowid desc`,
  };
}
