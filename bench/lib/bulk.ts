import { randomBytes } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';
import type { Storage } from '../../apps/server/src/storage/connect.ts';

export type Row = readonly (string | number | null)[];

/** Multi-row INSERTs inside large transactions, straight on the driver: the seeder's hot path. */
export interface BulkWriter {
  insert(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void>;
  transaction(work: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function openBulkWriter(storage: Storage): Promise<BulkWriter> {
  if (storage.sqlite) return sqliteWriter(storage.sqlite);
  if (storage.pgPool) return pgWriter(await storage.pgPool.connect());
  throw new Error('Unknown storage');
}

const placeholders = (columns: number, rows: number, at: (i: number) => string) => {
  const groups: string[] = [];
  for (let r = 0; r < rows; r++) {
    const values: string[] = [];
    for (let c = 0; c < columns; c++) values.push(at(r * columns + c + 1));
    groups.push(`(${values.join(',')})`);
  }
  return groups.join(',');
};

function sqliteWriter(sqlite: SQLite.Database): BulkWriter {
  // SQLite allows 32,766 bound values per statement; 500 rows keeps statements cacheable.
  const statements = new Map<string, SQLite.Statement>();
  const statementFor = (table: string, columns: readonly string[], rows: number) => {
    const key = `${table}:${rows}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = sqlite.prepare(
        `insert into ${table} (${columns.join(',')}) values ${placeholders(columns.length, rows, () => '?')}`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  return {
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.min(500, Math.floor(30_000 / columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        statementFor(table, columns, chunk.length).run(chunk.flat());
      }
    },
    async transaction(work) {
      sqlite.exec('begin');
      try {
        await work();
        sqlite.exec('commit');
      } catch (error) {
        sqlite.exec('rollback');
        throw error;
      }
    },
    async close() {},
  };
}

function pgWriter(client: pg.PoolClient): BulkWriter {
  return {
    async insert(table, columns, rows) {
      // PostgreSQL allows 65,535 bound values per statement.
      const per = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length)));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        await client.query(
          `insert into ${table} (${columns.join(',')}) values ${placeholders(columns.length, chunk.length, (n) => `$${n}`)}`,
          chunk.flat(),
        );
      }
    },
    async transaction(work) {
      await client.query('begin');
      try {
        await work();
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    },
    async close() {
      client.release();
    },
  };
}

let pool = '';
let at = 0;
/** A UUIDv7 for a given instant, like the app's ids but cheap enough for millions of rows. */
export function uuidAt(ms: number): string {
  if (at + 19 > pool.length) {
    pool = randomBytes(38_000).toString('hex');
    at = 0;
  }
  const random = pool.slice(at, at + 19);
  at += 19;
  const time = ms.toString(16).padStart(12, '0');
  const variant = '89ab'[Number.parseInt(random[3] ?? '0', 16) & 3];
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(7, 19)}`;
}
