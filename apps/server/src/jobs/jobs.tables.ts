import type { Selectable } from 'kysely';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** The SQLite job table (jobs/sqlite-queue.ts); pg-boss keeps its own tables on PostgreSQL. */
export interface JobTable {
  id: string;
  account_id: string;
  name: string;
  payload: unknown;
  run_at: string;
  /** Runs started so far, the one in progress included. */
  attempt: number;
  retry_limit: number;
  status: JobStatus;
  /** While running: when the claim lapses and another worker may take the job over. */
  locked_until: string | null;
  last_error: string | null;
  dedupe_key: string | null;
  created_at: string;
  finished_at: string | null;
}

export type JobRow = Selectable<JobTable>;
