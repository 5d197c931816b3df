import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import type { Logger } from '../platform/logger.ts';
import type { EnqueueOptions, JobDefinition, JobQueue } from './queue.ts';

interface MemoryJob {
  id: string;
  name: string;
  payload: unknown;
  runAt: number;
  attempt: number;
  dedupeKey?: string;
}

/** Jobs in memory: for unit tests only; nothing survives a restart. */
export function createMemoryQueue(deps: { clock: Clock; logger: Logger }): JobQueue {
  const definitions = new Map<string, JobDefinition<unknown>>();
  let jobs: MemoryJob[] = [];

  async function runOne(job: MemoryJob): Promise<void> {
    const definition = definitions.get(job.name);
    if (!definition) throw new Error(`No job named ${job.name} is registered.`);
    const retryLimit = definition.retryLimit ?? 5;
    job.attempt++;
    try {
      await definition.handler(definition.payload.parse(job.payload), {
        jobId: job.id,
        attempt: job.attempt,
        isLastAttempt: job.attempt > retryLimit,
      });
    } catch (error) {
      if (job.attempt <= retryLimit) {
        const delay = (definition.retryDelaySeconds ?? 10) * 2 ** (job.attempt - 1) * 1000;
        jobs.push({ ...job, runAt: deps.clock.now().getTime() + delay });
      } else {
        deps.logger.error({ err: error, job: job.name, jobId: job.id }, 'job gave up');
      }
    }
  }

  return {
    register(list) {
      for (const definition of list as JobDefinition<unknown>[]) definitions.set(definition.name, definition);
    },
    async enqueue<P>(job: JobDefinition<P>, payload: P, options: EnqueueOptions) {
      if (options.dedupeKey && jobs.some((queued) => queued.dedupeKey === options.dedupeKey)) return { jobId: null };
      const id = newId();
      const runAt = options.runAt ? new Date(options.runAt).getTime() : deps.clock.now().getTime();
      jobs.push({
        id,
        name: job.name,
        payload: job.payload.parse(payload),
        runAt,
        attempt: 0,
        ...(options.dedupeKey ? { dedupeKey: options.dedupeKey } : {}),
      });
      return { jobId: id };
    },
    async start() {},
    async stop() {},
    async drain() {
      let ran = 0;
      for (;;) {
        const now = deps.clock.now().getTime();
        const due = jobs.filter((job) => job.runAt <= now);
        if (due.length === 0) return ran;
        jobs = jobs.filter((job) => job.runAt > now);
        for (const job of due) {
          await runOne(job);
          ran++;
        }
      }
    },
  };
}
