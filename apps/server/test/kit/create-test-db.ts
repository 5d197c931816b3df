import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectStorage, type Storage } from '../../src/storage/connect.ts';
import type { Engine } from '../../src/storage/dialect.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';

export interface TestStorage extends Storage {
  /** Closes and throws the database away (drops the PostgreSQL schema). */
  drop(): Promise<void>;
}

/** The engines this run covers: SQLite always, PostgreSQL when DATABASE_URL names one. */
export function enginesUnderTest(): Engine[] {
  return process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set; PostgreSQL tests need it (e.g. postgres://postgres@127.0.0.1:5432/test).',
    );
  return url;
}

/** A schema of its own, so test files run side by side on one PostgreSQL database. */
export async function createPgSchema(): Promise<{ schema: string; dropSchema(): Promise<void> }> {
  const schema = `rapport_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return {
    schema,
    async dropSchema() {
      const client = new pg.Client({ connectionString: testDatabaseUrl() });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** A migrated, empty database built by the real migrator. */
export async function createTestStorage(engine: Engine): Promise<TestStorage> {
  if (engine === 'sqlite') {
    const storage = connectStorage({ dataDir: '.', sqliteFile: ':memory:' });
    await migrateToLatest(storage.db);
    return { ...storage, drop: () => storage.close() };
  }
  const { schema, dropSchema } = await createPgSchema();
  const storage = connectStorage({ databaseUrl: testDatabaseUrl(), dataDir: '.', pgSchema: schema, pgPoolSize: 5 });
  await migrateToLatest(storage.db);
  return {
    ...storage,
    async drop() {
      await storage.close();
      await dropSchema();
    },
  };
}
