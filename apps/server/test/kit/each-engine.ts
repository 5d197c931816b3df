import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../src/storage/database.ts';
import type { Engine } from '../../src/storage/dialect.ts';
import { createTestStorage, enginesUnderTest, type TestStorage } from './create-test-db.ts';

export interface EngineContext {
  engine: Engine;
  storage: TestStorage;
  db: Kysely<Database>;
}

/**
 * Runs a block of tests once per engine under test, each on a fresh migrated database. Tests in a
 * block share it, so each test builds its own account with the factories in build.ts.
 */
export function eachEngine(name: string, body: (context: EngineContext) => void): void {
  for (const engine of enginesUnderTest()) {
    describe(`${name} [${engine}]`, () => {
      const context = { engine } as EngineContext;
      beforeAll(async () => {
        context.storage = await createTestStorage(engine);
        context.db = context.storage.db;
      });
      afterAll(async () => {
        await context.storage?.drop();
      });
      body(context);
    });
  }
}
