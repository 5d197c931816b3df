import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { createMemoryQueue } from '../../src/jobs/memory-queue.ts';
import { analyticsListener } from '../../src/modules/analytics/analytics.listeners.ts';
import { analyticsJobs } from '../../src/modules/analytics/analytics.service.ts';
import { attachmentsJobs } from '../../src/modules/attachments/attachments.service.ts';
import { type BlobStore, diskBlobStore } from '../../src/modules/attachments/blob-store.ts';
import { commitmentsListener } from '../../src/modules/commitments/commitments.listeners.ts';
import { commitmentJobs } from '../../src/modules/commitments/commitments.service.ts';
import { handoffJobs } from '../../src/modules/conversations/handoffs.service.ts';
import { exceptionsListener } from '../../src/modules/exceptions/exceptions.listeners.ts';
import { notificationsListener } from '../../src/modules/notifications/notifications.listeners.ts';
import { quotesListener } from '../../src/modules/quotes/quotes.listeners.ts';
import { quotesJobs } from '../../src/modules/quotes/quotes.service.ts';
import { surveysListener } from '../../src/modules/surveys/surveys.listeners.ts';
import { surveyJobs } from '../../src/modules/surveys/surveys.service.ts';
import { type Clock, systemClock } from '../../src/platform/clock.ts';
import { createEventDispatcher } from '../../src/platform/events/dispatcher.ts';
import { createLocalEventBus } from '../../src/platform/events/event-bus.ts';
import type { DomainEvent } from '../../src/platform/events/events.ts';
import { createLogger, type Logger } from '../../src/platform/logger.ts';
import { argon2Hasher } from '../../src/platform/passwords.ts';
import type { Database } from '../../src/storage/database.ts';
import type { Engine } from '../../src/storage/dialect.ts';
import { type AppDeps, buildApp } from '../../src/transport/http/build-app.ts';

/** Log lines written by the app under test, so tests can check what reaches the log. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

export const testPublicUrl = 'http://rapport.example.test';
export const testFollowThrough = {
  reminderMinutes: [120, 15],
  surveys: { secret: 'test-survey-secret-of-at-least-32-characters', validDays: 14 },
};

/**
 * The event machinery of a test: an in-process bus, jobs in memory (run them with `jobs.drain()`),
 * and the outbox dispatcher with the real durable listeners (run it with `dispatchPending()`).
 */
export function buildTestMachinery(
  context: { db: Kysely<Database> },
  options: { clock?: Clock; logger?: Logger } = {},
) {
  const logger = options.logger ?? createLogger('silent');
  const clock = options.clock ?? systemClock;
  const bus = createLocalEventBus(logger);
  const jobs = createMemoryQueue({ clock, logger });
  const published: DomainEvent[] = [];
  // Each test app keeps its files in a folder of its own under the system's temp dir.
  const blobsRoot = mkdtempSync(path.join(tmpdir(), 'rapport-test-attachments-'));
  const blobs = diskBlobStore(blobsRoot);
  const events = {
    async publish(list: DomainEvent[]) {
      published.push(...list);
      await bus.publish(list);
    },
    subscribe: bus.subscribe,
  };
  const dispatcher = createEventDispatcher({
    db: context.db,
    clock,
    logger,
    listeners: [
      notificationsListener({ db: context.db }),
      quotesListener({ db: context.db, events }),
      analyticsListener({ db: context.db, clock, jobs }),
      commitmentsListener({ db: context.db, jobs, clock, reminderMinutes: testFollowThrough.reminderMinutes }),
      surveysListener({ db: context.db, jobs }),
      exceptionsListener({ db: context.db }),
    ],
  });
  jobs.register(handoffJobs({ db: context.db, clock, events }));
  jobs.register(quotesJobs({ db: context.db, clock, events }));
  jobs.register(commitmentJobs({ db: context.db, clock, events }));
  jobs.register(
    surveyJobs({ db: context.db, clock, events, jobs, publicUrl: testPublicUrl, surveys: testFollowThrough.surveys }),
  );
  jobs.register(attachmentsJobs({ db: context.db, blobs }));
  jobs.register(analyticsJobs({ db: context.db }));
  return { bus, jobs, dispatcher, events, published, clock, logger, blobs: blobs as BlobStore, blobsRoot };
}

export type TestApp = Awaited<ReturnType<typeof buildApp>> & { machinery: ReturnType<typeof buildTestMachinery> };

export async function buildTestApp(
  context: { db: Kysely<Database>; engine: Engine },
  overrides: Partial<AppDeps> & { clock?: Clock } = {},
): Promise<TestApp> {
  const machinery = buildTestMachinery(context, {
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(overrides.logger ? { logger: overrides.logger } : {}),
  });
  const app = await buildApp({
    events: machinery.events,
    jobs: machinery.jobs,
    attachments: { blobs: machinery.blobs, maxBytes: 2 * 1024 * 1024 },
    db: context.db,
    engine: context.engine,
    clock: systemClock,
    passwords: argon2Hasher,
    logger: createLogger('silent'),
    version: '0.0.0-test',
    publicUrl: testPublicUrl,
    followThrough: testFollowThrough,
    sessionIdleDays: 14,
    loginAttemptsPerMinute: 10,
    trustProxy: false,
    webDistDir: undefined,
    ...overrides,
  });
  return Object.assign(app, { machinery });
}
