import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { engineOf } from './dialect.ts';
import { migrations } from './migrations/index.ts';

const provider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  },
};

/** Brings the schema to the newest migration; throws with the failing migration's name. */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works below the typed schema
export async function migrateToLatest(db: Kysely<any>): Promise<{ applied: string[] }> {
  // Kysely looks for its own tables in every schema unless told which one; another schema on the
  // same PostgreSQL database (a second installation, a benchmark) must not be mistaken for ours.
  const schema =
    engineOf(db) === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const name = failed ? ` in migration ${failed.migrationName}` : '';
    throw new Error(`Database migration failed${name}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  // New indexes need statistics before the first query is planned with them (see connect.ts).
  if (applied.length > 0 && engineOf(db) === 'sqlite') await sql`pragma optimize = 0x10002`.execute(db);
  return { applied };
}
