import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    describe: `SQLite ${file === ':memory:' ? '(in memory)' : path.resolve(file)}`,
    close: () => db.destroy(),
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
