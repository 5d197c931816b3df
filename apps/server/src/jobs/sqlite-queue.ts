import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { Database } from '../storage/database.ts';
import { readJson, writeJson } from '../storage/dialect.ts';
import type { JobRow } from './jobs.tables.ts';
import type { EnqueueOptions, JobDefinition, JobQueue } from './queue.ts';
import {
  createWorkerLoop,
  describeFailure,
  retryDelayMs,
  retrySettingsOf,
  runHandler,
  type WorkerLoop,
} from './worker-loop.ts';

export interface SqliteQueueOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  pollIntervalMs?: number;
  /** How long a claim holds; a job still running after it is presumed lost with its worker. */
  lockSeconds?: number;
  /** Jobs run at the same time, so one slow webhook endpoint does not hold up a survey email. */
  concurrency?: number;
}

/**
 * The durable queue on SQLite: one row per job in the `jobs` table. A job is claimed by one
 * UPDATE (status queued → running, with a lock deadline), so it runs once even if two processes
 * share the file. Queries here are unscoped on purpose: the queue serves every account.
 */
export function createSqliteQueue(options: SqliteQueueOptions): JobQueue {
  const { db, clock, logger } = options;
  const lockMs = (options.lockSeconds ?? 15 * 60) * 1000;
  const definitions = new Map<string, JobDefinition<unknown>>();

  const now = () => clock.now().toISOString();
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();

  /** A job whose claim lapsed was running in a worker that died: run it again, or give it up. */
  async function recoverLapsedClaims(at: string): Promise<void> {
    const lapsed = 'The worker running this job stopped before it finished (its claim lapsed).';
    await db
      .updateTable('jobs')
      .set({ status: 'queued', locked_until: null, run_at: at, last_error: lapsed })
      .where('status', '=', 'running')
      .where('locked_until', '<', at)
      .whereRef('attempt', '<=', 'retry_limit')
      .execute();
    await db
      .updateTable('jobs')
      .set({ status: 'failed', locked_until: null, finished_at: at, last_error: lapsed })
      .where('status', '=', 'running')
      .where('locked_until', '<', at)
      .execute();
  }

  async function claimNext(): Promise<(() => Promise<void>) | undefined> {
    const names = [...definitions.keys()];
    if (names.length === 0) return undefined;
    const at = now();
    await recoverLapsedClaims(at);
    // One statement picks and takes the oldest due job; the status check makes a lost race a no-op.
    const row = await db
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', attempt: eb('attempt', '+', 1), locked_until: later(lockMs) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where('status', '=', 'queued')
          .where('run_at', '<=', at)
          .where('name', 'in', names)
          .orderBy('run_at')
          .orderBy('id')
          .limit(1),
      )
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    return row && (() => runClaimed(row));
  }

  async function runClaimed(row: JobRow): Promise<void> {
    const definition = definitions.get(row.name);
    if (!definition) throw new Error(`No job named ${row.name} is registered.`);
    // Settling checks that the claim is still ours: after a lapse another worker may own the job.
    const ours = () =>
      db
        .updateTable('jobs')
        .where('id', '=', row.id)
        .where('status', '=', 'running')
        .where('attempt', '=', row.attempt);
    try {
      await runHandler(definition, readJson(row.payload, null), {
        jobId: row.id,
        attempt: row.attempt,
        isLastAttempt: row.attempt > row.retry_limit,
      });
      await ours().set({ status: 'done', locked_until: null, finished_at: now() }).execute();
    } catch (error) {
      const lastError = describeFailure(error);
      if (row.attempt <= row.retry_limit) {
        const { retryDelaySeconds } = retrySettingsOf(definition);
        const runAt = later(retryDelayMs(retryDelaySeconds, row.attempt));
        await ours().set({ status: 'queued', locked_until: null, run_at: runAt, last_error: lastError }).execute();
        logger.warn(
          { err: error, job: row.name, jobId: row.id, attempt: row.attempt, runAt },
          'job failed; will retry',
        );
      } else {
        await ours().set({ status: 'failed', locked_until: null, finished_at: now(), last_error: lastError }).execute();
        logger.error({ err: error, job: row.name, jobId: row.id, attempt: row.attempt }, 'job gave up');
      }
    }
  }

  const loop: WorkerLoop = createWorkerLoop({
    claimNext,
    intervalMs: options.pollIntervalMs ?? 500,
    concurrency: options.concurrency ?? 4,
    logger,
  });

  return {
    register(list) {
      for (const definition of list as JobDefinition<unknown>[]) definitions.set(definition.name, definition);
    },
    async enqueue<P>(job: JobDefinition<P>, payload: P, enqueue: EnqueueOptions) {
      const id = newId();
      const at = now();
      const result = await db
        .insertInto('jobs')
        .values({
          id,
          account_id: enqueue.accountId,
          name: job.name,
          payload: writeJson(job.payload.parse(payload)),
          run_at: enqueue.runAt ? new Date(enqueue.runAt).toISOString() : at,
          attempt: 0,
          retry_limit: retrySettingsOf(job).retryLimit,
          status: 'queued',
          locked_until: null,
          last_error: null,
          dedupe_key: enqueue.dedupeKey ?? null,
          created_at: at,
          finished_at: null,
        })
        // The partial unique index on dedupe_key (unfinished jobs only) turns a duplicate into a no-op.
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return { jobId: null };
      loop.nudge();
      return { jobId: id };
    },
    async start() {
      loop.start();
    },
    stop: () => loop.stop(),
    drain: () => loop.drain(),
  };
}
