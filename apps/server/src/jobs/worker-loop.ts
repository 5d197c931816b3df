import type { Logger } from '../platform/logger.ts';
import type { JobContext, JobDefinition } from './queue.ts';

const DEFAULT_RETRY_LIMIT = 5;
const DEFAULT_RETRY_DELAY_SECONDS = 10;

/** A definition's retry settings with the defaults documented on JobDefinition. */
export function retrySettingsOf(definition: Pick<JobDefinition, 'retryLimit' | 'retryDelaySeconds'>): {
  retryLimit: number;
  retryDelaySeconds: number;
} {
  return {
    retryLimit: definition.retryLimit ?? DEFAULT_RETRY_LIMIT,
    retryDelaySeconds: definition.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS,
  };
}

/** Exponential backoff: the first retry waits retryDelaySeconds, each later one twice as long. */
export function retryDelayMs(retryDelaySeconds: number, failedAttempt: number): number {
  return retryDelaySeconds * 2 ** (failedAttempt - 1) * 1000;
}

/** Validates the stored payload against the job's schema (it may predate a schema change), then runs it. */
export async function runHandler(definition: JobDefinition<unknown>, payload: unknown, context: JobContext) {
  await definition.handler(definition.payload.parse(payload), context);
}

/** What is kept of a failure: enough to act on, never a whole payload. */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

export interface WorkerLoop {
  start(): void;
  /** Looks for work now instead of at the next tick, e.g. right after a local enqueue. */
  nudge(): void;
  /** Stops polling and waits for the jobs in progress. */
  stop(): Promise<void>;
  /** Claims and runs due jobs one after another until none is due. */
  drain(): Promise<number>;
}

/**
 * The polling loop shared by the durable drivers. A driver supplies `claimNext`, which atomically
 * takes one due job and returns how to run it (the run settles the job: done, retry or failed).
 */
export function createWorkerLoop(input: {
  claimNext(): Promise<(() => Promise<void>) | undefined>;
  intervalMs: number;
  concurrency: number;
  logger: Logger;
}): WorkerLoop {
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> | undefined;
  let polling = false;
  const inFlight = new Set<Promise<void>>();

  async function fill(): Promise<void> {
    while (polling && inFlight.size < input.concurrency) {
      const run = await input.claimNext();
      if (!run) return;
      const running: Promise<void> = run()
        .catch((error: unknown) => input.logger.error({ err: error }, 'job runner failed'))
        .finally(() => {
          inFlight.delete(running);
          // A slot is free: look for more work without waiting for the next tick.
          poll();
        });
      inFlight.add(running);
    }
  }

  function poll(): void {
    if (!polling) return;
    filling ??= fill()
      .catch((error: unknown) => input.logger.error({ err: error }, 'job polling failed'))
      .finally(() => {
        filling = undefined;
      });
  }

  return {
    start() {
      polling = true;
      timer ??= setInterval(poll, input.intervalMs);
      // The loop alone must not keep the process alive; the HTTP server or the CLI does.
      timer.unref();
      poll();
    },
    nudge: poll,
    async stop() {
      polling = false;
      if (timer) clearInterval(timer);
      timer = undefined;
      await filling;
      await Promise.allSettled([...inFlight]);
    },
    async drain() {
      let ran = 0;
      for (;;) {
        const run = await input.claimNext();
        if (!run) return ran;
        await run();
        ran++;
      }
    },
  };
}
