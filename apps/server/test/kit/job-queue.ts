import { sql } from 'kysely';
import { createJobQueue } from '../../src/jobs/create-queue.ts';
import type { JobQueue } from '../../src/jobs/queue.ts';
import type { fixedClock } from '../../src/platform/clock.ts';
import type { Logger } from '../../src/platform/logger.ts';
import type { EngineContext } from './each-engine.ts';

export interface TestJobQueue {
  /** The engine's real durable queue: the job table on SQLite, pg-boss on PostgreSQL. */
  queue: JobQueue;
  /** Moves time forward for waiting jobs (retries, runAt). */
  advance(ms: number): Promise<void>;
  /** pg-boss's schema on PostgreSQL (the test file's own), for tests that look inside. */
  pgBossSchema: string | undefined;
}

/**
 * The queue main.ts would build for this engine. On SQLite it reads the given fixed clock; pg-boss
 * reads the database's clock, so there `advance` moves waiting jobs' due times back instead, which
 * is the same thing seen from the queue. pg-boss installs into the test file's own schema and is
 * dropped with it. Call `queue.stop()` when done.
 */
export async function createTestJobQueue(
  context: EngineContext,
  input: { clock: ReturnType<typeof fixedClock>; logger: Logger },
): Promise<TestJobQueue> {
  if (context.engine === 'sqlite') {
    return {
      queue: createJobQueue({ storage: context.storage, clock: input.clock, logger: input.logger }),
      async advance(ms) {
        input.clock.advance(ms);
      },
      pgBossSchema: undefined,
    };
  }
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(context.db);
  const schema = rows[0]?.schema as string;
  return {
    queue: createJobQueue({ storage: context.storage, clock: input.clock, logger: input.logger, pgBossSchema: schema }),
    async advance(ms) {
      input.clock.advance(ms);
      await sql`update ${sql.id(schema, 'job')} set start_after = start_after - ${`${ms} milliseconds`}::interval
        where state < 'active'`.execute(context.db);
    },
    pgBossSchema: schema,
  };
}
