import type pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from '../platform/logger.ts';
import type { EnqueueOptions, JobDefinition, JobQueue } from './queue.ts';
import { createWorkerLoop, describeFailure, retrySettingsOf, runHandler, type WorkerLoop } from './worker-loop.ts';

export interface PgBossQueueOptions {
  pool: pg.Pool;
  logger: Logger;
  /** pg-boss keeps its tables in a schema of its own; tests pass their per-file schema. */
  schema?: string;
  pollIntervalMs?: number;
  concurrency?: number;
}

/** What a job carries in pg-boss: the account travels with the payload for logs and sweeps. */
interface Envelope {
  accountId: string;
  payload: unknown;
}

/**
 * The durable queue on PostgreSQL, on pg-boss 10. pg-boss owns storage, retries with backoff
 * (`retryDelay * 2^n` plus jitter, measured on the database clock) and expiry: a job active longer
 * than its expiry (15 minutes) is failed by pg-boss's maintenance and so retried, which is how a
 * crashed worker's job comes back. Polling is ours (fetch → run → complete/fail, awaited), so
 * stop() waits for the jobs in progress and drain() works the same as on SQLite.
 */
export function createPgBossQueue(options: PgBossQueueOptions): JobQueue {
  const { logger } = options;
  const schema = options.schema ?? 'pgboss';
  const definitions = new Map<string, JobDefinition<unknown>>();
  const boss = new PgBoss({
    // Our pool, so pg-boss shares its connections; its own SQL names its schema, not search_path.
    db: { executeSql: (text, values) => options.pool.query(text, values) },
    schema,
    // Recurring jobs are ours to schedule; the cron clock is not needed.
    schedule: false,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'pg-boss reported an error'));

  let ready: Promise<void> | undefined;
  const queues = new Map<string, Promise<void>>();

  function ensureStarted(): Promise<void> {
    ready ??= boss.start().then(() => undefined);
    return ready;
  }

  function ensureQueue(name: string): Promise<void> {
    let created = queues.get(name);
    if (!created) {
      // 'short': at most one *waiting* job per singleton key. Creating an existing queue is a no-op.
      created = ensureStarted().then(() => boss.createQueue(name, { name, policy: 'short' }));
      queues.set(name, created);
    }
    return created;
  }

  /**
   * pg-boss's 'short' policy refuses a second waiting job with the same key, but accepts one while
   * the first is running or waiting to retry; this check covers those, so a key is taken for as
   * long as its job is unfinished, as on SQLite.
   */
  async function hasUnfinished(name: string, key: string): Promise<boolean> {
    const { rows } = await options.pool.query(
      `select 1 from ${schema}.job where name = $1 and singleton_key = $2 and state < 'completed' limit 1`,
      [name, key],
    );
    return rows.length > 0;
  }

  let nextQueue = 0;
  async function claimNext(): Promise<(() => Promise<void>) | undefined> {
    const names = [...definitions.keys()];
    // Round robin over the queues, so one busy queue does not starve the others.
    for (let i = 0; i < names.length; i++) {
      const name = names[(nextQueue + i) % names.length] as string;
      await ensureQueue(name);
      const [job] = await boss.fetch<Envelope>(name, { batchSize: 1, includeMetadata: true });
      if (job) {
        nextQueue = (nextQueue + i + 1) % names.length;
        return () => runFetched(job);
      }
    }
    return undefined;
  }

  async function runFetched(job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const definition = definitions.get(job.name);
    if (!definition) throw new Error(`No job named ${job.name} is registered.`);
    const attempt = job.retryCount + 1;
    try {
      await runHandler(definition, job.data.payload, {
        jobId: job.id,
        attempt,
        isLastAttempt: job.retryCount >= job.retryLimit,
      });
      await boss.complete(job.name, job.id);
    } catch (error) {
      await boss.fail(job.name, job.id, { message: describeFailure(error) });
      const willRetry = job.retryCount < job.retryLimit;
      logger[willRetry ? 'warn' : 'error'](
        { err: error, job: job.name, jobId: job.id, attempt },
        willRetry ? 'job failed; will retry' : 'job gave up',
      );
    }
  }

  const loop: WorkerLoop = createWorkerLoop({
    claimNext,
    intervalMs: options.pollIntervalMs ?? 1000,
    concurrency: options.concurrency ?? 4,
    logger,
  });

  return {
    register(list) {
      for (const definition of list as JobDefinition<unknown>[]) definitions.set(definition.name, definition);
    },
    async enqueue<P>(job: JobDefinition<P>, payload: P, enqueue: EnqueueOptions) {
      const data: Envelope = { accountId: enqueue.accountId, payload: job.payload.parse(payload) };
      await ensureQueue(job.name);
      if (enqueue.dedupeKey && (await hasUnfinished(job.name, enqueue.dedupeKey))) return { jobId: null };
      const { retryLimit, retryDelaySeconds } = retrySettingsOf(job);
      const jobId = await boss.send(job.name, data, {
        retryLimit,
        retryDelay: retryDelaySeconds,
        retryBackoff: true,
        ...(enqueue.runAt ? { startAfter: new Date(enqueue.runAt) } : {}),
        ...(enqueue.dedupeKey ? { singletonKey: enqueue.dedupeKey } : {}),
      });
      if (jobId) loop.nudge();
      return { jobId };
    },
    async start() {
      await ensureStarted();
      loop.start();
    },
    async stop() {
      await loop.stop();
      if (!ready) return;
      await ready.catch(() => undefined);
      // No pg-boss workers run (the loop is ours), so this only ends its maintenance timers.
      await boss.stop({ graceful: true, wait: true, close: false });
    },
    drain: () => loop.drain(),
  };
}
