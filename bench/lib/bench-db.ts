import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectStorage, type Storage } from '../../apps/server/src/storage/connect.ts';
import type { Engine } from '../../apps/server/src/storage/dialect.ts';
import { migrateToLatest } from '../../apps/server/src/storage/migrate.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Accounts the seeder makes; anything else in a database means it holds someone's real data. */
export const benchSlugPrefix = 'bench-';

/** Where one engine's bench database lives. */
export interface BenchTarget {
  engine: Engine;
  /** SQLite: the folder holding rapport.sqlite. */
  dataDir?: string;
  /** PostgreSQL: the server, and the schema holding the bench data (one size at a time). */
  databaseUrl?: string;
  pgSchema?: string;
  describe: string;
}

/**
 * SQLite lives in RAPPORT_DATA_DIR, else bench/data/sqlite-<size> (git-ignored), so sizes can be
 * kept side by side; PostgreSQL in the schema RAPPORT_BENCH_PG_SCHEMA (default `bench`) of the
 * DATABASE_URL database.
 */
export function sqliteTarget(env: NodeJS.ProcessEnv, conversations: number): BenchTarget {
  const dataDir = path.resolve(env.RAPPORT_DATA_DIR ?? path.join(repoRoot, 'bench/data', `sqlite-${conversations}`));
  return { engine: 'sqlite', dataDir, describe: `SQLite ${path.join(dataDir, 'rapport.sqlite')}` };
}

export function postgresTarget(env: NodeJS.ProcessEnv): BenchTarget | undefined {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) return undefined;
  const pgSchema = env.RAPPORT_BENCH_PG_SCHEMA ?? 'bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(pgSchema)) throw new Error('RAPPORT_BENCH_PG_SCHEMA must be a plain lower-case name.');
  const safe = new URL(databaseUrl);
  safe.password = '';
  return {
    engine: 'postgres',
    databaseUrl,
    pgSchema,
    describe: `PostgreSQL ${safe.host}${safe.pathname} (schema ${pgSchema})`,
  };
}

async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Connects (creating the PostgreSQL schema if needed) and brings the schema up to date with the real migrations. */
export async function openBenchStorage(target: BenchTarget, options: { pgPoolSize?: number } = {}): Promise<Storage> {
  if (target.engine === 'postgres') {
    const { databaseUrl, pgSchema } = target as Required<BenchTarget>;
    await withPgClient(databaseUrl, (client) => client.query(`create schema if not exists ${pgSchema}`));
    const storage = connectStorage({
      databaseUrl,
      dataDir: '.',
      pgSchema,
      pgPoolSize: options.pgPoolSize ?? 8,
    });
    await migrateToLatest(storage.db);
    return storage;
  }
  const storage = connectStorage({ dataDir: target.dataDir as string });
  await migrateToLatest(storage.db);
  return storage;
}

export interface BenchContents {
  /** Accounts that are not bench data: never seed into or reset such a database. */
  otherAccounts: number;
  benchAccounts: number;
  /** Conversations of a finished seed (the counters are written last), or null when unfinished or absent. */
  seededConversations: number | null;
}

export async function inspectBenchData(storage: Storage): Promise<BenchContents> {
  const accounts = await storage.db.selectFrom('accounts').select(['account_id', 'slug']).execute();
  const bench = accounts.filter((a) => a.slug.startsWith(benchSlugPrefix));
  if (bench.length === 0) return { otherAccounts: accounts.length, benchAccounts: 0, seededConversations: null };
  const counters = await storage.db
    .selectFrom('account_counters')
    .select(['account_id', 'value'])
    .where('name', '=', 'conversation_number')
    .where(
      'account_id',
      'in',
      bench.map((a) => a.account_id),
    )
    .execute();
  return {
    otherAccounts: accounts.length - bench.length,
    benchAccounts: bench.length,
    seededConversations:
      counters.length === bench.length ? counters.reduce((sum, row) => sum + Number(row.value), 0) : null,
  };
}

/** Throws the bench database away: the SQLite files, or the PostgreSQL schema. Close storage first. */
export async function resetBenchTarget(target: BenchTarget): Promise<void> {
  if (target.engine === 'postgres') {
    const { databaseUrl, pgSchema } = target as Required<BenchTarget>;
    await withPgClient(databaseUrl, async (client) => {
      await client.query(`drop schema if exists ${pgSchema} cascade`);
    });
    return;
  }
  const file = path.join(target.dataDir as string, 'rapport.sqlite');
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) rmSync(file + suffix);
  }
}
