import type { z } from 'zod';

/**
 * A job: a named unit of background work with a typed payload. Payloads carry ids, not rows;
 * handlers re-read state and are safe to run twice.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  handler(payload: P, context: JobContext): Promise<void>;
  /** How many times a failing job is retried before it is given up (default 5). */
  retryLimit?: number;
  /** First retry delay in seconds; each later retry doubles it (default 10). */
  retryDelaySeconds?: number;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run. */
  attempt: number;
  /** True when this is the last attempt before the job is given up. */
  isLastAttempt: boolean;
}

export interface EnqueueOptions {
  accountId: string;
  /** Run no earlier than this instant (ISO string or Date). */
  runAt?: string | Date;
  /** A second enqueue with the same key, while the first is not finished, is ignored. */
  dedupeKey?: string;
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** One interface over the SQLite job table, pg-boss on PostgreSQL, and memory for unit tests. */
export interface JobQueue {
  // biome-ignore lint/suspicious/noExplicitAny: a registry holds jobs of every payload type
  register(definitions: JobDefinition<any>[]): void;
  enqueue<P>(job: JobDefinition<P>, payload: P, options: EnqueueOptions): Promise<{ jobId: string | null }>;
  /** Starts working jobs in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every job that is due now, until none is left; for tests and the memory driver. */
  drain(): Promise<number>;
}
