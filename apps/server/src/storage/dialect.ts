import { type ColumnDataType, type Kysely, PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';

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
