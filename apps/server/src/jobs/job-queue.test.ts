import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { buildAccount } from '../../test/kit/build.ts';
import { type EngineContext, eachEngine } from '../../test/kit/each-engine.ts';
import { createTestJobQueue } from '../../test/kit/job-queue.ts';
import { fixedClock } from '../platform/clock.ts';
import { createLogger } from '../platform/logger.ts';
import { defineJob, type JobContext, type JobQueue } from './queue.ts';
import { createSqliteQueue } from './sqlite-queue.ts';

const logger = createLogger('silent');
let jobCount = 0;
/** Tests share a database (and pg-boss's queues), so each one gets job names of its own. */
const jobName = (what: string) => `test.${what}_${++jobCount}`;

/** The same tests for both durable drivers, through the test kit's real-engine queue. */
interface Harness {
  now(): Date;
  newQueue(): Promise<JobQueue>;
  advance(ms: number): Promise<void>;
  statusOf(jobId: string): Promise<{ status: string; error: string | null }>;
}

async function harnessFor(context: EngineContext, opened: JobQueue[]): Promise<Harness> {
  // Starts at the real time, which is what pg-boss's database clock reads.
  const clock = fixedClock(new Date());
  const { advance, pgBossSchema } = await createTestJobQueue(context, { clock, logger });
  const pgStates: Record<string, string> = {
    created: 'queued',
    retry: 'queued',
    active: 'running',
    completed: 'done',
    failed: 'failed',
  };
  return {
    now: () => clock.now(),
    async newQueue() {
      const { queue } = await createTestJobQueue(context, { clock, logger });
      opened.push(queue);
      return queue;
    },
    advance,
    async statusOf(jobId) {
      if (!pgBossSchema) {
        const row = await context.db
          .selectFrom('jobs')
          .select(['status', 'last_error'])
          .where('id', '=', jobId)
          .executeTakeFirstOrThrow();
        return { status: row.status, error: row.last_error };
      }
      const { rows } = await sql<{ state: string; error: string | null }>`
        select state, output->>'message' as error from ${sql.id(pgBossSchema, 'job')} where id = ${jobId}::uuid`.execute(
        context.db,
      );
      const row = rows[0];
      if (!row) throw new Error(`no job ${jobId}`);
      return { status: pgStates[row.state] ?? row.state, error: row.error };
    },
  };
}

