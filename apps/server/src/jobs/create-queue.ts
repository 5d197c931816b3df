import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/logger.ts';
import type { Storage } from '../storage/connect.ts';
import { createPgBossQueue } from './pg-boss-queue.ts';
import type { JobQueue } from './queue.ts';
import { createSqliteQueue } from './sqlite-queue.ts';

/** The durable queue for the engine in use: pg-boss on PostgreSQL, the job table on SQLite. */
export function createJobQueue(input: {
  storage: Pick<Storage, 'db' | 'pgPool'>;
  clock: Clock;
  logger: Logger;
  /** pg-boss's schema (default `pgboss`); tests give each file its own. */
  pgBossSchema?: string;
}): JobQueue {
  const { storage, clock, logger } = input;
  if (storage.pgPool) {
    return createPgBossQueue({
      pool: storage.pgPool,
      logger,
      ...(input.pgBossSchema ? { schema: input.pgBossSchema } : {}),
    });
  }
  return createSqliteQueue({ db: storage.db, clock, logger });
}
