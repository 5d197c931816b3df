import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import type { Engine } from './dialect.ts';

export interface Storage {
  db: Kysely<Database>;
  engine: Engine;
  /** The SQLite handle, for online backups; absent on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** The PostgreSQL pool, for LISTEN/NOTIFY and the job queue; absent on SQLite. */
  pgPool?: pg.Pool;
  /** A description safe to log: never the password. */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Tests use `:memory:` or a schema of their own on PostgreSQL. */
  sqliteFile?: string;
  pgSchema?: string;
  pgPoolSize?: number;
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

export function connectStorage(options: ConnectOptions): Storage {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options);
  return connectSqlite(options);
}

function connectSqlite(options: ConnectOptions): Storage {
  const file = options.sqliteFile ?? path.join(options.dataDir, 'rapport.sqlite');
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL in WAL mode is durable across process crashes; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  // Planner statistics. Without them SQLite rates every index alike and, on a big desk, picks
  // plans that walk a whole account (migration 2026-11-23T1310). `optimize` analyzes only tables
  // whose statistics are missing or stale, sampling 400 rows per index so it stays fast; SQLite
  // recommends it at open and periodically for long-lived connections.
  sqlite.pragma('analysis_limit = 400');
  sqlite.pragma('optimize = 0x10002');
  const optimizer = setInterval(() => {
    try {
      sqlite.pragma('optimize');
    } catch {
      // Busy or closing: the next hour will do.
    }
  }, 60 * 60_000);
  optimizer.unref();
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    describe: `SQLite ${file === ':memory:' ? '(in memory)' : path.resolve(file)}`,
    close: async () => {
      clearInterval(optimizer);
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every statement anew, and compiling the same SQL again cost about a tenth of a
 * request under load (bench/results). Statements are reused by their text, the least recently used
 * dropped beyond 500. Safe because Kysely runs one statement at a time on the connection and holds
 * it while a result streams; a schema change makes SQLite recompile a statement by itself.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else {
        statement = sqlite.prepare(sql);
        const oldest = statements.size >= size ? statements.keys().next().value : undefined;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

function connectPostgres(url: string, options: ConnectOptions): Storage {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.pgPoolSize ?? 10,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
        if (oid === INT8_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    engine: 'postgres',
    pgPool: pool,
    describe: `PostgreSQL ${safe.host}${safe.pathname}${options.pgSchema ? ` (schema ${options.pgSchema})` : ''}`,
    close: () => db.destroy(),
  };
}