eachEngine('durable job queue', (context) => {
  const opened: JobQueue[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.stop()));
  });

  it('runs a job with its validated payload', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    const seen: { payload: unknown; context: JobContext }[] = [];
    const job = defineJob({
      name: jobName('greet'),
      payload: z.object({ greeting: z.string(), times: z.number().int().default(1) }),
      handler: async (payload, jobContext) => {
        seen.push({ payload, context: jobContext });
      },
    });
    const queue = await h.newQueue();
    queue.register([job]);

    const { jobId } = await queue.enqueue(job, { greeting: 'Bonjour', times: 2 }, { accountId: account.id });
    expect(jobId).toEqual(expect.any(String));
    expect(await queue.drain()).toBe(1);
    expect(seen).toEqual([
      { payload: { greeting: 'Bonjour', times: 2 }, context: { jobId, attempt: 1, isLastAttempt: false } },
    ]);
    expect(await h.statusOf(jobId as string)).toEqual({ status: 'done', error: null });
    expect(await queue.drain()).toBe(0);
  });

  it('refuses a payload its schema rejects, and queues nothing', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    const job = defineJob({
      name: jobName('strict'),
      payload: z.object({ conversationId: z.string().min(1) }),
      handler: async () => {},
    });
    const queue = await h.newQueue();
    queue.register([job]);
    await expect(
      queue.enqueue(job, { conversationId: 42 } as unknown as { conversationId: string }, { accountId: account.id }),
    ).rejects.toThrow(/conversationId/);
    expect(await queue.drain()).toBe(0);
  });

  it('does not run a job before its runAt', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    let runs = 0;
    const job = defineJob({
      name: jobName('later'),
      payload: z.object({}),
      handler: async () => {
        runs++;
      },
    });
    const queue = await h.newQueue();
    queue.register([job]);
    const inAnHour = new Date(h.now().getTime() + 60 * 60_000);
    await queue.enqueue(job, {}, { accountId: account.id, runAt: inAnHour });

    expect(await queue.drain()).toBe(0);
    await h.advance(59 * 60_000);
    expect(await queue.drain()).toBe(0);
    expect(runs).toBe(0);
    await h.advance(2 * 60_000);
    expect(await queue.drain()).toBe(1);
    expect(runs).toBe(1);
  });

  it('retries a failing job with growing delays, then gives up and keeps the error', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    const attempts: { attempt: number; isLastAttempt: boolean }[] = [];
    const job = defineJob({
      name: jobName('flaky'),
      payload: z.object({}),
      retryLimit: 2,
      retryDelaySeconds: 60,
      handler: async (_payload, { attempt, isLastAttempt }) => {
        attempts.push({ attempt, isLastAttempt });
        throw new Error(`receiver down (attempt ${attempt})`);
      },
    });
    const queue = await h.newQueue();
    queue.register([job]);
    const { jobId } = await queue.enqueue(job, {}, { accountId: account.id });

    expect(await queue.drain()).toBe(1);
    expect(await h.statusOf(jobId as string)).toMatchObject({ status: 'queued' });
    // First retry after 60 s (pg-boss adds up to the same again as jitter).
    await h.advance(59_000);
    expect(await queue.drain()).toBe(0);
    await h.advance(62_000);
    expect(await queue.drain()).toBe(1);
    // Second retry after twice as long: 120 s.
    await h.advance(119_000);
    expect(await queue.drain()).toBe(0);
    await h.advance(122_000);
    expect(await queue.drain()).toBe(1);

    expect(attempts).toEqual([
      { attempt: 1, isLastAttempt: false },
      { attempt: 2, isLastAttempt: false },
      { attempt: 3, isLastAttempt: true },
    ]);
    const final = await h.statusOf(jobId as string);
    expect(final.status).toBe('failed');
    expect(final.error).toContain('receiver down (attempt 3)');
    await h.advance(24 * 60 * 60_000);
    expect(await queue.drain()).toBe(0);
  });

  it('ignores a second enqueue with the same dedupe key until the first has finished', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    const queue = await h.newQueue();
    const whileRunning: (string | null)[] = [];
    const job = defineJob({
      name: jobName('once'),
      payload: z.object({ n: z.number() }),
      handler: async ({ n }) => {
        // While the job runs, its key is still taken.
        if (n === 1)
          whileRunning.push((await queue.enqueue(job, { n: 9 }, { accountId: account.id, dedupeKey: 'key-a' })).jobId);
      },
    });
    queue.register([job]);

    const first = await queue.enqueue(job, { n: 1 }, { accountId: account.id, dedupeKey: 'key-a' });
    const second = await queue.enqueue(job, { n: 2 }, { accountId: account.id, dedupeKey: 'key-a' });
    const other = await queue.enqueue(job, { n: 3 }, { accountId: account.id, dedupeKey: 'key-b' });
    expect(first.jobId).toEqual(expect.any(String));
    expect(second.jobId).toBeNull();
    expect(other.jobId).toEqual(expect.any(String));
    expect(await queue.drain()).toBe(2);
    expect(whileRunning).toEqual([null]);

    // Finished, the key is free again.
    const again = await queue.enqueue(job, { n: 4 }, { accountId: account.id, dedupeKey: 'key-a' });
    expect(again.jobId).toEqual(expect.any(String));
    expect(await queue.drain()).toBe(1);
  });

  it('keeps an acknowledged job across a restart, and stop() waits for the job in progress', async () => {
    const h = await harnessFor(context, opened);
    const account = await buildAccount(context.db);
    const events: string[] = [];
    let started: () => void = () => {};
    const startedRunning = new Promise<void>((resolve) => {
      started = resolve;
    });
    const job = defineJob({
      name: jobName('durable'),
      payload: z.object({ note: z.string() }),
      handler: async ({ note }) => {
        events.push(`start ${note}`);
        started();
        await sleep(150);
        events.push(`end ${note}`);
      },
    });

    const before = await h.newQueue();
    before.register([job]);
    const { jobId } = await before.enqueue(job, { note: 'survives' }, { accountId: account.id });
    await before.stop();

    const after = await h.newQueue();
    after.register([job]);
    await after.start();
    await startedRunning;
    await after.stop();
    expect(events).toEqual(['start survives', 'end survives']);
    // pg-boss settles the job a moment after our handler returns; wait for it before checking.
    for (let i = 0; i < 20 && (await h.statusOf(jobId as string)).status !== 'done'; i++) await sleep(50);
    expect(await h.statusOf(jobId as string)).toEqual({ status: 'done', error: null });
  });

  it.runIf(context.engine === 'sqlite')(
    'takes over a job whose worker died mid-run once its claim lapses (job table)',
    async () => {
      const clock = fixedClock('2026-11-23T09:00:00.000Z');
      const account = await buildAccount(context.db);
      let release: () => void = () => {};
      const runs: number[] = [];
      const job = defineJob({
        name: jobName('orphaned'),
        payload: z.object({}),
        handler: async (_payload, { attempt }) => {
          runs.push(attempt);
          // The first run hangs, like a worker that crashed in the middle of the job.
          if (attempt === 1) await new Promise<void>((resolve) => (release = resolve));
        },
      });
      const crashed = createSqliteQueue({ db: context.db, clock, logger, lockSeconds: 60 });
      crashed.register([job]);
      const { jobId } = await crashed.enqueue(job, {}, { accountId: account.id });
      const hung = crashed.drain();
      while (runs.length === 0) await sleep(5);

      const survivor = createSqliteQueue({ db: context.db, clock, logger, lockSeconds: 60 });
      survivor.register([job]);
      expect(await survivor.drain()).toBe(0);
      clock.advance(61_000);
      expect(await survivor.drain()).toBe(1);
      expect(runs).toEqual([1, 2]);

      // The crashed worker coming back late must not overwrite what the survivor recorded.
      release();
      await hung;
      const row = await context.db
        .selectFrom('jobs')
        .select(['status', 'attempt'])
        .where('id', '=', jobId as string)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'done', attempt: 2 });
    },
  );
});
